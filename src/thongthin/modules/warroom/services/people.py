"""People in the disaster: disaster incidents, households at risk and who goes first."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thongthin.core import modules, thai
from thongthin.core.errors import ValidationFailed
from thongthin.core.i18n import render_in
from thongthin.core.models import Case, Citizen, Locality, User
from thongthin.core.models.cases import Channel
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.services.cases import case_create

from .. import geo
from ..models import (
    PRIORITY,
    VULNERABILITIES,
    VULNERABILITY_LABELS,
    Alert,
    Household,
    Member,
)
from ..module import PEOPLE
from ..workflow import CATEGORIES
from ._common import changed, require

# Who goes first when an area is warned: the sum of these per household.


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
            _("Unknown category '%(category)s'."),
            code="unknown_category",
            params={"category": category},
            detail={"allowed": list(CATEGORIES)},
        )
    if lat is None or lon is None:
        raise ValidationFailed(_("Give the location."), code="location_required")
    thai.validate_point(lat, lon)
    # The title is a record, written in the locality's working language.
    th = render_in("th", CATEGORIES[category])
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
    require(actor, locality, PEOPLE)
    if not code.strip() or not head_name.strip():
        raise ValidationFailed(_("House code and head of household are required."), code="required")
    thai.validate_point(lat, lon)
    with transaction.atomic():
        home, _created = Household.objects.for_locality(locality).update_or_create(
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
                    _("A member needs a name and known flags."),
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
    require(actor, locality, PEOPLE)
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
                "vulnerable": [
                    {"name": n, "flags": ks, "labels": [str(VULNERABILITY_LABELS[k]) for k in ks]}
                    for n, ks in flags
                    if ks
                ],
            }
        )
    _add_people_in_care(rows, alert=alert, actor=actor, ip=ip)
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


# Who cannot leave on their own, by the care module's ADL band (its selector decides who).
CARE_PRIORITY = {"bedbound": PRIORITY["bedridden"], "homebound": PRIORITY["disabled"]}


def _add_people_in_care(rows: list[dict], *, alert: Alert, actor: User, ip: str | None) -> None:
    """People the care module knows cannot leave alone, inside the alert's area, through its
    selector (which checks the actor's right to see them and logs the read): added to their
    household's row when the war room registered it (matched by household code, a person
    already listed there by name is not listed twice), or as a row of their own."""
    locality = alert.locality
    if not modules.is_installed("care") or not modules.enabled_in(locality, "care"):
        return
    from thongthin.modules.care.selectors import vulnerable_near

    by_code = {row["household"]: row for row in rows}
    for person in vulnerable_near(actor=actor, locality=locality, ip=ip, purpose="warroom"):
        if person["lat"] is None or not geo.in_area(
            person["lat"], person["lon"], circle=alert.circle, polygon=alert.polygon
        ):
            continue
        label = str(person["band_label"])
        row = by_code.get(person["household_code"]) if person["household_code"] else None
        if row is None:
            row = {
                "household": person["household_code"] or person["address"],
                "head": person["name"],
                "zone": "",
                "phone": "",
                "lat": person["lat"],
                "lon": person["lon"],
                "members": 1,
                "score": 0,
                "vulnerable": [],
            }
            rows.append(row)
            by_code[row["household"]] = row
        listed = next((v for v in row["vulnerable"] if v["name"] == person["name"]), None)
        if listed is not None:
            listed["labels"].append(label)
        else:
            row["vulnerable"].append({"name": person["name"], "flags": ["care"], "labels": [label]})
        row["score"] += CARE_PRIORITY.get(person["band"], 0)
