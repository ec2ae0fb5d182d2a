"""System checks for configuration that would hurt a real deployment, and for module
declarations that would only fail at the worst moment (a dotted path that does not import, a
menu entry naming a capability nobody declares)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(deploy=True)
def check_database(app_configs: Any, **kwargs: Any) -> list[Warning]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        return [
            Warning(
                "SQLite serves one อปท. on one machine; set DATABASE_URL to PostgreSQL for more.",
                id="thongthin.W001",
            )
        ]
    return []


def _refs(module: Any) -> list[tuple[str, Any]]:
    refs = [
        ("api", module.api),
        ("locality_setup", module.locality_setup),
        ("demo", module.demo),
        *[(f"panels[{p.template}]", p.context) for p in module.panels],
        *[(f"jobs[{job.every_seconds}]", job.run) for job in module.jobs],
        *[(f"tasks[{task.url_name}]", task.count) for task in module.tasks],
        *[(f"line_handlers[{h.event}/{h.message}]", h.handler) for h in module.line_handlers],
        *[(f"case_kinds[{k.code}].guard", k.guard) for k in module.case_kinds],
        *[(f"case_kinds[{k.code}].on_transition", k.on_transition) for k in module.case_kinds],
    ]
    if module.urls:
        refs.append(("urls", f"{module.urls}.app_name"))
    return [(where, ref) for where, ref in refs if ref is not None]


@register(Tags.compatibility)
def check_modules(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every module declaration resolves: its dotted paths import, the capabilities its menus,
    case kinds, actions and grants name are declared by some installed module."""
    from . import modules

    errors = []
    declared = {c.code for c in modules.capabilities()}
    for module in modules.installed():
        for where, ref in _refs(module):
            try:
                modules.resolve(ref)
            except ImportError as exc:
                errors.append(
                    Error(
                        f"module {module.name!r}: {where} = {ref!r} does not import ({exc})",
                        id="thongthin.E001",
                    )
                )
        for task in module.tasks:
            try:
                holds_count = "9173" in str(task.label % {"n": 9173})
            except (KeyError, TypeError, ValueError):  # "%(count)s", "%d", "50%"
                holds_count = False
            if not holds_count:
                errors.append(
                    Error(
                        f"module {module.name!r}: the task {task.url_name!r} has a label without "
                        "its count: write it with %(n)s and plural forms (ngettext_lazy)",
                        id="thongthin.E003",
                    )
                )
        named = {link.capability for link in module.staff_nav if link.capability}
        named |= {task.capability for task in module.tasks}
        for kind in module.case_kinds:
            named |= {kind.view_capability, kind.work_capability}
            named |= {a.capability for a in kind.workflow.actions if a.capability}
        for role in module.roles:
            named |= set(role.capabilities)
        for codes in module.grants.values():
            named |= set(codes)
        for code in sorted(named - declared):
            errors.append(
                Error(
                    f"module {module.name!r} names the capability {code!r}, which no installed "
                    "module declares",
                    id="thongthin.E002",
                )
            )
    return errors
