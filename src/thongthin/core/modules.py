"""The module contract: every module declares itself once, in ``modules/<name>/module.py``.

A :class:`Module` names everything the module brings (case kinds, capabilities and roles, API
router, URLs, navigation, case panels, timeline event kinds, audit actions, periodic jobs,
locality setup, demo data, LINE handlers, settings); ``AppConfig.ready()`` calls
:func:`install` with it and does nothing else. The core reads this registry when it needs to
(building the URLconf or the API, drawing a menu, dispatching a LINE event), never at import,
so the order apps are imported or installed in never matters.

Callables are given as dotted paths (``"thongthin.modules.ems.line.on_sos"``), resolved on first
use, so ``module.py`` imports nothing heavy and any file of the module may import it;
``thongthin check`` resolves every path (:mod:`thongthin.core.checks`).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .workflow import CaseKind

# A callable or object named by its dotted path (resolved on first use), or given as itself.
Ref = str | Callable[..., Any]


def resolve(ref: Ref) -> Any:
    return import_string(ref) if isinstance(ref, str) else ref


@dataclass(frozen=True)
class Capability:
    """Something a person may do, named ``<module>.<what>`` ("complaints.work"). The core checks
    capabilities, never role names. ``api_key`` ones are held by the locality's API keys too
    (integrations: a vehicle tracker posting positions, a gauge posting readings)."""

    code: str
    label: Any  # a lazy translation
    api_key: bool = False

    @property
    def module(self) -> str:
        return self.code.split(".", 1)[0]


@dataclass(frozen=True)
class Role:
    """A role a staff account can have, with the capabilities it holds (modules may grant it
    more of theirs through :attr:`Module.grants`)."""

    code: str
    label: Any
    capabilities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NavLink:
    """A link in the citizen portal (``capability`` empty) or the staff menu (shown to those
    who hold ``capability`` in the acting locality). Portal links are reversed with the
    locality's slug, staff links without arguments."""

    url_name: str
    label: Any
    capability: str = ""
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A template the module adds to the staff case page (or, ``public``, to the citizen's
    tracking page) of its case kind; ``context(request=..., case=...)`` gives its variables."""

    kind: str
    template: str
    context: Ref
    public: bool = False


@dataclass(frozen=True)
class EventKind:
    """A kind of timeline entry and its label; ``public`` entries are shown to the citizen."""

    code: str
    label: Any
    public: bool = False
    public_label: Any = None  # the label on the citizen's page, when it differs

    def label_for(self, where: str) -> Any:
        return self.public_label or self.label if where == "public" else self.label


@dataclass(frozen=True)
class AuditAction:
    """An audit-log action the module records, with its label for the audit page."""

    code: str
    label: Any


@dataclass(frozen=True)
class Job:
    """Idempotent work the worker runs every ``every_seconds``."""

    every_seconds: float
    run: Ref


@dataclass(frozen=True)
class LineHandler:
    """Handles LINE webhook events of a type (and message type). Lower ``order`` runs first; a
    handler that sets ``event["_handled"] = True`` stops the later ones. ``handler(locality,
    citizen, event)`` runs in the event's transaction; ``handler.prepare(locality, event)``, if
    it has one, runs before it for network work."""

    event: str
    handler: Ref
    message: str = ""
    order: int = 100


@dataclass(frozen=True)
class AdminSection:
    """Reference data a locality admin keeps on the web, under ``/staff/admin/<module>/<code>/``:
    a list of the locality's rows (``columns``, attribute names) and a form per row.

    ``form`` is a :class:`thongthin.core.views.admin_forms.ReferenceForm` subclass (a ModelForm
    of a tenant model); the core scopes its choices and uniqueness to the locality and saves it
    through ``services.reference.reference_save`` (audited with the values before and after).
    Rows are never deleted here: a model with an ``active`` field is switched off instead."""

    code: str
    label: Any
    form: Ref
    columns: tuple[str, ...]
    capability: str = "core.administer"
    order: int = 100


@dataclass(frozen=True)
class Task:
    """Work waiting for someone that is not a case (a reading to look at, a plan to decide,
    today's visits), listed at the top of "My work" for those who hold ``capability``.
    ``count(actor=..., locality=...)`` says how many wait for that person, counting only what
    the module's own gates would let them open (0 hides it); ``url_name`` (a staff URL, with
    ``query`` appended) is where they do it. ``urgent`` ones come first and stand out.
    ``label`` holds the count as ``%(n)s`` and has plural forms: ``ngettext_lazy("%(n)s
    reading to look at", "%(n)s readings to look at", "n")`` ("1 people" otherwise)."""

    label: Any
    count: Ref
    capability: str
    url_name: str
    query: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Readiness:
    """Something a locality needs before it goes live (shown on its admin page until done):
    ``check(locality)`` answers True when done; ``url_name`` is where to do it (a staff URL)."""

    label: Any
    check: Ref
    url_name: str = ""
    kwargs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Setting:
    """A module setting: ``THONGTHIN_MODULES = {"<module>": {"<name>": value}}`` in Django's
    settings wins, then the environment variable ``env``, then ``default``."""

    name: str
    default: Any
    env: str = ""
    help: str = ""

    def read(self, module: str) -> Any:
        from django.conf import settings

        configured = getattr(settings, "THONGTHIN_MODULES", {}).get(module, {})
        if self.name in configured:
            return configured[self.name]
        if self.env and self.env in os.environ:
            return _cast(os.environ[self.env], self.default)
        return self.default


def _cast(text: str, default: Any) -> Any:
    if isinstance(default, bool):
        return text.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int | float):
        return type(default)(text)
    return text


