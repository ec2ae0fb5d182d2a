"""People in the disaster: households at risk, disaster incidents, shelters, relief."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.errors import Conflict, NotFound, ValidationFailed
from thongthin.core.models import Case, Citizen, Locality, User
from thongthin.core.models.cases import Channel
from thongthin.core.services.attachments import attachment_store
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.services.cases import case_create

from .. import geo
from ..models import (
    VULNERABILITIES,
    AffectedHousehold,
    Alert,
    Household,
    Member,
    Shelter,
    Stay,
    Stock,
    StockMove,
    Store,
)
from ..workflow import CATEGORIES
from ._common import ISSUE_ROLES, PEOPLE_ROLES, WATCH_ROLES, changed, require

# Who goes first when an area is warned: the sum of these per household.
PRIORITY = {"bedridden": 5, "disabled": 3, "elderly_alone": 3, "infant": 2, "pregnant": 2}


def incident_report(
    *,
    locality: Locality,
    category: str,
    lat: float | None,
    lon: float | None,
    description: str = "",
    citizen: Citizen | None = None,
    actor: User | None = None,
    channel: str = Channel.WEB,
) -> Case:
    """A flooded road, a household to evacuate or a rescue request, as a case."""
    if category not in CATEGORIES:
        raise ValidationFailed(
            f"Unknown category {category!r}.",
            code="unknown_category",
            detail={"allowed": list(CATEGORIES)},
        )
    if lat is None or lon is None:
        raise ValidationFailed(
            "Give the location.", message_th="กรุณาระบุตำแหน่ง", code="location_required"
        )
    thai.validate_point(lat, lon)
    th, _ = CATEGORIES[category]
    with transaction.atomic():
        case = case_create(
            locality=locality,
            kind="disaster",
            title=f"{th}: {description[:80]}".strip(": "),
            description=description,
            channel=channel,
            reporter=citizen,
            lat=lat,
            lon=lon,
            category=category,
            priority="urgent" if category == "rescue" else "high",
            actor=actor,
            actor_label="" if actor else "citizen",
        )
        changed(locality, "incident", number=case.number)
    return case


def household_save(
    *,
    locality: Locality,
    actor: User,
    code: str,
    head_name: str,
    lat: float,
    lon: float,
    zone: str = "",
    address: str = "",
    phone: str = "",
    members: list[dict] | None = None,
) -> Household:
    require(actor, locality, PEOPLE_ROLES)
    if not code.strip() or not head_name.strip():
        raise ValidationFailed("House code and head of household are required.", code="required")
    thai.validate_point(lat, lon)
    with transaction.atomic():
        home, _ = Household.objects.for_locality(locality).update_or_create(
            locality=locality,
            code=code.strip()[:40],
            defaults={
                "head_name": head_name.strip()[:200],
                "lat": lat,
                "lon": lon,
                "zone": zone[:100],
                "address": address[:300],
                "phone": phone[:20],
            },
        )
        for person in members or []:
            flags = {k: bool(person.get(k)) for k in VULNERABILITIES}
            unknown = set(person) - {"name", "sex", "birth_year", *VULNERABILITIES}
            if unknown or not str(person.get("name", "")).strip():
                raise ValidationFailed(
                    "A member needs a name and known flags.",
                    code="member_invalid",
                    detail={"unknown": sorted(unknown)},
                )
            Member.objects.create(
                locality=locality,
                household=home,
                name=str(person["name"])[:200],
                sex=str(person.get("sex", ""))[:1],
                birth_year=person.get("birth_year"),
                **flags,
            )
    return home


def evacuation_list(*, alert: Alert, actor: User, ip: str | None = None) -> list[dict]:
    """Households inside the alert's area, those with the most vulnerable people first."""
    locality = alert.locality
    require(actor, locality, PEOPLE_ROLES)
    homes = Household.objects.for_locality(locality).prefetch_related("members")
    rows = []
    for home in homes:
        if not geo.in_area(home.lat, home.lon, circle=alert.circle, polygon=alert.polygon):
            continue
        members = list(home.members.all())
        flags = [(m.name, [k for k in VULNERABILITIES if getattr(m, k)]) for m in members]
        score = sum(PRIORITY.get(k, 0) for _, ks in flags for k in ks)
        rows.append(
            {
                "household": home.code,
                "head": home.head_name,
                "zone": home.zone,
                "phone": home.phone,
                "lat": home.lat,
                "lon": home.lon,
                "members": len(members),
                "score": score,
                "vulnerable": [{"name": n, "flags": ks} for n, ks in flags if ks],
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["zone"], r["household"]))
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=actor,
        ip=ip,
        obj=alert,
        detail={"what": "warroom.evacuation_list", "households": len(rows)},
    )
    return rows


# -- shelters -----------------------------------------------------------------------------


