"""The complaint workflow (Traffy's central types with FixMyStreet's closed reasons)."""

from __future__ import annotations

from thongthin.core.workflow import STAFF, Action, CaseKind, State, Workflow, register_case_kind

OPEN_STATES = ("received", "accepted", "in_progress", "reopened")

COMPLAINT_WORKFLOW = Workflow(
    states=(
        State("received", "รอรับเรื่อง", "Received"),
        State("accepted", "รับเรื่องแล้ว", "Accepted"),
        State("in_progress", "กำลังดำเนินการ", "In progress"),
        State("reopened", "เปิดเรื่องอีกครั้ง", "Reopened"),
        State("resolved", "เสร็จสิ้น", "Resolved", closed=True),
        State("forwarded", "ส่งต่อหน่วยงานอื่น", "Forwarded", closed=True),
        State("rejected", "ไม่รับเรื่อง", "Rejected", closed=True),
        State("merged", "รวมกับเรื่องที่ซ้ำกัน", "Merged as a duplicate", closed=True),
    ),
    initial="received",
    actions=(
        Action("accept", ("received", "reopened"), "accepted", "รับเรื่อง", "Accept", roles=STAFF),
        Action(
            "start", ("accepted", "reopened"), "in_progress", "เริ่มดำเนินการ", "Start work",
            roles=STAFF,
        ),
        # Needs an after-photo or a written reason: checked by the module's transition guard.
        Action(
            "resolve", ("accepted", "in_progress", "reopened"), "resolved",
            "เสร็จสิ้น (ปิดเรื่อง)", "Resolve", roles=STAFF, generic=False,
        ),
        Action(
            "reject", ("received", "accepted", "reopened"), "rejected", "ไม่รับเรื่อง", "Reject",
            requires_reason=True, roles=STAFF,
        ),
        Action(
            "forward", ("received", "accepted", "in_progress", "reopened"), "forwarded",
            "ส่งต่อหน่วยงานอื่น", "Forward", requires_reason=True, roles=STAFF, generic=False,
        ),
        Action(
            "merge", OPEN_STATES, "merged", "รวมกับเรื่องที่ซ้ำ", "Merge as duplicate",
            requires_reason=True, roles=STAFF, generic=False,
        ),
        Action(
            "reopen", ("resolved",), "reopened", "เปิดเรื่องอีกครั้ง", "Reopen",
            requires_reason=True, roles=STAFF | {"reporter"},
        ),
    ),
)  # fmt: skip

COMPLAINT = register_case_kind(
    CaseKind(
        code="complaint",
        prefix="ร",
        name_th="เรื่องร้องทุกข์",
        name_en="Complaint",
        workflow=COMPLAINT_WORKFLOW,
        sla_hours=48,
        sla_mode="calendar",
        module="complaints",
    )
)
