"""The complaint workflow (Traffy's central types with FixMyStreet's closed reasons)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from thongthin.core.workflow import Action, CaseKind, State, Workflow

OPEN_STATES = ("received", "accepted", "in_progress", "reopened")
HERE = "thongthin.modules.complaints"

# Each label is a literal pgettext_lazy call, so makemessages finds it.
COMPLAINT_WORKFLOW = Workflow(
    states=(
        State("received", pgettext_lazy("complaint", "Received")),
        State("accepted", pgettext_lazy("complaint", "Accepted")),
        State("in_progress", pgettext_lazy("complaint", "In progress")),
        State("reopened", pgettext_lazy("complaint", "Reopened")),
        State("resolved", pgettext_lazy("complaint", "Resolved"), closed=True),
        State("forwarded", pgettext_lazy("complaint", "Forwarded"), closed=True),
        State("rejected", pgettext_lazy("complaint", "Rejected"), closed=True),
        State("merged", pgettext_lazy("complaint", "Merged as a duplicate"), closed=True),
    ),
    initial="received",
    actions=(
        Action(
            "accept", ("received", "reopened"), "accepted", pgettext_lazy("complaint", "Accept"),
            takes_case=True,
        ),
        Action(
            "start", ("accepted", "reopened"), "in_progress",
            pgettext_lazy("complaint", "Start work"),
        ),
        # Needs an after-photo or a written reason: checked by the module's transition guard.
        Action(
            "resolve", ("accepted", "in_progress", "reopened"), "resolved",
            pgettext_lazy("complaint", "Resolve"), generic=False,
        ),
        Action(
            "reject", ("received", "accepted", "reopened"), "rejected",
            pgettext_lazy("complaint", "Reject"), requires_reason=True,
        ),
        Action(
            "forward", ("received", "accepted", "in_progress", "reopened"), "forwarded",
            pgettext_lazy("complaint", "Forward"), requires_reason=True, generic=False,
        ),
        Action(
            "merge", OPEN_STATES, "merged", pgettext_lazy("complaint", "Merge as duplicate"),
            requires_reason=True, generic=False,
        ),
        Action(
            "reopen", ("resolved",), "reopened", pgettext_lazy("complaint", "Reopen"),
            requires_reason=True, reporter=True,
        ),
    ),
)  # fmt: skip

COMPLAINT = CaseKind(
    code="complaint",
    prefix="ร",
    name=pgettext_lazy("complaint", "Complaint"),
    workflow=COMPLAINT_WORKFLOW,
    view_capability="complaints.view",
    work_capability="complaints.work",
    sla_hours=48,
    sla_mode="calendar",
    guard=f"{HERE}.services.guard_transition",
    on_transition=f"{HERE}.services.on_transition",
)
