"""Disaster incidents (flooded road, household to evacuate, rescue request) as cases."""

from __future__ import annotations

from thongthin.core.workflow import Action, CaseKind, State, Workflow, register_case_kind

WORKERS = frozenset({"locality_admin", "executive", "officer", "dispatcher", "responder"})
CATEGORIES = {
    "flooded_road": ("ถนนน้ำท่วม", "Flooded road"),
    "evacuation": ("ต้องการอพยพ", "Household needs evacuation"),
    "rescue": ("ขอความช่วยเหลือ", "Rescue request"),
    "other": ("อื่นๆ", "Other"),
}
OPEN_STATES = ("received", "responding")

DISASTER = register_case_kind(
    CaseKind(
        code="disaster",
        prefix="ภ",
        name_th="เหตุสาธารณภัย",
        name_en="Disaster incident",
        workflow=Workflow(
            states=(
                State("received", "รับแจ้ง", "Received"),
                State("responding", "กำลังช่วยเหลือ", "Responding"),
                State("resolved", "เสร็จสิ้น", "Resolved", closed=True),
            ),
            initial="received",
            actions=(
                Action(
                    "respond",
                    ("received",),
                    "responding",
                    "ส่งทีมช่วยเหลือ",
                    "Send help",
                    roles=WORKERS,
                ),
                Action(
                    "resolve",
                    ("received", "responding"),
                    "resolved",
                    "เสร็จสิ้น",
                    "Resolve",
                    requires_reason=True,
                    roles=WORKERS,
                ),
            ),
        ),
        sla_hours=6,
        module="warroom",
    )
)