def shelter_set_status(*, shelter: Shelter, actor: User, status: str) -> Shelter:
    require(actor, shelter.locality, ISSUE_ROLES)
    if status not in Shelter.Status.values:
        raise ValidationFailed(f"Unknown status {status!r}.", code="status_invalid")
    Shelter.objects.for_locality(shelter.locality_id).filter(pk=shelter.pk).update(status=status)
    shelter.status = status
    changed(shelter.locality, "shelter", shelter=shelter.pk)
    return shelter


def _age_group(birth_year: int | None, given: str) -> str:
    if given in Stay.AgeGroup.values:
        return given
    if birth_year is None:
        return Stay.AgeGroup.ADULT
    age = timezone.localdate().year - birth_year
    return (
        Stay.AgeGroup.CHILD
        if age < 15
        else Stay.AgeGroup.ELDERLY
        if age >= 60
        else Stay.AgeGroup.ADULT
    )


def check_in(
    *,
    shelter: Shelter,
    actor: User,
    member: Member | None = None,
    name: str = "",
    sex: str = "",
    birth_year: int | None = None,
    age_group: str = "",
    special_needs: bool = False,
) -> Stay:
    """One person in: the shelter must be open and have a free place; a person already staying
    somewhere is refused (``already_checked_in``). Concurrent check-ins never overfill it."""
    locality = shelter.locality
    require(actor, locality, WATCH_ROLES)
    if member is not None:
        if member.locality_id != locality.pk:
            raise NotFound()
        name, sex, birth_year = member.name, member.sex, member.birth_year
        special_needs = special_needs or member.bedridden or member.disabled or member.pregnant
        key = f"member:{member.pk}"
    else:
        name = (name or "").strip()
        if not name:
            raise ValidationFailed(
                "Give the person's name.", message_th="กรุณาระบุชื่อ", code="name_required"
            )
        key = f"name:{' '.join(name.split()).lower()}|{birth_year or ''}"
    if sex not in ("", "m", "f"):
        raise ValidationFailed("Sex is m, f or blank.", code="sex_invalid")
    try:
        with transaction.atomic():
            locked = Shelter.objects.for_locality(locality).select_for_update().get(pk=shelter.pk)
            if locked.status != Shelter.Status.OPEN:
                raise Conflict(
                    "The shelter is closed.", message_th="ศูนย์พักพิงปิดอยู่", code="shelter_closed"
                )
            present = (
                Stay.objects.for_locality(locality)
                .filter(shelter=locked, checked_out_at__isnull=True)
                .count()
            )
            if present >= locked.capacity:
                raise Conflict(
                    "The shelter is full.",
                    message_th="ศูนย์พักพิงเต็มแล้ว",
                    code="shelter_full",
                    detail={"capacity": locked.capacity},
                )
            stay = Stay.objects.create(
                locality=locality,
                shelter=locked,
                member=member,
                household=member.household if member else None,
                person_key=key,
                name=name[:200],
                sex=sex,
                age_group=_age_group(birth_year, age_group),
                special_needs=special_needs,
                checked_in_at=timezone.now(),
            )
            changed(locality, "shelter", shelter=locked.pk)
    except IntegrityError:
        raise Conflict(
            "This person is already checked in at a shelter.",
            message_th="บุคคลนี้เข้าพักอยู่ที่ศูนย์พักพิงแล้ว",
            code="already_checked_in",
        ) from None
    return stay


def check_out(*, stay: Stay, actor: User) -> Stay:
    require(actor, stay.locality, WATCH_ROLES)
    with transaction.atomic():
        updated = (
            Stay.objects.for_locality(stay.locality_id)
            .filter(pk=stay.pk, checked_out_at__isnull=True)
            .update(checked_out_at=timezone.now())
        )
        if not updated:
            raise Conflict(
                "Already checked out.", message_th="ออกจากศูนย์แล้ว", code="already_checked_out"
            )
        changed(stay.locality, "shelter", shelter=stay.shelter_id)
    stay.refresh_from_db()
    return stay


def occupancy(shelter: Shelter, *, at=None) -> dict:
    """Head counts now (or at a past moment, for the replay) and free places."""
    stays = Stay.objects.for_locality(shelter.locality_id).filter(shelter=shelter)
    if at is None:
        stays = stays.filter(checked_out_at__isnull=True)
    else:
        stays = stays.filter(checked_in_at__lte=at).exclude(checked_out_at__lte=at)
    rows = list(stays.values_list("sex", "age_group", "special_needs"))
    present = len(rows)
    return {
        "present": present,
        "free": max(0, shelter.capacity - present),
        "capacity": shelter.capacity,
        "male": sum(1 for s, _, _ in rows if s == "m"),
        "female": sum(1 for s, _, _ in rows if s == "f"),
        "children": sum(1 for _, a, _ in rows if a == "child"),
        "elderly": sum(1 for _, a, _ in rows if a == "elderly"),
        "special_needs": sum(1 for _, _, n in rows if n),
    }


