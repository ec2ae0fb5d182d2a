"""Staff: the list, invitations, changes, deactivation, password links, CSV import, and the
page an invitation link lands on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ...errors import DomainError, NotFound
from ...http import client_ip
from ...models import Invitation, User
from ...services.staff import (
    IMPORT_HEADER,
    StaffIn,
    invitation_accept,
    invitation_open,
    staff_import,
    staff_invite,
    staff_of,
    staff_password_reset,
    staff_set_active,
    staff_update,
)
from ..admin_forms import (
    StaffEditForm,
    StaffImportForm,
    StaffInviteForm,
    WelcomeForm,
)
from ..errors import not_found_as_404
from ._common import _admin_locality, _fail

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
