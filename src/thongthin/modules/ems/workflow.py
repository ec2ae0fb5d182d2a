"""The EMS incident's case kind: states follow the ITEMS timeline.

Each timeline stamp moves the case to its state (skipped points are allowed, order is not
broken); the module's services take the actions, never the generic case page.
"""

from __future__ import annotations

from thongthin.core.workflow import Action, CaseKind, State, Workflow, register_case_kind

WORKERS = frozenset({"locality_admin", "dispatcher", "responder"})

STATES = (
    State("received", "รับแจ้งเหตุ", "Call received"),
    State("dispatched", "สั่งการแล้ว", "Dispatched"),
    State("en_route", "ออกจากฐาน", "En route"),
    State("on_scene", "ถึงที่เกิดเหตุ", "On scene"),
    State("left_scene", "ออกจากที่เกิดเหตุ", "Left scene"),
    State("at_hospital", "ถึงโรงพยาบาล", "At hospital"),
    State("completed", "เสร็จสิ้น", "Completed", closed=True),
    State("cancelled", "ยกเลิก", "Cancelled", closed=True),
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
STAMP_LABELS: dict[str, tuple[str, str]] = {
    "call_at": ("รับแจ้งเหตุ", "Call received"),
    "dispatch_at": ("สั่งการ", "Dispatch order"),
    "left_base_at": ("ออกจากฐาน", "Left base"),
    "at_scene_at": ("ถึงที่เกิดเหตุ", "At scene"),
    "left_scene_at": ("ออกจากที่เกิดเหตุ", "Left scene"),
    "at_hospital_at": ("ถึงโรงพยาบาล", "At hospital"),
    "back_base_at": ("กลับถึงฐาน", "Back at base"),
}
ORDER = {s.code: i for i, s in enumerate(STATES)}


def _stamp_action(point: str) -> Action:
    action, target = STAMP_ACTIONS[point]
    th, en = STAMP_LABELS[point]
    earlier = tuple(code for code in OPEN_STATES if ORDER[code] < ORDER[target])
    return Action(
        action, earlier, target, th, en, roles=WORKERS, generic=False,
        public=point in {"dispatch_at", "at_scene_at", "back_base_at"},
    )  # fmt: skip


WORKFLOW = Workflow(
    states=STATES,
    initial="received",
    actions=(
        *(_stamp_action(point) for point in STAMP_ACTIONS),
        Action(
            "cancel", OPEN_STATES, "cancelled", "ยกเลิกเหตุ", "Cancel incident",
            requires_reason=True, roles=frozenset({"locality_admin", "dispatcher"}), generic=False,
        ),
    ),
)  # fmt: skip

EMS = register_case_kind(
    CaseKind(
        code="ems",
        prefix="ฉ",
        name_th="เหตุฉุกเฉินการแพทย์",
        name_en="EMS incident",
        workflow=WORKFLOW,
        sla_hours=1,
        sla_mode="calendar",
        module="ems",
    )
)
