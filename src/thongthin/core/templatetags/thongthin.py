"""Template helpers: pick Thai or English text, Buddhist Era dates, workflow labels."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.translation import get_language

from .. import thai
from ..registry import ROLES
from ..workflow import get_case_kind

register = template.Library()


def _english() -> bool:
    return (get_language() or "th").startswith("en")


@register.simple_tag
def t(thai_text: str, english_text: str) -> str:
    """Thai first: ``{% t "รับเรื่อง" "Received" %}`` shows the English only in the English UI."""
    return english_text if _english() else thai_text


@register.filter
def bedate(value: date | datetime | None, style: str = "") -> str:
    """23 พ.ย. 2569 (Thai UI, Buddhist Era) or 23 Nov 2026 (English UI); "time" adds the time."""
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
        return get_case_kind(case.kind).workflow.state(code).label
    except KeyError:
        return code


@register.filter
def kind_label(code: str) -> str:
    try:
        return get_case_kind(code).name
    except KeyError:
        return code


@register.filter
def role_label(code: str) -> str:
    th, en = ROLES.get(code, (code, code))
    return en if _english() else th


@register.filter
def pick(obj, field: str) -> str:
    """``{{ locality|pick:"name" }}`` → name_th or name_en."""
    return getattr(obj, f"{field}_{'en' if _english() else 'th'}", "")


@register.simple_tag
def module_links(where: str, slug: str = "") -> list[tuple[str, str]]:
    """Links modules add: ``{% module_links "portal" locality.slug as links %}`` or "staff"."""
    from django.urls import NoReverseMatch, reverse

    from ..registry import PORTAL_LINKS, STAFF_LINKS

    links = []
    for link in PORTAL_LINKS if where == "portal" else STAFF_LINKS:
        try:
            url = reverse(link.url_name, args=[slug] if where == "portal" else [])
        except NoReverseMatch:
            continue
        links.append((url, link.label_en if _english() else link.label_th))
    return links
