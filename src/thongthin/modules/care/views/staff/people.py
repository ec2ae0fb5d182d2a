"""Staff pages of the registry: the list, registering someone (with the PDPA record), their
page (screenings with the ADL chart, plans, visits, rides, readings), screening them and
writing a care plan; the sub-committee's list of plans to decide."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongthin.core import thai
from thongthin.core.access import has_capability
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.models import User
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality, acting_locality_for

from ... import adl, ncd, rules, selectors, services
from ...models import DISABILITY_TYPES, CarePlan, Person
from ...module import APPROVE, ASSESS, VIEW, VISIT
from ...services.plans import plan_amount
from ..forms import be_date, error_of, number, point


def personal_link(person: Person) -> str:
    """The person's own link, at the address the site serves on."""
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    return f"{base}{reverse('care:my_care', args=[person.locality.slug, person.reading_token])}"


def _person_in(post) -> services.PersonIn:
    lat, lon = point(post.get("point", ""))
    return services.PersonIn(
        prename=post.get("prename", ""),
        first_name=post.get("first_name", ""),
        last_name=post.get("last_name", ""),
        sex=post.get("sex", ""),
        birth_date=be_date(post.get("birth_date", ""), "birth_date"),
        national_id=post.get("national_id", ""),
        phone=post.get("phone", ""),
        house_no=post.get("house_no", ""),
        moo=number(post.get("moo", "")),
        village=post.get("village", ""),
        subdistrict=number(post.get("subdistrict", "")),
        lat=lat,
        lon=lon,
        household_code=post.get("household_code", ""),
        insurance=post.get("insurance", "uc"),
        disability_types=post.getlist("disability_types"),
        hypertension=post.get("hypertension") == "1",
        diabetes=post.get("diabetes") == "1",
        lives_alone=post.get("lives_alone") == "1",
        consent_purpose=post.get("consent_purpose", ""),
        consent_basis=post.get("consent_basis", ""),
        consent_by=post.get("consent_by", ""),
        consent_on=be_date(post.get("consent_on", ""), "consent_on"),
        contact_name=post.get("contact_name", ""),
        contact_relation=post.get("contact_relation", ""),
        contact_phone=post.get("contact_phone", ""),
        different=post.get("different") == "1",
    )


