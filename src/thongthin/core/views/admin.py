"""The locality's administration on the web (/staff/admin/): its profile and LINE account, staff
and invitations, API keys, and every module's reference data through one generic list and form
(:class:`~thongthin.core.modules.AdminSection`); a platform admin's localities and onboarding.

Every page answers "not found" to anyone without ``core.administer`` in the acting locality, so
a locality admin never reaches another locality's administration."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import modules
from ..errors import DomainError, NotFound, PermissionDenied
from ..http import client_ip
from ..models import ApiKey, Invitation, Locality, User
from ..module import ADMINISTER
from ..services.accounts import apikey_create, apikey_revoke, locality_update
from ..services.line import line_bot_info, line_quota
from ..services.reference import reference_save
from ..services.staff import (
    IMPORT_HEADER,
    StaffIn,
    invitation_accept,
    invitation_open,
    locality_onboard,
    staff_import,
    staff_invite,
    staff_of,
    staff_password_reset,
    staff_set_active,
    staff_update,
)
from .admin_forms import (
    ApiKeyForm,
    LineForm,
    LocalityCreateForm,
    LocalityProfileForm,
    StaffEditForm,
    StaffImportForm,
    StaffInviteForm,
    WelcomeForm,
)
from .errors import not_found_as_404
from .staff import acting_locality_for


def _admin_locality(request) -> Locality:
    """The locality administered. A platform admin's forms say which locality they were
    opened for: a form sent after another tab switched locality changes nothing."""
    locality = acting_locality_for(request, ADMINISTER)
    if (
        request.method == "POST"
        and request.user.is_platform_admin
        and request.POST.get("locality") != locality.slug
    ):
        raise PermissionDenied(
            _("This page was opened for another locality. Open it again and repeat."),
            code="locality_changed",
        )
    return locality


def _fail(form, exc: DomainError, field: str | None = None) -> int:
    """Put a domain error on the form (next to ``field`` when it names one) and give the
    status to answer with."""
    if isinstance(exc, NotFound):
        raise exc
    form.add_error(field if field in form.fields else None, exc.message)
    return exc.http_status


@login_required
@not_found_as_404
def admin_home(request):
    if request.user.is_platform_admin and not (
        request.GET.get("locality") or request.session.get("acting_locality")
    ):
        return redirect("staff:admin-localities")
    locality = _admin_locality(request)
    sections = [
        (module, section, reverse("staff:admin-list", args=[module.name, section.code]))
        for module, section in modules.admin_sections(locality)
    ]
    checklist = [
        (
            item,
            done,
            reverse(f"staff:{item.url_name}", kwargs=dict(item.kwargs)) if item.url_name else "",
        )
        for _m, item, done in modules.readiness(locality)
    ]
    return render(
        request,
        "thongthin/staff/admin/home.html",
        {
            "locality": locality,
            "sections": sections,
            "checklist": checklist,
            "ready": all(done for _i, done, _u in checklist),
        },
    )


# -- the locality's profile and LINE account ------------------------------------------------


def _profile_initial(locality: Locality) -> dict:
    """The profile form's fields as the locality has them (the form's own field names)."""
    values = {
        name: getattr(locality, name)
        for name in LocalityProfileForm.base_fields
        if name not in ("boundary", "boundary_file", "subdistricts")
    }
    return {
        **values,
        "boundary": json.dumps(locality.boundary, ensure_ascii=False) if locality.boundary else "",
        "subdistricts": list(locality.subdistricts.values_list("pk", flat=True)),
    }


# Where a refusal of locality_update belongs on the forms.
LOCALITY_ERROR_FIELDS = {
    "centre_outside_boundary": "boundary",
    "boundary_invalid": "boundary",
    "location_outside_thailand": "center_lat",
    "subdistrict_province": "subdistricts",
    "unknown_module": "modules_enabled",
}


def _locality_save(request, locality: Locality, form) -> tuple[bool, int]:
    """Save a valid profile or LINE form; (saved, status), a refusal put next to its field."""
    try:
        locality_update(
            locality=locality, actor=request.user, ip=client_ip(request), **form.cleaned_data
        )
    except DomainError as exc:
        field = LOCALITY_ERROR_FIELDS.get(exc.code, exc.code.removesuffix("_required"))
        return False, _fail(form, exc, field)
    return True, 200


@login_required
@not_found_as_404
def profile(request):
    locality = _admin_locality(request)
    status, saved = 200, False
    if request.method == "POST":
        form = LocalityProfileForm(request.POST, request.FILES, province=locality.province)
        if form.is_valid():
            saved, status = _locality_save(request, locality, form)
        else:
            status = 422
    else:
        form = LocalityProfileForm(initial=_profile_initial(locality), province=locality.province)
    return render(
        request,
        "thongthin/staff/admin/profile.html",
        {"locality": locality, "form": form, "saved": saved},
        status=status,
    )


@login_required
@not_found_as_404
def line(request):
    locality = _admin_locality(request)
    status, saved, check = 200, False, None
    form = LineForm(initial={"line_channel_id": locality.line_channel_id})
    if request.method == "POST" and request.POST.get("check"):
        check = line_bot_info(locality=locality)
    elif request.method == "POST":
        form = LineForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data["line_channel_access_token"]
            # A new token is saved only once LINE has accepted it.
            check = line_bot_info(token=token) if token else None
            if check is not None and not check.ok:
                form.add_error("line_channel_access_token", check.text)
                status, check = 422, None
            else:
                saved, status = _locality_save(request, locality, form)
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/line.html",
        {
            "locality": locality,
            "form": form,
            "saved": saved,
            "check": check,
            "webhook_url": f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/line/webhook/{locality.slug}/",
            "has_secret": bool(locality.line_channel_secret),
            "has_token": bool(locality.line_channel_access_token),
            "quota": line_quota(locality=locality) if locality.has_line else None,
        },
        status=status,
    )


# -- staff ------------------------------------------------------------------------------------


@login_required
@not_found_as_404
def staff_list(request):
    locality = _admin_locality(request)
    people = (
        User.objects.filter(locality=locality)
        .select_related("department")
        .order_by("-is_active", "first_name", "username")
    )
    pending = set(
        Invitation.objects.filter(
            user__locality=locality,
            used_at__isnull=True,
            user__password__startswith="!",  # noqa: S106 - Django's mark of "no password yet"
        ).values_list("user_id", flat=True)
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "thongthin/staff/admin/staff_list.html",
        {"locality": locality, "page": page, "pending": pending},
    )


def _person(data: dict) -> StaffIn:
    return StaffIn(
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        role=data["role"],
        division=data.get("division", ""),
    )


@login_required
@not_found_as_404
def staff_new(request):
    locality = _admin_locality(request)
    status, link, invited = 200, "", None
    form = StaffInviteForm(request.POST or None, locality=locality)
    if request.method == "POST":
        if form.is_valid():
            try:
                invited, url = staff_invite(
                    locality=locality,
                    actor=request.user,
                    person=_person(form.cleaned_data),
                    channel=form.cleaned_data["channel"],
                    ip=client_ip(request),
                )
                link = url if form.cleaned_data["channel"] == "link" else ""
                form = StaffInviteForm(locality=locality)
            except DomainError as exc:
                status = _fail(form, exc, exc.code.split("_")[0])
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/staff_new.html",
        {"locality": locality, "form": form, "invited": invited, "link": link},
        status=status,
    )


def _staff_initial(person: User) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "role": person.role,
        "division": person.department.code if person.department else "",
    }


@login_required
@not_found_as_404
def staff_edit(request, pk: int):
    locality = _admin_locality(request)
    person = staff_of(actor=request.user, locality=locality, pk=pk)
    status, saved, link = 200, False, ""
    initial = _staff_initial(person)
    form = StaffEditForm(initial=initial, locality=locality)
    if request.method == "POST":
        form = StaffEditForm(request.POST, locality=locality)
        if form.is_valid():
            try:
                staff_update(
                    locality=locality,
                    actor=request.user,
                    user=person,
                    ip=client_ip(request),
                    **{k: form.cleaned_data.get(k, "") for k in initial},
                )
                saved = True
            except DomainError as exc:
                status = _fail(form, exc, exc.code.split("_")[0])
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/staff_edit.html",
        {"locality": locality, "person": person, "form": form, "saved": saved, "link": link},
        status=status,
    )


@login_required
@not_found_as_404
@require_POST
def staff_action(request, pk: int, what: str):
    locality = _admin_locality(request)
    person = staff_of(actor=request.user, locality=locality, pk=pk)
    link, error = "", ""
    try:
        if what in ("deactivate", "activate"):
            staff_set_active(
                locality=locality,
                actor=request.user,
                user=person,
                active=what == "activate",
                ip=client_ip(request),
            )
        elif what == "reset":
            channel = request.POST.get("channel", "email")
            url = staff_password_reset(
                locality=locality,
                actor=request.user,
                user=person,
                channel=channel,
                ip=client_ip(request),
            )
            link = url if channel == "link" else ""
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        error = exc.message
    person.refresh_from_db()
    form = StaffEditForm(initial=_staff_initial(person), locality=locality)
    return render(
        request,
        "thongthin/staff/admin/staff_edit.html",
        {
            "locality": locality,
            "person": person,
            "form": form,
            "done": what if not error else "",
            "link": link,
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@not_found_as_404
def staff_import_page(request):
    locality = _admin_locality(request)
    status, report = 200, None
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 1024 * 1024:
                form.add_error("file", _("The file is larger than 1 MB."))
                status = 413
            else:
                try:
                    report = staff_import(
                        locality=locality,
                        actor=request.user,
                        data=upload.read(),
                        channel=form.cleaned_data["channel"],
                        ip=client_ip(request),
                    )
                except DomainError as exc:
                    status = _fail(form, exc, "file")
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/staff_import.html",
        {"locality": locality, "form": form, "report": report, "header": ",".join(IMPORT_HEADER)},
        status=status,
    )


def welcome(request, token: str):
    """Where an invitation or reset link lands: set a password (no login needed)."""
    status, error = 200, ""
    try:
        invitation = invitation_open(token)
    except DomainError as exc:
        return render(
            request,
            "thongthin/staff/admin/welcome.html",
            {"error": exc.message, "code": exc.code},
            status=410,
        )
    form = WelcomeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation_accept(
                    token=token, password=form.cleaned_data["password"], ip=client_ip(request)
                )
                return redirect(f"{reverse('staff:login')}?welcome=1")
            except DomainError as exc:
                status = _fail(form, exc, "password")
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/welcome.html",
        {"form": form, "person": invitation.user, "error": error},
        status=status,
    )


# -- API keys ---------------------------------------------------------------------------------


@login_required
@not_found_as_404
def keys(request):
    locality = _admin_locality(request)
    status, secret = 200, ""
    form = ApiKeyForm(request.POST or None, locality=locality)
    if request.method == "POST":
        if form.is_valid():
            try:
                _key, secret = apikey_create(
                    locality=locality,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    actor=request.user,
                    ip=client_ip(request),
                )
                form = ApiKeyForm(locality=locality)
            except DomainError as exc:
                status = _fail(form, exc, "scopes" if exc.code == "scopes_invalid" else "name")
        else:
            status = 422
    labels = {c.code: c.label for c in modules.capabilities()}
    rows = [
        (key, [labels.get(s, s) for s in key.scopes] if key.scopes is not None else None)
        for key in ApiKey.objects.for_locality(locality).order_by("-created_at")
    ]
    return render(
        request,
        "thongthin/staff/admin/keys.html",
        {"locality": locality, "form": form, "rows": rows, "secret": secret},
        status=status,
    )


@login_required
@not_found_as_404
@require_POST
def key_revoke(request, pk: int):
    locality = _admin_locality(request)
    apikey_revoke(locality=locality, actor=request.user, pk=pk, ip=client_ip(request))
    return redirect("staff:admin-keys")


# -- every module's reference data ------------------------------------------------------------


def _section(request, module: str, code: str):
    locality = _admin_locality(request)
    section = modules.admin_section(module, code)
    if section is None or not modules.enabled_in(locality, module):
        raise NotFound()
    from ..access import has_capability

    if not has_capability(request.user, locality, section.capability):
        raise NotFound()
    return locality, section, modules.resolve(section.form)


@login_required
@not_found_as_404
def reference_list(request, module: str, code: str):
    locality, section, form_class = _section(request, module, code)
    model = form_class._meta.model
    rows = model.objects.for_locality(locality)
    rows = rows if rows.ordered else rows.order_by("pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    headers = [
        form_class.base_fields[c].label if c in form_class.base_fields else c
        for c in section.columns
    ]
    return render(
        request,
        "thongthin/staff/admin/reference_list.html",
        {
            "locality": locality,
            "module": modules.get_module(module),
            "section": section,
            "headers": headers,
            "page": page,
        },
    )


@login_required
@not_found_as_404
def reference_edit(request, module: str, code: str, pk: int | None = None):
    locality, section, form_class = _section(request, module, code)
    model = form_class._meta.model
    instance = None
    if pk is not None:
        instance = model.objects.for_locality(locality).filter(pk=pk).first()
        if instance is None:
            raise NotFound()
    status, saved = 200, False
    form = form_class(request.POST or None, instance=instance, locality=locality)
    if request.method == "POST":
        if form.is_valid():
            try:
                instance = reference_save(
                    locality=locality,
                    actor=request.user,
                    section=f"{module}.{code}",
                    form=form,
                    ip=client_ip(request),
                )
                if pk is None:
                    return redirect("staff:admin-list", module, code)
                saved = True
            except DomainError as exc:
                status = _fail(form, exc)
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/reference_edit.html",
        {
            "locality": locality,
            "module": modules.get_module(module),
            "section": section,
            "form": form,
            "instance": instance,
            "saved": saved,
        },
        status=status,
    )


# -- the platform: localities and onboarding --------------------------------------------------


def _platform(request) -> None:
    if not request.user.is_platform_admin:
        raise Http404()


@login_required
@not_found_as_404
def localities(request):
    _platform(request)
    status, created, link = 200, None, ""
    form = LocalityCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, _admin, url = locality_onboard(
                    actor=request.user,
                    slug=data["slug"],
                    type=data["type"],
                    name_th=data["name_th"],
                    name_en=data["name_en"],
                    province_id=data["province"].pk,
                    center_lat=data["center_lat"],
                    center_lon=data["center_lon"],
                    subdistrict_codes=data["subdistrict_codes"],
                    admin=StaffIn(
                        first_name=data["admin_first_name"],
                        last_name=data["admin_last_name"],
                        email=data["admin_email"],
                        phone=data["admin_phone"],
                    ),
                    channel=data["channel"],
                    ip=client_ip(request),
                )
                link = url if data["channel"] == "link" else ""
                form = LocalityCreateForm()
            except DomainError as exc:
                fields = {
                    "slug_taken": "slug",
                    "slug_reserved": "slug",
                    "subdistrict_province": "subdistrict_codes",
                    "centre_required": "center_lat",
                    "location_outside_thailand": "center_lat",
                }
                field = fields.get(exc.code) or f"admin_{exc.code.split('_')[0]}"
                status = _fail(form, exc, field)
        else:
            status = 422
    listed = Locality.objects.select_related("province").order_by("name_th")
    if request.GET.get("q"):
        listed = listed.filter(name_th__icontains=request.GET["q"]) | listed.filter(
            slug__icontains=request.GET["q"]
        )
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    rows = [(loc, [item for _m, item, done in modules.readiness(loc) if not done]) for loc in page]
    return render(
        request,
        "thongthin/staff/admin/localities.html",
        {"form": form, "rows": rows, "page": page, "created": created, "link": link},
        status=status,
    )
