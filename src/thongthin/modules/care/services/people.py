"""People in care: registered with the purpose and basis of keeping their data (PDPA), their
status over time, and their ADL screenings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, ValidationFailed
from thongthin.core.models import Citizen, Locality, SubDistrict, User
from thongthin.core.services.accounts import national_id_protect
from thongthin.core.services.audit import audit_record

from .. import adl, rules
from ..models import DISABILITY_TYPES, Assessment, Contact, Person
from ..module import ASSESS, Audit


@dataclass
class PersonIn:
    """What the registration form (or the API) gives."""

    prename: str = ""
    first_name: str = ""
    last_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    national_id: str = ""
    phone: str = ""
    house_no: str = ""
    moo: int | None = None
    village: str = ""
    subdistrict: int | None = None
    lat: float | None = None
    lon: float | None = None
    household_code: str = ""
    insurance: str = "uc"
    disability_types: list[str] = field(default_factory=list)
    hypertension: bool = False
    diabetes: bool = False
    lives_alone: bool = False
    consent_purpose: str = ""
    consent_basis: str = ""
    consent_by: str = ""
    consent_on: date | None = None
    contact_name: str = ""
    contact_relation: str = ""
    contact_phone: str = ""
    different: bool = False  # confirmed: not the one registered with this name and birth date


# No 0/O or 1/I: read aloud or copied from paper without mistakes.
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def line_code_new() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(8))


def _invalid(message: Any, code: str, field_name: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, detail={"field": field_name})


def _checked(locality: Locality, data: PersonIn) -> dict[str, Any]:
    today = timezone.localdate()
    for name, label in (("first_name", _("First name")), ("last_name", _("Last name"))):
        if not getattr(data, name).strip():
            raise _invalid(_("%(field)s is needed.") % {"field": label}, "required", name)
    if data.sex not in ("1", "2"):
        raise _invalid(_("Choose male or female."), "sex_invalid", "sex")
    if data.birth_date is None:
        raise _invalid(
            _("The birth date is needed (day/month/year B.E.)."), "required", "birth_date"
        )
    if data.birth_date > today or data.birth_date.year < today.year - 130:
        raise _invalid(_("The birth date is not possible."), "birth_date_invalid", "birth_date")
    if not data.house_no.strip():
        raise _invalid(_("The house number is needed."), "required", "house_no")
    if data.moo is not None and not 1 <= data.moo <= 99:
        raise _invalid(_("The village number (หมู่) is 1 to 99."), "moo_invalid", "moo")
    subdistrict = None
    if data.subdistrict:
        subdistrict = locality.subdistricts.filter(pk=data.subdistrict).first()
        if subdistrict is None:
            subdistrict = SubDistrict.objects.filter(
                pk=data.subdistrict, district__province=locality.province_id
            ).first()
        if subdistrict is None:
            raise _invalid(_("Unknown sub-district."), "subdistrict_invalid", "subdistrict")
    thai.validate_point(data.lat, data.lon)
    phone = ""
    if data.phone.strip():
        phone = thai.normalize_thai_mobile(data.phone) or ""
        if not phone:
            raise _invalid(_("The mobile number is not valid."), "phone_invalid", "phone")
    kinds = {code for code, _label in DISABILITY_TYPES}
    if any(t not in kinds for t in data.disability_types):
        raise _invalid(_("Unknown disability type."), "disability_invalid", "disability_types")
    if data.insurance not in Person.Insurance.values:
        raise _invalid(_("Unknown health insurance."), "insurance_invalid", "insurance")
    if not data.consent_purpose.strip():
        raise _invalid(
            _("Say what the data is kept for (the purpose told to the person)."),
            "consent_required",
            "consent_purpose",
        )
    if data.consent_basis not in Person.Basis.values:
        raise _invalid(
            _("Choose the basis for keeping the data."), "consent_required", "consent_basis"
        )
    if not data.consent_by.strip():
        raise _invalid(_("Say who gave the consent."), "consent_required", "consent_by")
    if data.consent_on is None or data.consent_on > today:
        raise _invalid(
            _("The consent date is needed and cannot be in the future."),
            "consent_required",
            "consent_on",
        )
    masked, hashed = national_id_protect(data.national_id.strip())
    return {
        "prename": data.prename.strip()[:30],
        "first_name": data.first_name.strip()[:100],
        "last_name": data.last_name.strip()[:100],
        "sex": data.sex,
        "birth_date": data.birth_date,
        "national_id_masked": masked,
        "national_id_hash": hashed,
        "phone": phone,
        "house_no": data.house_no.strip()[:30],
        "moo": data.moo,
        "village": data.village.strip()[:100],
        "subdistrict": subdistrict,
        "lat": data.lat,
        "lon": data.lon,
        "household_code": data.household_code.strip()[:40],
        "insurance": data.insurance,
        "disability_types": sorted(set(data.disability_types)),
        "hypertension": data.hypertension,
        "diabetes": data.diabetes,
        "lives_alone": data.lives_alone,
        "consent_purpose": data.consent_purpose.strip()[:2000],
        "consent_basis": data.consent_basis,
        "consent_by": data.consent_by.strip()[:200],
        "consent_on": data.consent_on,
    }


def person_register(
    *, locality: Locality, actor: User, data: PersonIn, ip: str | None = None
) -> Person:
    """Register someone in care; the same national ID twice in a locality is refused."""
    require_capability(actor, locality, ASSESS)
    values = _checked(locality, data)
    contact_phone = ""
    if data.contact_phone.strip():
        contact_phone = thai.normalize_thai_mobile(data.contact_phone) or ""
        if not contact_phone:
            raise _invalid(_("The mobile number is not valid."), "phone_invalid", "contact_phone")
    if (
        values["national_id_hash"]
        and Person.objects.for_locality(locality)
        .filter(national_id_hash=values["national_id_hash"])
        .exists()
    ):
        raise Conflict(
            _("This national ID is already registered in care here."),
            code="person_exists",
            detail={"field": "national_id"},
        )
    same = Person.objects.for_locality(locality).filter(
        first_name=values["first_name"],
        last_name=values["last_name"],
        birth_date=values["birth_date"],
    )
    if not data.different and same.exists():
        raise Conflict(
            _("Someone with this name and birth date is already registered. Check the list, or "
              "tick that this is a different person."),
            code="person_maybe_exists",
            detail={"field": "different"},
        )  # fmt: skip
    try:
        with transaction.atomic():
            person = Person.objects.create(
                locality=locality,
                registered_by=actor,
                reading_token=secrets.token_urlsafe(18),
                line_code=line_code_new(),
                **values,
            )
            if data.contact_name.strip():
                Contact.objects.create(
                    locality=locality,
                    person=person,
                    name=data.contact_name.strip()[:200],
                    relation=data.contact_relation.strip()[:60],
                    phone=contact_phone,
                    family_caregiver=True,
                )
            audit_record(
                action=Audit.PERSON_REGISTERED, locality=locality, actor=actor, obj=person, ip=ip
            )
    except IntegrityError:
        raise Conflict(
            _("This national ID is already registered in care here."),
            code="person_exists",
            detail={"field": "national_id"},
        ) from None
    return person


def person_update(*, person: Person, actor: User, data: PersonIn, ip: str | None = None) -> Person:
    """Correct a registered person's details (and their first relative). An empty national ID
    keeps the one on record: the number itself is never shown again, only its masked form."""
    locality = person.locality
    require_capability(actor, locality, ASSESS)
    values = _checked(locality, data)
    if not data.national_id.strip():
        del values["national_id_masked"], values["national_id_hash"]
    contact_phone = ""
    if data.contact_phone.strip():
        contact_phone = thai.normalize_thai_mobile(data.contact_phone) or ""
        if not contact_phone:
            raise _invalid(_("The mobile number is not valid."), "phone_invalid", "contact_phone")
    changed = sorted(k for k, v in values.items() if getattr(person, k) != v)
    try:
        with transaction.atomic():
            for key, value in values.items():
                setattr(person, key, value)
            person.save()
            if data.contact_name.strip():
                contact = person.contacts.order_by("id").first() or Contact(
                    locality=locality, person=person, family_caregiver=True
                )
                contact.name = data.contact_name.strip()[:200]
                contact.relation = data.contact_relation.strip()[:60]
                contact.phone = contact_phone
                contact.save()
            audit_record(
                action=Audit.PERSON_UPDATED,
                locality=locality,
                actor=actor,
                obj=person,
                ip=ip,
                detail={"fields": changed},  # which fields, not their (health) values
            )
    except IntegrityError:
        raise Conflict(
            _("This national ID is already registered in care here."),
            code="person_exists",
            detail={"field": "national_id"},
        ) from None
    return person


def contact_link_line(*, code: str, citizen: Citizen) -> Person | None:
    """Link a LINE user to the active person whose card carries ``code`` (as a contact, once),
    and give the person back; ``None`` when no active person of the citizen's locality has it."""
    locality = citizen.locality
    person = (
        Person.objects.for_locality(locality)
        .filter(line_code=code.upper(), status=Person.Status.ACTIVE)
        .first()
    )
    if person is None:
        return None
    with transaction.atomic():
        _contact, made = Contact.objects.for_locality(locality).get_or_create(
            locality=locality,
            person=person,
            citizen=citizen,
            defaults={"name": citizen.display_name or "LINE", "relation": "LINE"},
        )
        if made:
            audit_record(
                action=Audit.PERSON_UPDATED, locality=locality, actor_label="line", obj=person,
                detail={"fields": ["contacts"], "line": True},
            )  # fmt: skip
    return person


