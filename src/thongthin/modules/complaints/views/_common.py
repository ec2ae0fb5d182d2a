"""Small helpers shared by the complaint pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.services.accounts import citizen_upsert

from ..models import Category

PHOTO_FIELD = "photos"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _categories(locality):
    return Category.objects.for_locality(locality).filter(active=True)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise ValidationFailed(
            _("The location is not a number."), code="location_invalid"
        ) from None


def _reporter(locality, values):
    """The citizen a form names (name and/or mobile), or None for an anonymous report."""
    if not (values.get("name", "").strip() or values.get("phone", "").strip()):
        return None
    return citizen_upsert(
        locality=locality, phone=values.get("phone", ""), display_name=values.get("name", "")
    )


def _photos(request) -> list[bytes]:
    return [f.read() for f in request.FILES.getlist(PHOTO_FIELD) if f.size]
