"""Case workflows declared as data, and the registry of case kinds the modules declare.

A workflow names its states and the actions that move a case between them. The case engine
(:mod:`thongthin.core.services.cases`) refuses any action the workflow does not list for the
case's current state, or that the actor's capabilities do not reach. Labels are lazy
translations, rendered in whichever language reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class State:
    code: str
    label: Any
    closed: bool = False


@dataclass(frozen=True)
class Action:
    code: str
    sources: tuple[str, ...]
    target: str
    label: Any
    requires_reason: bool = False
    # The capability that takes it; empty: the case kind's ``work_capability``.
    capability: str = ""
    # The citizen who filed the case (holder of its tracking code) may take it too.
    reporter: bool = False
    public: bool = True
    # False: only a module's own form takes it (it needs more than a reason), not the case page.
    generic: bool = True
    # The officer who takes it becomes the case's officer when it has none ("accept").
    takes_case: bool = False
    # The platform takes it when a rule says so (a deadline passed), never a person:
    # ``case_transition(..., system=True)`` from a module's job. Implies ``generic=False``.
    system: bool = False


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

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.states if not s.closed)


@dataclass(frozen=True)
class CaseKind:
    """A kind of case a module offers (complaint, EMS incident, ...).

    ``view_capability`` lets a person see every case of the kind in their locality (others see
    only the cases assigned to them); ``work_capability`` takes its actions unless an action
    names its own. ``guard(case, action, reason)`` may refuse a transition inside its
    transaction; ``on_transition(case, from_status, action, reason)`` keeps the module's own
    tables in step, in the same transaction (both dotted paths or callables).
    """

    code: str
    prefix: str  # the letter(s) before the number people read aloud: ร-2569-000042
    name: Any  # a lazy translation
    workflow: Workflow
    view_capability: str
    work_capability: str
    sla_hours: float = 72
    sla_mode: str = "calendar"
    guard: Any = None
    on_transition: Any = None
    # Whether /api/v1/cases may create it: a kind with its own record (a complaint's row, an
    # incident's) is filed only through its module's service, never as a bare case.
    generic_create: bool = False

    @property
    def module(self) -> str:
        """The module that declares the kind: the prefix of its capabilities."""
        return self.view_capability.split(".", 1)[0]

    def action_capability(self, action: Action) -> str:
        return action.capability or self.work_capability


_KINDS: dict[str, CaseKind] = {}


def register_case_kind(kind: CaseKind) -> CaseKind:
    """Called by :func:`thongthin.core.modules.install` for each kind a module declares."""
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
# (Each label is a literal pgettext_lazy call, so makemessages finds it.)
GENERAL_WORKFLOW = Workflow(
    states=(
        State("received", pgettext_lazy("general request", "Received")),
        State("accepted", pgettext_lazy("general request", "Accepted")),
        State("in_progress", pgettext_lazy("general request", "In progress")),
        State("resolved", pgettext_lazy("general request", "Resolved"), closed=True),
        State("rejected", pgettext_lazy("general request", "Rejected"), closed=True),
    ),
    initial="received",
    actions=(
        Action(
            "accept",
            ("received",),
            "accepted",
            pgettext_lazy("general request", "Accept"),
            takes_case=True,
        ),
        Action(
            "start", ("accepted",), "in_progress", pgettext_lazy("general request", "Start work")
        ),
        Action(
            "resolve",
            ("accepted", "in_progress"),
            "resolved",
            pgettext_lazy("general request", "Resolve"),
            requires_reason=True,
        ),
        Action(
            "reject",
            ("received", "accepted"),
            "rejected",
            pgettext_lazy("general request", "Reject"),
            requires_reason=True,
        ),
        Action(
            "reopen",
            ("resolved",),
            "in_progress",
            pgettext_lazy("general request", "Reopen"),
            requires_reason=True,
            reporter=True,
        ),
    ),
)

GENERAL = CaseKind(
    code="general",
    prefix="ค",
    name=pgettext_lazy("general request", "General request"),
    workflow=GENERAL_WORKFLOW,
    view_capability="core.view_cases",
    work_capability="core.work_cases",
    sla_hours=24,
    sla_mode="working",
    generic_create=True,
)
