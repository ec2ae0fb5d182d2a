"""War-room reads and the gates: every station, alert, shelter, stay, store, household or
household member a URL or a request names is reached here, by the pages and the API alike,
and each answers "not found" the same way for missing, another locality's and forbidden."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality, User
from thongthin.core.services.audit import AuditAction, audit_record

from .models import (
    AffectedHousehold,
    Alert,
    Household,
    Member,
    Shelter,
    Station,
    Stay,
    Stock,
    Store,
)
from .module import PEOPLE, READINGS, WATCH

# What the public CAP feed publishes: issued alerts and those an update has replaced.
PUBLISHED = (Alert.Status.ISSUED, Alert.Status.REPLACED)


def _watching(actor: Actor, locality: Locality) -> None:
    if not has_capability(actor, locality, WATCH):
        raise NotFound()


def _number(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


def access_station(*, actor: Actor, locality: Locality, code: str) -> Station:
    """A station, for those who watch the war room or send its readings (a gauge's key)."""
    if not (has_capability(actor, locality, WATCH) or has_capability(actor, locality, READINGS)):
        raise NotFound()
    station = Station.objects.for_locality(locality).filter(code=code).first()
    if station is None:
        raise NotFound()
    return station


def access_alert(*, actor: Actor, locality: Locality, identifier: str) -> Alert:
    _watching(actor, locality)
    alert = (
        Alert.objects.for_locality(locality)
        .select_related("locality", "station", "references")
        .filter(identifier=identifier)
        .first()
    )
    if alert is None:
        raise NotFound()
    return alert


def access_published_alert(*, locality: Locality, identifier: str) -> Alert:
    """An alert as the public CAP feed shows it: issued (or since replaced), never a draft."""
    alert = (
        Alert.objects.for_locality(locality)
        .select_related("locality", "station", "references")
        .filter(identifier=identifier, status__in=PUBLISHED)
        .first()
    )
    if alert is None:
        raise NotFound()
    return alert


def published_alerts(*, locality: Locality, limit: int = 100) -> list[Alert]:
    return list(
        Alert.objects.for_locality(locality)
        .filter(status__in=PUBLISHED)
        .select_related("locality")
        .order_by("-sent_at")[:limit]
    )


def access_shelter(*, actor: Actor, locality: Locality, shelter_id: object) -> Shelter:
    _watching(actor, locality)
    shelter = Shelter.objects.for_locality(locality).filter(pk=_number(shelter_id)).first()
    if shelter is None:
        raise NotFound()
    return shelter


def access_stay(*, actor: Actor, locality: Locality, stay_id: object) -> Stay:
    _watching(actor, locality)
    stay = (
        Stay.objects.for_locality(locality)
        .select_related("shelter")
        .filter(pk=_number(stay_id))
        .first()
    )
    if stay is None:
        raise NotFound()
    return stay


def access_store(*, actor: Actor, locality: Locality, store_id: object) -> Store:
    _watching(actor, locality)
    store = Store.objects.for_locality(locality).filter(pk=_number(store_id)).first()
    if store is None:
        raise NotFound()
    return store


def access_household(*, actor: Actor, locality: Locality, code: str) -> Household:
    """A household by its code (no personal data: its members are behind their own gate)."""
    _watching(actor, locality)
    home = Household.objects.for_locality(locality).filter(code=code).first()
    if home is None:
        raise NotFound(_("Unknown household."), code="unknown_household")
    return home


def access_member(*, actor: Actor, locality: Locality, member_id: object) -> Member:
    """A household member: personal data, for those who may see who lives where."""
    if not has_capability(actor, locality, PEOPLE):
        raise NotFound(_("Unknown member."), code="unknown_member")
    member = Member.objects.for_locality(locality).filter(pk=_number(member_id)).first()
    if member is None:
        raise NotFound(_("Unknown member."), code="unknown_member")
    return member


def affected_register(
    *, actor: User, locality: Locality, event: str = "", ip: str | None = None
) -> QuerySet[AffectedHousehold]:
    """The affected-household register for DDPM relief payments: personal data, for those who
    may see it; the read is written to the audit log."""
    if not has_capability(actor, locality, PEOPLE):
        raise NotFound()
    rows = AffectedHousehold.objects.for_locality(locality).select_related("household")
    if event:
        rows = rows.filter(event=event)
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=actor,
        ip=ip,
        detail={"what": "warroom.affected_csv", "rows": rows.count()},
    )
    return rows.order_by("event", "household__code")


def alert_list(*, actor: Actor, locality: Locality, limit: int = 100) -> list[Alert]:
    _watching(actor, locality)
    return list(
        Alert.objects.for_locality(locality).select_related("station", "references")[:limit]
    )


def people_overview(
    *, actor: User, locality: Locality, alert: str = "", ip: str | None = None
) -> dict:
    """What the shelters-and-relief page shows: shelters and who is in them, stores and stock,
    households, and (personal data, for those who may see it; the read is audited) the
    members and the evacuation order for a current warning."""
    from .services import people, shelters

    _watching(actor, locality)
    may_see_people = has_capability(actor, locality, PEOPLE)
    current = Alert.objects.for_locality(locality).filter(status="issued", ended_at__isnull=True)
    chosen = current.filter(identifier=alert).first() or current.first()
    evacuation = (
        people.evacuation_list(alert=chosen, actor=actor, ip=ip)
        if chosen and may_see_people
        else []
    )
    # Names (who stays in which shelter, each household's head, the members) only for those
    # who may see people, and the showing is audited; the others get counts and house codes.
    stays = Stay.objects.for_locality(locality).filter(checked_out_at__isnull=True)
    households = Household.objects.for_locality(locality).order_by("code")
    if may_see_people:
        audit_record(
            action=AuditAction.PII_READ,
            locality=locality,
            actor=actor,
            ip=ip,
            detail={"what": "warroom.people_page"},
        )
    return {
        "alerts": current,
        "chosen": chosen,
        "evacuation": evacuation,
        "shelters": [(s, shelters.occupancy(s)) for s in Shelter.objects.for_locality(locality)],
        # Everyone who runs a shelter checks people out; the names show to people-seers only.
        "stays": list(stays.select_related("shelter")[:300]),
        "staying": stays.count(),
        "stores": Store.objects.for_locality(locality),
        "stock": Stock.objects.for_locality(locality)
        .select_related("store")
        .order_by("store", "item"),
        "households": households[:500] if may_see_people else households.values("code")[:500],
        "members": Member.objects.for_locality(locality).select_related("household")[:1000]
        if may_see_people
        else [],
        "may_see_people": may_see_people,
        "affected": AffectedHousehold.objects.for_locality(locality).count(),
    }


def stations(*, actor: Actor, locality: Locality) -> QuerySet[Station]:
    _watching(actor, locality)
    return Station.objects.for_locality(locality).filter(active=True)


def ready_stations(locality) -> bool:
    return Station.objects.for_locality(locality).filter(active=True).exists()


def ready_shelters(locality) -> bool:
    return Shelter.objects.for_locality(locality).exists()
