"""Writes for localities, departments, staff and citizens (API keys: ``apikeys``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import modules, thai
from ..errors import NotFound, ValidationFailed
from ..geo import point_in_geojson
from ..models import Citizen, Department, Locality, Province, User
from ..models.locality import DEFAULT_DEPARTMENTS, RESERVED_SLUGS, LocalityType
from .audit import AuditAction, audit_record


def locality_create(
    *,
    slug: str,
    type: str,
    name_th: str,
    name_en: str,
    province: Province,
    center_lat: float,
    center_lon: float,
    subdistrict_ids: list[int] | None = None,
    modules_enabled: list[str] | None = None,
    actor: User | None = None,
    **contact: str,
) -> Locality:
    if slug in RESERVED_SLUGS:
        raise ValidationFailed(
            _("The web name '%(slug)s' is reserved."), code="slug_reserved", params={"slug": slug}
        )
    if type not in LocalityType.values:
        raise ValidationFailed(
            _("Unknown locality type '%(type)s'."),
            code="unknown_locality_type",
            params={"type": type},
        )
    if Locality.objects.filter(slug=slug).exists():
        raise ValidationFailed(
            _("The web name '%(slug)s' is taken."), code="slug_taken", params={"slug": slug}
        )
    thai.validate_point(center_lat, center_lon)
    with transaction.atomic():
        locality = Locality.objects.create(
            slug=slug,
            type=type,
            name_th=name_th,
            name_en=name_en,
            province=province,
            center_lat=center_lat,
            center_lon=center_lon,
            modules_enabled=(
                [m.name for m in modules.optional_modules()]
                if modules_enabled is None
                else modules_enabled
            ),
            **contact,
        )
        if subdistrict_ids:
            locality.subdistricts.set(subdistrict_ids)
        Department.objects.bulk_create(
            Department(locality=locality, code=code, name_th=th, name_en=en)
            for code, th, en in DEFAULT_DEPARTMENTS
        )
        for module in modules.installed():
            if module.locality_setup is not None and modules.enabled_in(locality, module.name):
                modules.resolve(module.locality_setup)(locality)
        audit_record(
            action=AuditAction.LOCALITY_CREATED, locality=locality, actor=actor, obj=locality
        )
    return locality


EDITABLE_LOCALITY_FIELDS = (
    "name_th", "name_en", "name_ms", "type", "address", "phone", "email", "website",
    "center_lat", "center_lon", "boundary", "line_channel_id", "require_2fa", "modules_enabled",
    "subdistricts",
)  # fmt: skip
SECRET_LOCALITY_FIELDS = ("line_channel_secret", "line_channel_access_token")


def _validate_boundary(boundary: object) -> None:
    """A GeoJSON Polygon or MultiPolygon (or a Feature of one) with [lon, lat] positions."""
    geometry = boundary.get("geometry") if isinstance(boundary, dict) else None
    geometry = geometry if geometry is not None else boundary
    ok = isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon")
    if ok:
        assert isinstance(geometry, dict)
        polygons = geometry.get("coordinates")
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        try:
            for polygon in polygons or [None]:
                for ring in polygon:
                    if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                        ok = False
                        continue
                    for lon, lat in ring:
                        if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                            ok = False
        except (TypeError, ValueError, KeyError):
            ok = False
    if not ok:
        raise ValidationFailed(
            _("The boundary must be a GeoJSON Polygon or MultiPolygon with closed rings."),
            code="boundary_invalid",
        )


def _value_for_audit(name: str, value: object) -> object:
    if name in SECRET_LOCALITY_FIELDS:
        return "***" if value else ""
    if name == "boundary":
        return "(GeoJSON)" if value else None
    if name == "subdistricts":
        return sorted(getattr(s, "pk", s) for s in value)  # type: ignore[attr-defined]
    return value


def locality_update(
    *, locality: Locality, actor: User, ip: str | None = None, **changes: object
) -> Locality:
    """Change a locality's own settings. Empty secrets keep the stored value (they are never
    shown back); the audit log records each changed field before and after (secrets masked).
    A module switched on gets its starting data (its ``locality_setup``, idempotent)."""
    from ..access import has_capability
    from ..module import ADMINISTER

    if not has_capability(actor, locality, ADMINISTER):
        raise NotFound()
    unknown = set(changes) - set(EDITABLE_LOCALITY_FIELDS) - set(SECRET_LOCALITY_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s."),
            code="unknown_field",
            params={"fields": ", ".join(sorted(unknown))},
        )
    for name in ("name_th", "name_en"):
        if name in changes and not str(changes[name] or "").strip():
            raise ValidationFailed(
                _("%(field)s is required."), code=f"{name}_required", params={"field": name}
            )
    if "type" in changes and changes["type"] not in LocalityType.values:
        raise ValidationFailed(
            _("Unknown locality type '%(type)s'."),
            code="unknown_locality_type",
            params={"type": changes["type"]},
        )
    lat = changes.get("center_lat", locality.center_lat)
    lon = changes.get("center_lon", locality.center_lon)
    thai.validate_point(lat, lon)  # type: ignore[arg-type]
    boundary = changes.get("boundary", locality.boundary)
    if boundary is not None:
        _validate_boundary(boundary)
        if not point_in_geojson(boundary, float(lat), float(lon)):  # type: ignore[arg-type]
            raise ValidationFailed(
                _("The centre is outside the boundary: move the centre or fix the boundary."),
                code="centre_outside_boundary",
            )
    switched_on: list[str] = []
    if "modules_enabled" in changes:
        optional = {m.name for m in modules.optional_modules()}
        wanted = list(changes["modules_enabled"] or [])  # type: ignore[call-overload]
        if set(wanted) - optional:
            raise ValidationFailed(
                _("Unknown modules: %(names)s."),
                code="unknown_module",
                params={"names": ", ".join(sorted(set(wanted) - optional))},
            )
        changes["modules_enabled"] = [m for m in sorted(optional) if m in wanted]
        switched_on = [m for m in wanted if m not in (locality.modules_enabled or [])]
    subdistricts = changes.pop("subdistricts", None)
    if subdistricts is not None:
        province_ids = {
            s.district.province_id  # type: ignore[attr-defined]
            for s in subdistricts  # type: ignore[attr-defined]
        }
        if province_ids - {locality.province_id}:
            raise ValidationFailed(
                _("Choose sub-districts of the locality's own province."),
                code="subdistrict_province",
            )
    diff: dict[str, list[object]] = {}
    for name, value in changes.items():
        if name in SECRET_LOCALITY_FIELDS and not value:
            continue
        if getattr(locality, name) != value:
            diff[name] = [
                _value_for_audit(name, getattr(locality, name)),
                _value_for_audit(name, value),
            ]
            setattr(locality, name, value)
    if subdistricts is not None:
        current = sorted(locality.subdistricts.values_list("pk", flat=True))
        new = _value_for_audit("subdistricts", subdistricts)
        if current != new:
            diff["subdistricts"] = [current, new]
    if diff:
        with transaction.atomic():
            fields = [n for n in diff if n != "subdistricts"]
            if fields:
                locality.save(update_fields=fields)
            if "subdistricts" in diff:
                locality.subdistricts.set(subdistricts)  # type: ignore[arg-type]
            for module in modules.installed():
                if module.name in switched_on and module.locality_setup is not None:
                    modules.resolve(module.locality_setup)(locality)
            audit_record(
                action=AuditAction.LOCALITY_UPDATED,
                locality=locality,
                actor=actor,
                obj=locality,
                ip=ip,
                detail={"fields": sorted(diff), "changes": diff},
            )
    return locality


def staff_create(
    *,
    username: str,
    password: str,
    role: str,
    locality: Locality | None,
    department_code: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
    password_hash: str = "",
) -> User:
    """A staff account. ``password_hash`` instead of ``password``: one already hashed by
    Django's hashers (an import from another system; the demo, whose accounts share one)."""
    if role not in modules.roles():
        raise ValidationFailed(
            _("Unknown role '%(role)s'."),
            code="unknown_role",
            params={"role": role},
            detail={"roles": sorted(modules.roles())},
        )
    if role == "platform_admin" and locality is not None:
        raise ValidationFailed(
            _("A platform admin belongs to no locality."), code="platform_admin_locality"
        )
    if role != "platform_admin" and locality is None:
        raise ValidationFailed(
            _("Staff other than platform admins need a locality."), code="locality_required"
        )
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            _("The username '%(username)s' is taken."),
            code="username_taken",
            params={"username": username},
        )
    department = None
    if department_code:
        try:
            department = Department.objects.for_locality(locality).get(code=department_code)
        except Department.DoesNotExist:
            raise NotFound(
                _("No division '%(code)s' here."), params={"code": department_code}
            ) from None
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            locality=locality,
            department=department,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_staff=role == "platform_admin",
            is_superuser=role == "platform_admin",
        )
        if password_hash:
            user.password = password_hash
        else:
            user.set_password(password)
        user.save()
        audit_record(
            action=AuditAction.STAFF_CREATED,
            locality=locality,
            actor=actor,
            obj=user,
            detail={"role": role, "username": username},
        )
    return user