# -- relief -------------------------------------------------------------------------------


def stock_receive(
    *, store: Store, actor: User, item: str, quantity: int, unit: str = "ชิ้น"
) -> Stock:
    require(actor, store.locality, ISSUE_ROLES)
    item = (item or "").strip()[:100]
    if not item or quantity <= 0:
        raise ValidationFailed("Name the item and a positive quantity.", code="quantity_invalid")
    with transaction.atomic():
        stock, _ = Stock.objects.for_locality(store.locality_id).get_or_create(
            locality=store.locality, store=store, item=item, defaults={"unit": unit[:30]}
        )
        Stock.objects.for_locality(store.locality_id).filter(pk=stock.pk).update(
            quantity=F("quantity") + quantity
        )
        StockMove.objects.create(
            locality=store.locality,
            store=store,
            item=item,
            quantity=quantity,
            kind="receive",
            by=actor,
        )
    stock.refresh_from_db()
    return stock


def distribute(
    *,
    store: Store,
    actor: User,
    household: Household,
    item: str,
    quantity: int,
    recipient_name: str,
    confirmed: bool,
    photo: bytes | None = None,
) -> StockMove:
    """Give supplies to a registered household: the recipient confirms, a photo records it,
    and stock can never go below zero."""
    locality = store.locality
    require(actor, locality, WATCH_ROLES)
    if household.locality_id != locality.pk:
        raise NotFound()
    if quantity <= 0:
        raise ValidationFailed("The quantity must be positive.", code="quantity_invalid")
    if not confirmed or not (recipient_name or "").strip():
        raise ValidationFailed(
            "The recipient must confirm receipt (name and confirmation).",
            message_th="ผู้รับต้องยืนยันการรับของ (ชื่อและการยืนยัน)",
            code="confirmation_required",
        )
    if not photo:
        raise ValidationFailed(
            "Take a photo of the hand-over.", message_th="ต้องมีรูปถ่ายการส่งมอบ", code="photo_required"
        )
    with transaction.atomic():
        taken = (
            Stock.objects.for_locality(locality)
            .filter(store=store, item=item, quantity__gte=quantity)
            .update(quantity=F("quantity") - quantity)
        )
        if not taken:
            raise Conflict(
                "Not enough in stock.", message_th="ของในคลังไม่พอ", code="insufficient_stock"
            )
        attachment = attachment_store(
            locality=locality, data=photo, original_name="handover.jpg", actor=actor, public=False
        )
        move = StockMove.objects.create(
            locality=locality,
            store=store,
            item=item,
            quantity=-quantity,
            kind="distribute",
            household=household,
            recipient_name=recipient_name.strip()[:200],
            confirmed=True,
            photo=attachment,
            by=actor,
        )
        changed(locality, "relief", store=store.pk)
    return move


def affected_register(
    *,
    household: Household,
    actor: User,
    event: str,
    flooded_from: date,
    eligibility: int,
    applicant_name: str,
    flooded_to: date | None = None,
    damage: str = "",
    national_id: str = "",
    residence_proof: str = "",
    bank: str = "",
    bank_account: str = "",
) -> AffectedHousehold:
    locality = household.locality
    require(actor, locality, PEOPLE_ROLES)
    if eligibility not in (1, 2, 3, 4):
        raise ValidationFailed("Eligibility is criterion 1-4.", code="eligibility_invalid")
    if flooded_to is not None and flooded_to < flooded_from:
        raise ValidationFailed("The flood cannot end before it starts.", code="dates_invalid")
    masked = digest = ""
    if national_id:
        if not thai.is_valid_national_id(thai.normalize_national_id(national_id)):
            raise ValidationFailed(
                "The national ID is not valid.",
                message_th="เลขประจำตัวประชาชนไม่ถูกต้อง",
                code="national_id_invalid",
            )
        masked = thai.mask_national_id(national_id)
        digest = thai.hash_national_id(national_id, settings.NATIONAL_ID_HASH_KEY)
    digits = "".join(c for c in bank_account if c.isdigit())
    try:
        with transaction.atomic():
            return AffectedHousehold.objects.create(
                locality=locality,
                household=household,
                event=event.strip()[:200],
                flooded_from=flooded_from,
                flooded_to=flooded_to,
                eligibility=eligibility,
                damage=damage,
                applicant_name=applicant_name.strip()[:200],
                applicant_id_masked=masked,
                applicant_id_hash=digest,
                residence_proof=residence_proof[:30],
                bank=bank[:60],
                bank_account_masked=f"xxx-x-x{digits[-4:]}" if digits else "",
            )
    except IntegrityError:
        raise Conflict(
            "This household is already registered for this event.",
            message_th="ครัวเรือนนี้ลงทะเบียนสำหรับเหตุการณ์นี้แล้ว",
            code="already_registered",
        ) from None