@dataclass(frozen=True)
class Module:
    """One module's whole declaration. ``name`` is its code ("complaints"), also the prefix of
    its capabilities, its URL namespace and its API path (``/api/v1/<name>/``)."""

    name: str
    label: Any  # the module's name, a lazy translation ("Citizen complaints" / "ร้องทุกข์ออนไลน์")
    description: Any = ""
    case_kinds: tuple[CaseKind, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    roles: tuple[Role, ...] = ()
    # Capabilities of this module held by roles declared elsewhere: {"officer": {"x.work"}}.
    grants: Mapping[str, frozenset[str]] = field(default_factory=dict)
    api: Ref | None = None  # a django-ninja Router
    # A URL module with ``app_name`` and any of ``root_urlpatterns`` (mounted at /),
    # ``portal_urlpatterns`` (at /<slug>/) and ``staff_urlpatterns`` (at /staff/).
    urls: str = ""
    portal_nav: tuple[NavLink, ...] = ()
    # The module's way for citizens to report a problem: where a module switched on has one,
    # the portal home leads there instead of the core's general request form (one way in).
    intake: NavLink | None = None
    staff_nav: tuple[NavLink, ...] = ()
    panels: tuple[Panel, ...] = ()
    event_kinds: tuple[EventKind, ...] = ()
    audit_actions: tuple[AuditAction, ...] = ()
    jobs: tuple[Job, ...] = ()
    # Called inside locality_create's transaction: the module's starting data for a locality.
    locality_setup: Ref | None = None
    # Called with the demo localities: the module's demo data (idempotently).
    demo: Ref | None = None
    line_handlers: tuple[LineHandler, ...] = ()
    settings: tuple[Setting, ...] = ()
    # Reference data a locality admin edits on the web, and what a locality needs to go live.
    admin: tuple[AdminSection, ...] = ()
    readiness: tuple[Readiness, ...] = ()
    # Work waiting that is not a case, shown on "My work".
    tasks: tuple[Task, ...] = ()
    # The core is on for every locality; modules are switched on per locality.
    always_on: bool = False

    def setting(self, name: str) -> Any:
        for declared in self.settings:
            if declared.name == name:
                return declared.read(self.name)
        raise KeyError(f"module {self.name!r} declares no setting {name!r}")


_MODULES: dict[str, Module] = {}


def install(module: Module) -> Module:
    """Register a module (from its ``AppConfig.ready()``); installing the same one twice is a
    no-op, two different modules of one name an error."""
    existing = _MODULES.get(module.name)
    if existing is not None:
        if existing is not module:
            raise ValueError(f"module {module.name!r} is already installed")
        return module
    for capability in module.capabilities:
        if capability.module != module.name:
            raise ValueError(f"capability {capability.code!r} must start with {module.name}.")
    from .workflow import register_case_kind

    for kind in module.case_kinds:
        if kind.module != module.name:
            raise ValueError(f"case kind {kind.code!r}: its capabilities must be {module.name}'s")
        register_case_kind(kind)
    _MODULES[module.name] = module
    _clear_caches()
    return module


def uninstall(name: str) -> None:
    """Remove a module installed by a test (:func:`thongthin.core.testing.temporary_module`)."""
    module = _MODULES.pop(name)
    from .workflow import _KINDS

    for kind in module.case_kinds:
        _KINDS.pop(kind.code, None)
    _clear_caches()


def _clear_caches() -> None:
    for cached in (_capabilities, _roles, _line_handlers, _event_kinds, _audit_actions):
        cached.cache_clear()


def installed() -> list[Module]:
    """Every installed module, the core first, then in the order of ``INSTALLED_APPS``."""
    from django.apps import apps

    order = {config.name.rsplit(".", 1)[-1]: i for i, config in enumerate(apps.get_app_configs())}
    return sorted(_MODULES.values(), key=lambda m: order.get(m.name, len(order)))


def get_module(name: str) -> Module:
    return _MODULES[name]


def is_installed(name: str) -> bool:
    return name in _MODULES


def optional_modules() -> list[Module]:
    """The modules a locality can switch on or off."""
    return [m for m in installed() if not m.always_on]


# -- capabilities and roles ------------------------------------------------------------------


@cache
def _capabilities() -> dict[str, Capability]:
    return {c.code: c for m in _MODULES.values() for c in m.capabilities}


def capability(code: str) -> Capability:
    try:
        return _capabilities()[code]
    except KeyError:
        raise LookupError(f"no installed module declares the capability {code!r}") from None


def capabilities() -> list[Capability]:
    return list(_capabilities().values())


@cache
def _roles() -> dict[str, Role]:
    declared = {r.code: r for m in _MODULES.values() for r in m.roles}
    granted: dict[str, set[str]] = {code: set(r.capabilities) for code, r in declared.items()}
    for module in _MODULES.values():
        for role, codes in module.grants.items():
            granted.setdefault(role, set()).update(codes)
    return {
        code: Role(code=code, label=role.label, capabilities=frozenset(granted[code]))
        for code, role in declared.items()
    }


def roles() -> dict[str, Role]:
    """Every role of the installed modules with all the capabilities it holds."""
    return _roles()


def role_capabilities(code: str) -> frozenset[str]:
    role = _roles().get(code)
    return role.capabilities if role is not None else frozenset()


# -- what the core reads when it needs it ---------------------------------------------------


@cache
def _line_handlers() -> dict[tuple[str, str], list[tuple[str, LineHandler]]]:
    table: dict[tuple[str, str], list[tuple[str, LineHandler]]] = {}
    for module in installed():
        for handler in module.line_handlers:
            table.setdefault((handler.event, handler.message), []).append((module.name, handler))
    for entries in table.values():
        entries.sort(key=lambda entry: entry[1].order)
    return table


def line_handlers_for(event: str, message: str = "") -> list[tuple[str, Callable[..., Any]]]:
    """(module, handler) for an event, first to last: the message type's own handlers and those
    for every message of the event type, merged by ``order``."""
    table = _line_handlers()
    entries = table.get((event, message), []) + (table.get((event, ""), []) if message else [])
    entries.sort(key=lambda entry: entry[1].order)
    return [(module, resolve(h.handler)) for module, h in entries]


@cache
def _event_kinds() -> dict[str, EventKind]:
    return {e.code: e for m in _MODULES.values() for e in m.event_kinds}


def event_kind(code: str) -> EventKind | None:
    return _event_kinds().get(code)


@cache
def _audit_actions() -> dict[str, AuditAction]:
    return {a.code: a for m in _MODULES.values() for a in m.audit_actions}


def audit_actions() -> list[AuditAction]:
    return list(_audit_actions().values())


def audit_action(code: str) -> AuditAction | None:
    return _audit_actions().get(code)


def panels(kind: str, *, public: bool) -> list[tuple[str, Panel]]:
    return [
        (m.name, p) for m in installed() for p in m.panels if p.kind == kind and p.public == public
    ]


def admin_sections(locality: Any = None) -> list[tuple[Module, AdminSection]]:
    """(module, section) of every installed module (switched on in ``locality`` if given)."""
    return [
        (m, section)
        for m in installed()
        for section in sorted(m.admin, key=lambda s: s.order)
        if locality is None or enabled_in(locality, m.name)
    ]


def admin_section(module: str, code: str) -> AdminSection | None:
    found = _MODULES.get(module)
    return next((s for s in found.admin if s.code == code), None) if found else None


def readiness(locality: Any) -> list[tuple[Module, Readiness, bool]]:
    """What a locality needs before it goes live, per module switched on there, and whether
    each is done."""
    return [
        (m, item, bool(resolve(item.check)(locality)))
        for m in installed()
        if enabled_in(locality, m.name)
        for item in m.readiness
    ]


def tasks(locality: Any) -> list[tuple[Module, Task]]:
    """The tasks of the modules switched on in ``locality``, urgent ones first."""
    found = [(m, t) for m in installed() if enabled_in(locality, m.name) for t in m.tasks]
    return sorted(found, key=lambda pair: not pair[1].urgent)


def intake(locality: Any) -> NavLink | None:
    """The first intake of the modules switched on in ``locality`` (by ``order``), if any."""
    found = [m.intake for m in installed() if m.intake is not None and enabled_in(locality, m.name)]
    return min(found, key=lambda link: link.order) if found else None


def jobs() -> list[tuple[str, Job]]:
    return [(m.name, job) for m in installed() for job in m.jobs]


# -- the module a request is in ---------------------------------------------------------------

# Set while a module's page or API operation runs: the locality it resolves must have the
# module switched on, or the request answers "not found" (see ``require_enabled``).
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("module", default=None)


@contextmanager
def serving(module: str) -> Iterator[None]:
    token = _current.set(module)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str | None:
    return _current.get()


def enabled_in(locality: Any, module: str) -> bool:
    if module == "core" or (module in _MODULES and _MODULES[module].always_on):
        return True
    return module in (locality.modules_enabled or [])


def require_enabled(locality: Any) -> None:
    """Raise NotFound when the request is inside a module the locality has switched off."""
    module = _current.get()
    if module is not None and not enabled_in(locality, module):
        from .errors import NotFound

        raise NotFound()