def national_id_protect(value: str) -> tuple[str, str]:
    """(masked, keyed hash) of a valid national ID, what we keep instead of the number itself;
    ("", "") for none; ValidationFailed for an invalid one."""
    if not value:
        return "", ""
    if not thai.is_valid_national_id(thai.normalize_national_id(value)):
        raise ValidationFailed(_("The national ID is not valid."), code="national_id_invalid")
    return (
        thai.mask_national_id(value),
        thai.hash_national_id(value, settings.NATIONAL_ID_HASH_KEY),
    )


@dataclass(frozen=True)
class ReporterIn:
    """Who reports, as a form, an API or a chat gives it; filing services turn it into a
    :class:`Citizen` inside their own transaction (:func:`reporter_resolve`)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    line_user_id: str = ""
    language: str = ""

    def __bool__(self) -> bool:
        return any(v.strip() for v in (self.name, self.phone, self.email, self.line_user_id))


def reporter_resolve(
    *, locality: Locality, reporter: Citizen | ReporterIn | None
) -> Citizen | None:
    """The citizen a case is filed for: given, found or created from what they gave, or None
    for an anonymous report. Call inside the filing transaction."""
    if reporter is None or isinstance(reporter, Citizen):
        return reporter
    if not reporter:
        return None
    return citizen_upsert(
        locality=locality,
        phone=reporter.phone,
        display_name=reporter.name,
        email=reporter.email,
        line_user_id=reporter.line_user_id,
        language=reporter.language,
    )


def citizen_upsert(
    *,
    locality: Locality,
    line_user_id: str = "",
    phone: str = "",
    display_name: str = "",
    email: str = "",
    national_id: str = "",
    language: str = "",
) -> Citizen:
    """Find the citizen by LINE id (then phone) in this locality, or create one.

    A phone number anyone can type proves nothing: a citizen found by phone alone only has
    blanks filled in, never a name, LINE account, e-mail or language replaced (otherwise a
    stranger filing with someone's number could rename them or take their notifications)."""
    normalized_phone = ""
    if phone:
        normalized_phone = thai.normalize_thai_mobile(phone) or ""
        if not normalized_phone:
            raise ValidationFailed(
                _("The phone number is not a Thai mobile number."), code="phone_invalid"
            )
    masked, digest = national_id_protect(national_id)
    citizens = Citizen.objects.for_locality(locality)
    citizen = None
    if line_user_id:
        citizen = citizens.filter(line_user_id=line_user_id).first()
    by_phone_only = False
    if citizen is None and normalized_phone:
        citizen = citizens.filter(phone=normalized_phone).first()
        by_phone_only = citizen is not None
    citizen = citizen or Citizen(locality=locality)

    def given(current: str, new: str) -> str:
        return (current or new) if by_phone_only else (new or current)

    citizen.line_user_id = given(citizen.line_user_id, line_user_id)
    citizen.phone = normalized_phone or citizen.phone
    citizen.display_name = given(citizen.display_name, display_name)[:200]
    citizen.email = given(citizen.email, email)
    citizen.language = given(citizen.language, language)
    if national_id and not (by_phone_only and citizen.national_id_hash):
        citizen.national_id_masked, citizen.national_id_hash = masked, digest
    citizen.save()
    return citizen


def credentials_rotate() -> int:
    """Re-encrypt every stored credential (every ``EncryptedTextField`` of every model) with the
    first key of ``THONGTHIN_ENCRYPTION_KEY``; values stored plain get encrypted. Returns the
    number of rows rewritten."""
    from django.apps import apps

    from ..crypto import EncryptedTextField

    rows = 0
    with transaction.atomic():
        for model in apps.get_models():
            names = [f.attname for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not names:
                continue
            # Read decrypted (with whichever key encrypted it), written back with the first key.
            for row in model._base_manager.select_for_update().values("pk", *names):
                model._base_manager.filter(pk=row["pk"]).update(
                    **{name: row[name] or "" for name in names}
                )
                rows += 1
        audit_record(action=AuditAction.CREDENTIALS_ROTATED, detail={"rows": rows})
    return rows