def person_status_set(
    *,
    person: Person,
    actor: User,
    status: str,
    on: date | None,
    ip: str | None = None,
) -> Person:
    """Moved away or deceased (with the date), or back in care. Visits still due end."""
    from ..models import Visit

    require_capability(actor, person.locality, ASSESS)
    if status not in Person.Status.values:
        raise _invalid(_("Unknown status."), "status_invalid", "status")
    today = timezone.localdate()
    if status != Person.Status.ACTIVE and (on is None or on > today):
        raise _invalid(
            _("The date is needed and cannot be in the future."), "date_invalid", "status_on"
        )
    with transaction.atomic():
        before = person.status
        person.status = status
        person.status_on = on if status != Person.Status.ACTIVE else None
        person.save(update_fields=["status", "status_on"])
        if status != Person.Status.ACTIVE:
            Visit.objects.for_locality(person.locality_id).filter(
                person=person, status=Visit.Status.DUE, due_on__gte=on
            ).delete()
        audit_record(
            action=Audit.PERSON_UPDATED,
            locality=person.locality,
            actor=actor,
            obj=person,
            ip=ip,
            detail={"status": [before, status], "on": on.isoformat() if on else None},
        )
    return person


def assessment_record(
    *,
    person: Person,
    actor: User,
    items: dict[str, Any],
    tai: str = "",
    assessed_on: date | None = None,
    notes: str = "",
    ip: str | None = None,
) -> Assessment:
    """Score a Barthel ADL screening (and TAI); the person's band and group follow the latest."""
    locality = person.locality
    require_capability(actor, locality, ASSESS)
    on = assessed_on or timezone.localdate()
    if on > timezone.localdate() or on < person.birth_date:
        raise _invalid(_("The screening date is not possible."), "date_invalid", "assessed_on")
    try:
        result = adl.classify(items, tai or None, rules.tai_groups())
    except adl.ScoreError as exc:
        raise ValidationFailed(exc.message, code=exc.code, detail={"field": exc.field}) from None
    with transaction.atomic():
        row = Assessment.objects.create(
            locality=locality,
            person=person,
            assessed_on=on,
            items=result.items,
            total=result.total,
            band=result.band_code,
            tai=result.tai,
            group=result.group,
            rule=result.rule,
            assessor=actor,
            notes=notes.strip()[:2000],
        )
        latest = (
            Assessment.objects.for_locality(locality)
            .filter(person=person)
            .order_by("-assessed_on", "-id")[0]
        )
        Person.objects.for_locality(locality).filter(pk=person.pk).update(
            adl_total=latest.total, band=latest.band, group=latest.group
        )
        person.adl_total, person.band, person.group = latest.total, latest.band, latest.group
        audit_record(
            action=Audit.ASSESSED,
            locality=locality,
            actor=actor,
            obj=person,
            ip=ip,
            detail={"total": result.total, "group": result.group},
        )
    return row
