"""The staff back office: my work queue, a case with its timeline and actions, the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import modules
from ..access import has_capability
from ..errors import DomainError, NotFound
from ..http import client_ip
from ..models import Locality
from ..module import ADMINISTER
from ..selectors import (
    access_case,
    access_locality,
    audit_rows,
    audit_search,
    case_list,
    case_reporter_personal_data,
    my_tasks,
    my_work,
    staff_locality,
)
from ..services.case_work import case_add_note, case_assign
from ..services.cases import case_transition
from ..workflow import case_kinds, get_case_kind
from .errors import error_text, not_found_as_404
from .forms import AssignForm, NoteForm, TransitionForm


def _ip(request) -> str | None:
    return client_ip(request)


def _form_errors(form) -> str:
    return "; ".join(str(e) for errs in form.errors.values() for e in errs)


def staff_locality_or_none(user) -> Locality | None:
    return None if user.is_platform_admin else staff_locality(user)


def acting_locality(request) -> Locality | None:
    """Staff act in their own locality; a platform admin picks one (kept in the session)."""
    user = request.user
    if user.is_platform_admin:
        slug = request.GET.get("locality") or request.session.get("acting_locality")
        if not slug:
            return None
        locality = access_locality(slug)
        request.session["acting_locality"] = slug
        return locality
    return staff_locality(user)


def acting_locality_for(request, capability: str) -> Locality:
    """The acting locality, if the user holds ``capability`` there; NotFound otherwise."""
    locality = acting_locality(request)
    if locality is None or not has_capability(request.user, locality, capability):
        raise NotFound()
    return locality


@login_required
def queue(request):
    locality = acting_locality(request)
    if locality is None:
        return render(
            request, "thongthin/staff/pick_locality.html", {"localities": Locality.objects.all()}
        )
    scope = request.GET.get("scope", "mine")
    status = request.GET.get("status", "")
    overdue = bool(request.GET.get("overdue"))
    if scope == "all":
        cases = case_list(
            locality=locality,
            actor=request.user,
            status=status or None,
            q=request.GET.get("q") or None,
        )
    else:
        scope = "mine"
        cases = my_work(actor=request.user, locality=locality)
        if status:
            cases = cases.filter(status=status)
    if overdue:
        cases = cases.filter(sla_due_at__lt=timezone.now(), closed_at__isnull=True)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    # The statuses of the kinds this person works or sees, not every module's.
    kinds = [
        k
        for k in case_kinds()
        if modules.enabled_in(locality, k.module)
        and (
            has_capability(request.user, locality, k.view_capability)
            or has_capability(request.user, locality, k.work_capability)
        )
    ]
    statuses = list({s.code: s for k in kinds for s in k.workflow.states}.values())
    tasks = my_tasks(actor=request.user, locality=locality) if scope == "mine" else []
    return render(
        request,
        "thongthin/staff/queue.html",
        {
            "locality": locality,
            "page": page,
            "scope": scope,
            "status": status,
            "statuses": statuses,
            "overdue": overdue,
            "now": timezone.now(),
            "tasks": tasks,
            # Someone who works no case kind (a caregiver, a driver) sees only their tasks.
            "works_cases": bool(kinds),
            # An admin whose locality is not ready to go live is shown the way to the checklist.
            "not_ready": has_capability(request.user, locality, ADMINISTER)
            and not all(done for _m, _item, done in modules.readiness(locality)),
        },
    )


def case_page_context(request, case, **extra) -> dict:
    """What the staff case page shows: timeline, actions, forms and the modules' panels."""
    workflow = get_case_kind(case.kind).workflow
    return {
        "locality": case.locality,
        "case": case,
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
        "actions": [a for a in workflow.actions_from(case.status) if a.generic],
        "assign_form": AssignForm(
            locality=case.locality,
            initial={"department": case.department_id, "assignee": case.assignee_id},
        ),
        "note_form": NoteForm(),
        "panels": [
            (panel.template, modules.resolve(panel.context)(request=request, case=case))
            for _module, panel in modules.panels(case.kind, public=False)
        ],
        **extra,
    }


def case_page(request, case, *, error: str = ""):
    """The case page after an action (the whole page, or its body for htmx); 422 on error.
    Modules answer their own case actions with it."""
    context = case_page_context(request, case, error=error)
    status = 422 if error else 200
    if request.htmx:
        return render(request, "thongthin/staff/_case_body.html", context, status=status)
    return render(request, "thongthin/staff/case.html", context, status=status)


@login_required
@not_found_as_404
def case_detail(request, number: str):
    case = access_case(actor=request.user, number=number, locality=acting_locality(request))
    return render(request, "thongthin/staff/case.html", case_page_context(request, case))


@login_required
@not_found_as_404
@require_POST
def case_action(request, number: str, what: str):
    case = access_case(actor=request.user, number=number, locality=acting_locality(request))
    error = ""
    try:
        if what == "transition":
            form = TransitionForm(request.POST)
            if form.is_valid():
                case = case_transition(
                    case=case,
                    action=form.cleaned_data["action"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    ip=_ip(request),
                )
            else:
                error = _form_errors(form)
        elif what == "assign":
            assign = AssignForm(request.POST, locality=case.locality)
            if assign.is_valid():
                case = case_assign(
                    case=case,
                    actor=request.user,
                    department=assign.cleaned_data["department"],
                    assignee=assign.cleaned_data["assignee"],
                    ip=_ip(request),
                )
            else:
                error = _form_errors(assign)
        elif what == "note":
            note = NoteForm(request.POST)
            if note.is_valid():
                case_add_note(
                    case=case,
                    actor=request.user,
                    message=note.cleaned_data["message"],
                    public=note.cleaned_data["public"],
                    ip=_ip(request),
                )
            else:
                error = _form_errors(note)
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        error = error_text(exc)
    case = access_case(actor=request.user, number=number, locality=case.locality)
    return case_page(request, case, error=error)


@login_required
@not_found_as_404
@require_POST
def case_personal_data(request, number: str):
    case = access_case(actor=request.user, number=number, locality=acting_locality(request))
    data = case_reporter_personal_data(actor=request.user, case=case, ip=_ip(request))
    return render(request, "thongthin/staff/_personal_data.html", {"data": data, "case": case})


@login_required
@not_found_as_404
def audit(request):
    locality = None
    if request.user.is_platform_admin and request.GET.get("locality"):
        locality = access_locality(request.GET["locality"])
    try:
        events = audit_search(
            actor=request.user,
            locality=locality,
            action=request.GET.get("action", ""),
            q=request.GET.get("q", ""),
            object_id=request.GET.get("object_id", ""),
        )
    except NotFound:
        return render(request, "thongthin/staff/forbidden.html", status=404)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "thongthin/staff/audit.html",
        {
            "page": page,
            "rows": audit_rows(list(page), locality or staff_locality_or_none(request.user)),
            "actions": modules.audit_actions(),
            "query": request.GET,
        },
    )


def logout_then_login(request):
    from django.contrib.auth import logout

    if request.method == "POST":
        logout(request)
    return redirect("staff:login")