@login_required
@not_found_as_404
def people(request):
    locality = acting_locality_for(request, VIEW)
    rows = selectors.people_list(
        actor=request.user,
        locality=locality,
        ip=client_ip(request),
        status=request.GET.get("status", "active"),
        group=request.GET.get("group", ""),
        moo=request.GET.get("moo", ""),
        q=request.GET.get("q", ""),
        missed=bool(request.GET.get("missed")),
    )
    return render(
        request,
        "care/staff/people.html",
        {
            "locality": locality,
            "rows": rows,
            "filters": request.GET,
            "statuses": Person.Status.choices,
            "groups": adl.GROUP_LABELS,
            "may_register": has_capability(request.user, locality, ASSESS),
            "missed_days": selectors.MISSED_DAYS,
        },
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def person_new(request):
    locality = acting_locality_for(request, ASSESS)
    error, field, status = "", "", 200
    if request.method == "POST":
        try:
            person = services.person_register(
                locality=locality,
                actor=request.user,
                data=_person_in(request.POST),
                ip=client_ip(request),
            )
            return redirect("care:person", pk=person.pk)
        except DomainError as exc:
            error, field, status = error_of(exc)
    return _person_form(
        request, locality, None, request.POST, request.POST.getlist("disability_types"),
        error, field, status,
    )  # fmt: skip


def _person_form(request, locality, person, values, chosen, error, field, status):
    """The registration form, new or correcting ``person``."""
    return render(
        request,
        "care/staff/person_new.html",
        {
            "locality": locality,
            "person": person,
            "values": values,
            "error": error,
            "error_field": field,
            "subdistricts": locality.subdistricts.select_related("district").order_by("name_th"),
            "disability_types": DISABILITY_TYPES,
            "chosen_disabilities": chosen,
            "insurances": Person.Insurance.choices,
            "bases": Person.Basis.choices,
            "today": thai.format_date_input(timezone.localdate()),
        },
        status=status,
    )


def _form_values(person: Person) -> dict:
    """A registered person as the registration form shows them (dates in the Buddhist Era)."""
    contact = person.contacts.order_by("id").first()
    return {
        "prename": person.prename,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "sex": person.sex,
        "birth_date": thai.format_date_input(person.birth_date),
        "phone": person.phone,
        "insurance": person.insurance,
        "house_no": person.house_no,
        "moo": person.moo or "",
        "village": person.village,
        "subdistrict": str(person.subdistrict_id or ""),
        "household_code": person.household_code,
        "point": f"{person.lat}, {person.lon}" if person.lat is not None else "",
        "hypertension": person.hypertension,
        "diabetes": person.diabetes,
        "lives_alone": person.lives_alone,
        "contact_name": contact.name if contact else "",
        "contact_relation": contact.relation if contact else "",
        "contact_phone": contact.phone if contact else "",
        "consent_purpose": person.consent_purpose,
        "consent_basis": person.consent_basis,
        "consent_by": person.consent_by,
        "consent_on": thai.format_date_input(person.consent_on),
    }


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    locality = acting_locality_for(request, ASSESS)
    person = selectors.access_person(
        actor=request.user, locality=locality, person_id=pk, ip=client_ip(request)
    )
    error, field, status = "", "", 200
    values: object = _form_values(person)
    chosen = person.disability_types
    if request.method == "POST":
        values, chosen = request.POST, request.POST.getlist("disability_types")
        try:
            services.person_update(
                person=person, actor=request.user, data=_person_in(request.POST),
                ip=client_ip(request),
            )  # fmt: skip
            return redirect("care:person", pk=person.pk)
        except DomainError as exc:
            error, field, status = error_of(exc)
    return _person_form(request, locality, person, values, chosen, error, field, status)


def _chart(assessments) -> dict:
    """The ADL total over time as an SVG polyline (x by date, y 0–20), with its band lines."""
    points = [(a.assessed_on, a.total) for a in assessments]
    if not points:
        return {}
    width, height, pad = 560, 200, 30
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def x(day):
        return pad + (width - 2 * pad) * ((day - first).days / span if len(points) > 1 else 0.5)

    def y(total):
        return height - pad - (height - 2 * pad) * total / adl.MAX_TOTAL

    dots = [{"x": round(x(d), 1), "y": round(y(t), 1), "total": t, "day": d} for d, t in points]
    return {
        "width": width,
        "height": height,
        "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "bands": [{"y": round(y(v), 1), "label": v} for v in (0, 5, 12, 20)],
        "left": pad,
        "right": width - pad,
    }


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def person(request, pk: int):
    locality = acting_locality(request)
    if locality is None:
        return redirect("staff:queue")
    person = selectors.access_person(
        actor=request.user, locality=locality, person_id=pk, ip=client_ip(request)
    )
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("what") == "status":
                services.person_status_set(
                    person=person,
                    actor=request.user,
                    status=request.POST.get("status", ""),
                    on=be_date(request.POST.get("status_on", ""), "status_on"),
                    ip=client_ip(request),
                )
            elif request.POST.get("what") == "submit_plan":
                plan = selectors.access_plan(
                    actor=request.user, locality=locality, plan_id=request.POST.get("plan")
                )
                if plan.person_id != person.pk:
                    raise NotFound()
                services.plan_submit(plan=plan, actor=request.user, ip=client_ip(request))
            return redirect("care:person", pk=person.pk)
        except DomainError as exc:
            error = error_of(exc)[0]
    history = selectors.person_history(person)
    return render(
        request,
        "care/staff/person.html",
        {
            "locality": locality,
            "person": person,
            **history,
            "chart": _chart(history["assessments"]),
            "group_labels": adl.GROUP_LABELS,
            "colours": ncd.LABELS,
            "disability_labels": dict(DISABILITY_TYPES),
            "may_assess": has_capability(request.user, locality, ASSESS),
            "statuses": Person.Status.choices,
            "error": error,
            "personal_link": personal_link(person),
        },
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def assess(request, pk: int):
    locality = acting_locality_for(request, ASSESS)
    person = selectors.access_person(
        actor=request.user, locality=locality, person_id=pk, ip=client_ip(request)
    )
    error, field, status = "", "", 200
    if request.method == "POST":
        items = {key: number(request.POST.get(key, ""), allow_zero=True) for key in adl.ITEM_KEYS}
        try:
            services.assessment_record(
                person=person,
                actor=request.user,
                items=items,
                tai=request.POST.get("tai", ""),
                assessed_on=be_date(request.POST.get("assessed_on", ""), "assessed_on") or None,
                notes=request.POST.get("notes", ""),
                ip=client_ip(request),
            )
            return redirect("care:person", pk=person.pk)
        except DomainError as exc:
            error, field, status = error_of(exc)
    return render(
        request,
        "care/staff/assess.html",
        {
            "locality": locality,
            "person": person,
            "items": [
                (key, label, [(s, adl.SCORE_TEXTS[key][s]) for s in scores])
                for key, label, scores in adl.ITEMS
            ],
            "tai_classes": sorted(rules.tai_groups()),
            "values": request.POST,
            "error": error,
            "error_field": field,
            "today": thai.format_date_input(timezone.localdate()),
        },
        status=status,
    )


def _caregivers(locality):
    staff = User.objects.filter(locality=locality, is_active=True).order_by(
        "first_name", "username"
    )
    return [u for u in staff if has_capability(u, locality, VISIT)]


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    """A draft or returned plan, changed (then submitted again from the person's page)."""
    locality = acting_locality_for(request, ASSESS)
    row = selectors.access_plan(
        actor=request.user, locality=locality, plan_id=pk, ip=client_ip(request)
    )
    return plan_new(request, row.person_id, plan=row)


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def plan_new(request, pk: int, plan: CarePlan | None = None):
    locality = acting_locality_for(request, ASSESS)
    person = selectors.access_person(
        actor=request.user, locality=locality, person_id=pk, ip=client_ip(request)
    )
    error, field, status = "", "", 200
    values: object = request.POST
    if plan is not None and request.method != "POST":
        values = {
            "starts_on": thai.format_date_input(plan.starts_on),
            "ends_on": thai.format_date_input(plan.ends_on),
            "goals": plan.goals,
            "activities": plan.activities,
            "visits_per_month": plan.visits_per_month,
            "caregiver": str(plan.caregiver_id),
        }
    if request.method == "POST":
        try:
            services.plan_save(
                person=person,
                actor=request.user,
                data=services.PlanIn(
                    starts_on=be_date(request.POST.get("starts_on", ""), "starts_on"),
                    ends_on=be_date(request.POST.get("ends_on", ""), "ends_on"),
                    goals=request.POST.get("goals", ""),
                    activities=request.POST.get("activities", ""),
                    visits_per_month=number(
                        request.POST.get("visits_per_month", ""), allow_zero=True
                    ),
                    caregiver=number(request.POST.get("caregiver", "")),
                ),
                plan=plan,
                ip=client_ip(request),
            )
            return redirect("care:person", pk=person.pk)
        except DomainError as exc:
            error, field, status = error_of(exc)
    return render(
        request,
        "care/staff/plan_new.html",
        {
            "locality": locality,
            "person": person,
            "caregivers": _caregivers(locality),
            "suggested": rules.visits_per_month(person.group or 0),
            "plan": plan,
            "values": values,
            "error": error,
            "error_field": field,
        },
        status=status,
    )


@login_required
@not_found_as_404
def plans(request):
    locality = acting_locality(request)
    if locality is None:
        return redirect("staff:queue")
    status = request.GET.get("status", "submitted")
    rows = selectors.plans_for_committee(
        actor=request.user, locality=locality, status=status, ip=client_ip(request)
    )
    return render(
        request,
        "care/staff/plans.html",
        {"locality": locality, "rows": rows, "status": status, "statuses": CarePlan.Status.choices},
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def plan(request, pk: int):
    locality = acting_locality(request)
    if locality is None:
        return redirect("staff:queue")
    row = selectors.access_plan(
        actor=request.user, locality=locality, plan_id=pk, ip=client_ip(request)
    )
    error, status = "", 200
    if request.method == "POST":
        try:
            decided = services.plan_decide(
                plan=row,
                actor=request.user,
                approve=request.POST.get("decision") == "approve",
                reason=request.POST.get("reason", ""),
                ip=client_ip(request),
            )
            messages.success(
                request,
                _("Plan for %(name)s: %(status)s.")
                % {"name": decided.person.name, "status": decided.get_status_display()},
            )
            return redirect("care:plans")
        except DomainError as exc:
            error, _field, status = error_of(exc)
    return render(
        request,
        "care/staff/plan.html",
        {
            "locality": locality,
            "plan": row,
            "may_decide": has_capability(request.user, locality, APPROVE),
            "may_edit": has_capability(request.user, locality, ASSESS),
            "preview": plan_amount(row),
            "assessments": list(row.person.assessments.order_by("-assessed_on")[:6]),
            "group_labels": adl.GROUP_LABELS,
            "error": error,
        },
        status=status,
    )
