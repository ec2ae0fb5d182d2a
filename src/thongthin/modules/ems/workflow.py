"""The EMS incident's case kind: states follow the ITEMS timeline.

Each timeline stamp moves the case to its state (skipped points are allowed, order is not
broken); the module's services take the actions, never the generic case page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from thongthin.core.workflow import Action, CaseKind, State, Workflow

STATES = (
    State("received", pgettext_lazy("ems", "Call received")),
    State("dispatched", pgettext_lazy("ems", "Dispatched")),
    State("en_route", pgettext_lazy("ems", "En route")),
    State("on_scene", pgettext_lazy("ems", "On scene")),
    State("left_scene", pgettext_lazy("ems", "Left scene")),
    State("at_hospital", pgettext_lazy("ems", "At hospital")),
    State("completed", pgettext_lazy("ems", "Completed"), closed=True),
    State("cancelled", pgettext_lazy("ems", "Cancelled"), closed=True),
)
OPEN_STATES = tuple(s.code for s in STATES if not s.closed)

# Timeline point -> (action, the state it leads to); the call itself is the case's creation.
STAMP_ACTIONS: dict[str, tuple[str, str]] = {
    "dispatch_at": ("dispatch", "dispatched"),
    "left_base_at": ("left_base", "en_route"),
    "at_scene_at": ("at_scene", "on_scene"),
    "left_scene_at": ("left_scene", "left_scene"),
    "at_hospital_at": ("at_hospital", "at_hospital"),
    "back_base_at": ("back_base", "completed"),
}
STAMP_LABELS: dict[str, Any] = {
    "call_at": pgettext_lazy("ems", "Call received"),
    "dispatch_at": pgettext_lazy("ems", "Dispatch order"),
    "left_base_at": pgettext_lazy("ems", "Left base"),
    "at_scene_at": pgettext_lazy("ems", "At scene"),
    "left_scene_at": pgettext_lazy("ems", "Left scene"),
    "at_hospital_at": pgettext_lazy("ems", "At hospital"),
    "back_base_at": pgettext_lazy("ems", "Back at base"),
}
ORDER = {s.code: i for i, s in enumerate(STATES)}


def _stamp_action(point: str) -> Action:
    action, target = STAMP_ACTIONS[point]
    earlier = tuple(code for code in OPEN_STATES if ORDER[code] < ORDER[target])
    return Action(
        action, earlier, target, STAMP_LABELS[point], capability="ems.timeline", generic=False,
        public=point in {"dispatch_at", "at_scene_at", "back_base_at"},
    )  # fmt: skip


WORKFLOW = Workflow(
    states=STATES,
    initial="received",
    actions=(
        *(_stamp_action(point) for point in STAMP_ACTIONS),
        Action(
            "cancel", OPEN_STATES, "cancelled", pgettext_lazy("ems", "Cancel incident"),
            requires_reason=True, generic=False,
        ),
    ),
)  # fmt: skip

EMS = CaseKind(
    code="ems",
    prefix="ฉ",
    name=pgettext_lazy("ems", "EMS incident"),
    workflow=WORKFLOW,
    view_capability="ems.incidents",
    work_capability="ems.dispatch",
    sla_hours=1,
    sla_mode="calendar",
)
