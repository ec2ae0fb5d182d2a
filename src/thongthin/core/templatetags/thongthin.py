"""Template helpers: Buddhist Era dates, labels from the module registry, menus, names per
language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from .. import modules, thai
from ..i18n import localized
from ..workflow import get_case_kind

register = template.Library()


def _english() -> bool:
    return not (get_language() or "th").startswith("th")


@register.filter
def bedate(value: date | datetime | None, style: str = "") -> str:
    """23 พ.ย. 2569 (Thai UI, Buddhist Era) or 23 Nov 2026 (other languages); "time" adds the
    time."""
    if not value:
        return ""
    with_time = "time" in style
    if _english():
        return thai.format_english_date(value, with_time=with_time)
    return thai.format_thai_date(value, long="long" in style, with_time=with_time)


@register.filter
def status_label(case, status: str | None = None) -> str:
    code = status if status is not None else case.status
    if not code:
        return ""
    try:
        return str(get_case_kind(case.kind).workflow.state(code).label)
    except KeyError:
        return code


@register.filter
def kind_label(code: str) -> str:
    try:
        return str(get_case_kind(code).name)
    except KeyError:
        return code


@register.filter
def role_label(code: str) -> str:
    role = modules.roles().get(code)
    return str(role.label) if role is not None else code


@register.filter
def audit_label(code: str) -> str:
    action = modules.audit_action(code)
    return str(action.label) if action is not None else code


@register.filter
def event_label(event: Any, where: str = "staff") -> str:
    """What a timeline entry is, from the label its module declared: "" for a status change
    (the status itself is shown) and, on the citizen's page, for kinds they are not shown."""
    if event.kind == "transition":
        return ""
    if event.kind == "note":
        from django.utils.translation import gettext

        return gettext("public update") if event.public else gettext("internal note")
    declared = modules.event_kind(event.kind)
    if declared is None:
        return event.kind
    if where == "public" and not declared.public:
        return ""
    return str(declared.label_for(where))


@register.filter
def pick(obj: Any, field: str) -> str:
    """``{{ locality|pick:"name" }}``: the name in the reader's language (name_th, name_en,
    name_ms, with fallbacks)."""
    return localized(obj, field) if obj is not None else ""


@register.simple_tag(takes_context=True)
def nav_links(context: Any, where: str, locality: Any = None) -> list[tuple[str, str]]:
    """The links the installed modules add, for the modules ``locality`` has switched on:
    ``{% nav_links "portal" locality as links %}``, or ``"staff"`` (only the links whose
    capability the signed-in person holds there)."""
    from ..access import has_capability
    from ..models import Locality

    request = context.get("request")
    if not isinstance(locality, Locality):
        locality = None  # a page without one in its context
    if where == "staff" and locality is None and request is not None:
        from ..errors import DomainError
        from ..views.staff import acting_locality

        try:
            locality = acting_locality(request)
        except DomainError:
            locality = None
    if locality is None:
        return []
    user = getattr(request, "user", None)
    entries = []
    for module in modules.installed():
        if not modules.enabled_in(locality, module.name):
            continue
        for link in module.portal_nav if where == "portal" else module.staff_nav:
            if where == "staff" and not has_capability(user, locality, link.capability):
                continue
            try:
                url = reverse(link.url_name, args=[locality.slug] if where == "portal" else [])
            except NoReverseMatch:
                continue
            entries.append((link.order, url, str(link.label)))
    return [(url, label) for _order, url, label in sorted(entries, key=lambda e: e[0])]


@register.simple_tag(takes_context=True)
def language_choices(context: Any) -> list[tuple[str, str]]:
    """The languages to switch to: every language on the citizen side, Thai and English in the
    back office (Malay is written for citizens); the current one is left out."""
    from django.conf import settings

    request = context.get("request")
    staff = request is not None and request.path.startswith("/staff/")
    current = get_language() or settings.LANGUAGE_CODE
    allowed = settings.STAFF_LANGUAGES if staff else [code for code, _ in settings.LANGUAGES]
    return [
        (code, name) for code, name in settings.LANGUAGES if code in allowed and code != current
    ]


@register.simple_tag
def column(row: Any, name: str) -> str:
    """One cell of an admin list: a choice's label, yes/no, a related row's name, or the value."""
    display = getattr(row, f"get_{name}_display", None)
    if callable(display):
        return str(display())
    value = getattr(row, name, "")
    if isinstance(value, bool):
        return "✓" if value else "—"
    if value is None or value == "":
        return "—"
    if hasattr(value, "_meta"):
        return localized(value, "name") if hasattr(value, "name_th") else str(value)
    if isinstance(value, date):  # a date or a moment, in the Buddhist Era on Thai pages
        return bedate(value, "time" if isinstance(value, datetime) else "")
    return str(value)


@register.filter
def index(sequence: Any, position: int) -> Any:
    """``{{ headers|index:forloop.counter0 }}``: one item of a list."""
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return ""


@register.filter
def bemonth(value: str) -> str:
    """A month key ("2026-06") as people read it: มิ.ย. 2569 in Thai, Jun 2026 otherwise."""
    try:
        year, month = (int(part) for part in str(value).split("-")[:2])
        day = date(year, month, 1)
    except (TypeError, ValueError):
        return str(value)
    if _english():
        return f"{thai.MONTHS_EN_SHORT[month - 1]} {year}"
    return f"{thai.MONTHS_TH_SHORT[month - 1]} {day.year + thai.BE_OFFSET}"
