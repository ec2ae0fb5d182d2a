"""A platform admin creates a locality and invites its first admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ...errors import NotFound, ValidationFailed
from ...models import Locality, User
from ._common import StaffIn
from .people import staff_invite


def locality_onboard(
    *,
    actor: User,
    slug: str,
    type: str,
    name_th: str,
    name_en: str,
    province_id: int,
    center_lat: float | None,
    center_lon: float | None,
    subdistrict_codes: list[int],
    admin: StaffIn,
    channel: str,
    ip: str | None = None,
) -> tuple[Locality, User, str]:
    """A platform admin creates a locality and invites its first admin (who does the rest on
    the web). The centre defaults to the middle of its sub-districts. All or nothing."""
    from ...models import Province, SubDistrict
    from ..accounts import locality_create

    if not actor.is_platform_admin:
        raise NotFound()
    province = Province.objects.filter(pk=province_id).first()
    if province is None:
        raise ValidationFailed(_("Unknown province."), code="province_unknown")
    subs = list(SubDistrict.objects.filter(pk__in=subdistrict_codes, district__province=province))
    missing = sorted(set(subdistrict_codes) - {s.pk for s in subs})
    if missing:
        raise ValidationFailed(
            _("Not sub-districts of %(province)s: %(codes)s"),
            code="subdistrict_province",
            params={"province": province.name_th, "codes": " ".join(map(str, missing))},
        )
    if center_lat is None or center_lon is None:
        points = [(s.lat, s.lon) for s in subs if s.lat is not None and s.lon is not None]
        if not points:
            raise ValidationFailed(
                _("Give the centre, or sub-districts to take it from."), code="centre_required"
            )
        center_lat = sum(p[0] for p in points) / len(points)
        center_lon = sum(p[1] for p in points) / len(points)
    admin = StaffIn(**{**admin.__dict__, "role": "locality_admin", "division": ""})
    with transaction.atomic():
        locality = locality_create(
            slug=slug,
            type=type,
            name_th=name_th.strip(),
            name_en=name_en.strip(),
            province=province,
            center_lat=center_lat,
            center_lon=center_lon,
            subdistrict_ids=[s.pk for s in subs],
            actor=actor,
        )
        user, url = staff_invite(
            locality=locality, actor=actor, person=admin, channel=channel, ip=ip
        )
    return locality, user, url
