"""Case workflows declared as data, and the registry of case kinds modules add.

A workflow names its states and the actions that move a case between them. The case engine
(:mod:`thongthin.core.services.cases`) refuses any action the workflow does not list for the
case's current state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language


def _pick(th: str, en: str) -> str:
    return en if (get_language() or "th").startswith("en") else th


@dataclass(frozen=True)
class State:
    code: str
    label_th: str
    label_en: str
    closed: bool = False

    @property
    def label(self) -> str:
        return _pick(self.label_th, self.label_en)


@dataclass(frozen=True)
class Action:
    code: str
    sources: tuple[str, ...]
    target: str
    label_th: str
    label_en: str
    requires_reason: bool = False
    # Who may take it: staff roles, or "reporter" for the citizen who filed the case.
    roles: frozenset[str] = frozenset()
    public: bool = True
    # False: only a module's own form takes it (it needs more than a reason), not the case page.
    generic: bool = True

    @property
    def label(self) -> str:
        return _pick(self.label_th, self.label_en)


@dataclass(frozen=True)
class Workflow:
    states: tuple[State, ...]
    initial: str
    actions: tuple[Action, ...]

    def __post_init__(self) -> None:
        codes = {s.code for s in self.states}
        if self.initial not in codes:
            raise ValueError(f"initial state {self.initial!r} is not declared")
        for action in self.actions:
            unknown = (set(action.sources) | {action.target}) - codes
            if unknown:
                raise ValueError(f"action {action.code!r} names unknown states {unknown}")

    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise KeyError(code)

    def action(self, code: str) -> Action | None:
        return next((a for a in self.actions if a.code == code), None)

    def actions_from(self, status: str) -> list[Action]:
        return [a for a in self.actions if status in a.sources]


@dataclass(frozen=True)
class CaseKind:
    """A kind of case a module offers (complaint, EMS incident, ...)."""

    code: str
    prefix: str  # the letter(s) before the number people read aloud: ร-2569-000042
    name_th: str
    name_en: str
    workflow: Workflow
    sla_hours: float = 72
    sla_mode: str = "calendar"
    module: str = "core"
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return _pick(self.name_th, self.name_en)


_KINDS: dict[str, CaseKind] = {}


def register_case_kind(kind: CaseKind) -> CaseKind:
    existing = _KINDS.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"case kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind
    return kind


def get_case_kind(code: str) -> CaseKind:
    return _KINDS[code]


def case_kinds() -> list[CaseKind]:
    return list(_KINDS.values())


def closed_statuses() -> set[str]:
    """Status codes that are closed in any registered workflow ("open work" excludes them)."""
    return {s.code for kind in _KINDS.values() for s in kind.workflow.states if s.closed}


# The core's own kind: a general petition (คำร้องทั่วไป) to the locality. Modules add theirs.
STAFF = frozenset({"locality_admin", "executive", "officer", "dispatcher"})
GENERAL_WORKFLOW = Workflow(
    states=(
        State("received", "รับเรื่องแล้ว", "Received"),
        State("accepted", "รับดำเนินการ", "Accepted"),
        State("in_progress", "กำลังดำเนินการ", "In progress"),
        State("resolved", "ดำเนินการเสร็จสิ้น", "Resolved", closed=True),
        State("rejected", "ไม่รับดำเนินการ", "Rejected", closed=True),
    ),
    initial="received",
    actions=(
        Action("accept", ("received",), "accepted", "รับเรื่อง", "Accept", roles=STAFF),
        Action("start", ("accepted",), "in_progress", "เริ่มดำเนินการ", "Start work", roles=STAFF),
        Action(
            "resolve", ("accepted", "in_progress"), "resolved", "ปิดเรื่อง (เสร็จสิ้น)", "Resolve",
            requires_reason=True, roles=STAFF,
        ),
        Action(
            "reject", ("received", "accepted"), "rejected", "ไม่รับเรื่อง", "Reject",
            requires_reason=True, roles=STAFF,
        ),
        Action(
            "reopen", ("resolved",), "in_progress", "เปิดเรื่องอีกครั้ง", "Reopen",
            requires_reason=True, roles=STAFF | {"reporter"},
        ),
    ),
)  # fmt: skip

GENERAL = register_case_kind(
    CaseKind(
        code="general",
        prefix="ค",
        name_th="คำร้องทั่วไป",
        name_en="General request",
        workflow=GENERAL_WORKFLOW,
        sla_hours=24,
        sla_mode="working",
    )
)
