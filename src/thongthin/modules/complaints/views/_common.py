"""Small helpers shared by the complaint pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.http import client_ip
from thongthin.core.services.accounts import ReporterIn

from .. import selectors

PHOTO_FIELD = "photos"


def _ip(request) -> str | None:
    return client_ip(request)


def _categories(locality):
    return selectors.categories(locality=locality)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise ValidationFailed(
            _("The location is not a number."), code="location_invalid"
        ) from None


def _reporter(values) -> ReporterIn:
    """Who a form says is reporting (name and/or mobile; neither: an anonymous report)."""
    return ReporterIn(name=values.get("name", ""), phone=values.get("phone", ""))


def _photos(request) -> list[bytes]:
    return [f.read() for f in request.FILES.getlist(PHOTO_FIELD) if f.size]
