"""Alerts: rules turn a crossing (observed, or forecast from upstream) into an alert; an operator
reviews and issues it, or the rule issues it at once; issuing pushes it by LINE to the people in
the area. Updates and cancellations are new alerts that reference the one they replace."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import IllegalTransition, ValidationFailed
from thongthin.core.i18n import Localized, Message
from thongthin.core.models import Citizen, Locality, User
from thongthin.core.services.audit import audit_record
from thongthin.core.services.notifications import notify_citizen

from .. import geo
from ..cap import cap_url
from ..levels import threshold_value
from ..models import Alert, AlertRule, Household, Severity, Station, Subscription
from ..module import ACT
from ._common import changed, require

URGENCY = {"Extreme": "Immediate", "Severe": "Immediate", "Moderate": "Expected", "Minor": "Future"}
RESPONSE = {"Extreme": "Evacuate", "Severe": "Evacuate", "Moderate": "Prepare", "Minor": "Monitor"}
OPEN = (Alert.Status.DRAFT, Alert.Status.ISSUED)
# The first line of the message pushed to the people in the area, by CAP msgType.
HEADINGS = {
    "Alert": _("⚠️ %(locality)s warning"),
    "Update": _("⚠️ %(locality)s warning update"),
    "Cancel": _("⚠️ %(locality)s warning cancelled"),
}
LIFETIME = timedelta(hours=24)


def _identifier(locality: Locality, at: datetime) -> str:
    return f"TH-{locality.slug}-{timezone.localtime(at):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _open_for(rule: AlertRule) -> Alert | None:
    return (
        Alert.objects.for_locality(rule.locality_id)
        .filter(rule=rule, status__in=OPEN, ended_at__isnull=True)
        .first()
    )


def evaluate(
    *,
    station: Station,
    previous: float | None,
    value: float,
    at: datetime,
    rules: list[AlertRule] | None = None,
) -> list[str]:
    """Called in the ingestion transaction with a station's new latest value; ``rules`` are the
    station's active observed-crossing rules when the caller has them already."""
    created = []
    if rules is None:
        rules = list(station.rules.filter(active=True, forecast=False))
    for rule in rules:
        limit = threshold_value(station, rule.threshold)
        if limit is not None and value >= limit and (previous is None or previous < limit):
            alert = _from_rule(
                rule,
                station,
                {"station": station.code, "value": value, "at": at.isoformat(), "threshold": limit},
            )
            if alert:
                created.append(alert.identifier)
    warning = station.warning_level
    if warning is not None and value >= warning and (previous is None or previous < warning):
        from ..forecast import travel_hours

        downstream_rules = (
            AlertRule.objects.for_locality(station.locality_id)
            .filter(
                forecast=True,
                active=True,
                station__river=station.river,
                station__river_order__gt=station.river_order,
            )
            .select_related("station")
        )
        for rule in downstream_rules:
            hours, learned = travel_hours(station, rule.station)
            arrival = at + timedelta(hours=hours)
            alert = _from_rule(
                rule,
                rule.station,
                {
                    "upstream": station.code,
                    "value": value,
                    "at": at.isoformat(),
                    "travel_hours": hours,
                    "learned": learned,
                    "arrival": arrival.isoformat(),
                },
                onset=arrival,
            )
            if alert:
                created.append(alert.identifier)
    return created


def _from_rule(
    rule: AlertRule, station: Station, trigger: dict, *, onset: datetime | None = None
) -> Alert | None:
    if _open_for(rule) is not None:
        return None  # this crossing is already being warned about
    now = timezone.now()
    forecast = onset is not None
    # The alert's wording is the published CAP record, in Thai (its <info> says th-TH): it is
    # written in Thai whoever is reading now.
    level = {"warning": "ระดับเตือนภัย", "critical": "ระดับวิกฤต", "bank": "ระดับตลิ่ง"}[rule.threshold]
    if forecast:
        hours = trigger["travel_hours"]
        headline = (
            f"{rule.event_th}: คาดว่าน้ำที่{station.name} จะถึง{level}ในอีกประมาณ {hours:.0f} ชั่วโมง"
        )
        description = (
            f"ระดับน้ำที่สถานี {trigger['upstream']} ต้นน้ำสูงถึงระดับเตือนภัย ({trigger['value']:.2f} ม.รทก.) "
            f"น้ำจะเดินทางถึง{station.name} ประมาณ {timezone.localtime(onset):%d/%m %H:%M} น."
        )
    else:
        headline = f"{rule.event_th}: ระดับน้ำที่{station.name} ถึง{level}แล้ว"
        description = f"ระดับน้ำ {trigger['value']:.2f} ม.รทก. (เกณฑ์ {trigger['threshold']:.2f})"
    alert = Alert.objects.create(
        locality_id=rule.locality_id,
        identifier=_identifier(rule.locality, now),
        rule=rule,
        station=station,
        category="Met",
        event=rule.event_th,
        urgency="Future" if forecast else URGENCY[rule.severity],
        severity=rule.severity,
        certainty="Likely" if forecast else "Observed",
        response_type=RESPONSE[rule.severity],
        headline=headline[:300],
        description=description,
        instruction=rule.instruction_th,
        area_desc=rule.area_desc,
        circle=rule.circle,
        polygon=rule.polygon,
        onset=onset,
        expires=(onset or now) + LIFETIME,
        created_at=now,
        trigger=trigger,
    )
    changed(rule.locality, "alert", identifier=alert.identifier)
    if rule.auto_issue:
        _issue(alert, actor=None)
    return alert


def alert_issue(*, alert: Alert, actor: User, ip: str | None = None) -> Alert:
    require(actor, alert.locality, ACT)
    with transaction.atomic():
        locked = Alert.objects.for_locality(alert.locality_id).select_for_update().get(pk=alert.pk)
        if locked.status != Alert.Status.DRAFT:
            raise IllegalTransition(
                _("Only an alert awaiting review can be issued."),
                code="alert_not_draft",
            )
        _issue(locked, actor=actor, ip=ip)
    return locked


def alert_discard(*, alert: Alert, actor: User, reason: str) -> Alert:
    require(actor, alert.locality, ACT)
    if not (reason or "").strip():
        raise ValidationFailed(_("Give a reason."), code="reason_required")
    with transaction.atomic():
        updated = (
            Alert.objects.for_locality(alert.locality_id)
            .filter(pk=alert.pk, status=Alert.Status.DRAFT)
            .update(status=Alert.Status.DISCARDED, ended_at=timezone.now())
        )
        if not updated:
            raise IllegalTransition(_("Only a draft can be discarded."), code="alert_not_draft")
        audit_record(
            action="warroom.alert_discarded",
            locality=alert.locality,
            actor=actor,
            obj=alert,
            detail={"identifier": alert.identifier, "reason": reason},
        )
        changed(alert.locality, "alert", identifier=alert.identifier)
    alert.refresh_from_db()
    return alert


def alert_follow_up(
    *,
    alert: Alert,
    actor: User,
    msg_type: str,
    headline: str = "",
    description: str = "",
    instruction: str = "",
    severity: str = "",
    ip: str | None = None,
) -> Alert:
    """Issue an Update (new wording, severity or area) or a Cancel of an issued alert."""
    require(actor, alert.locality, ACT)
    if msg_type not in ("Update", "Cancel"):
        raise ValidationFailed(_("msgType is Update or Cancel."), code="msg_type_invalid")
    if severity and severity not in Severity.values:
        raise ValidationFailed(
            _("Unknown severity '%(severity)s'."),
            code="severity_invalid",
            params={"severity": severity},
        )
    with transaction.atomic():
        old = Alert.objects.for_locality(alert.locality_id).select_for_update().get(pk=alert.pk)
        if old.status != Alert.Status.ISSUED or old.ended_at is not None:
            raise IllegalTransition(
                _("Only an issued, current alert can be updated or cancelled."),
                code="alert_not_current",
            )
        now = timezone.now()
        cancel = msg_type == "Cancel"
        new = Alert.objects.create(
            locality=old.locality,
            identifier=_identifier(old.locality, now),
            rule=old.rule,
            station=old.station,
            msg_type=msg_type,
            references=old,
            category=old.category,
            event=old.event,
            urgency="Past" if cancel else old.urgency,
            severity=severity or old.severity,
            certainty=old.certainty,
            response_type="AllClear" if cancel else old.response_type,
            headline=(headline or (f"ยกเลิก: {old.headline}" if cancel else old.headline))[:300],
            description=description or old.description,
            instruction=instruction or ("" if cancel else old.instruction),
            area_desc=old.area_desc,
            circle=old.circle,
            polygon=old.polygon,
            onset=old.onset,
            expires=now + LIFETIME,
            created_at=now,
            trigger={"references": old.identifier},
        )
        _issue(new, actor=actor, ip=ip)
    return new


def _issue(alert: Alert, *, actor: User | None, ip: str | None = None) -> None:
    now = timezone.now()
    alert.status, alert.sent_at, alert.issued_by = Alert.Status.ISSUED, now, actor
    alert.save(update_fields=["status", "sent_at", "issued_by"])
    if alert.references_id:
        Alert.objects.for_locality(alert.locality_id).filter(pk=alert.references_id).update(
            status=Alert.Status.REPLACED, ended_at=now
        )
        if alert.msg_type == "Cancel":
            alert.ended_at = now
            alert.save(update_fields=["ended_at"])
    reached = push(alert)
    audit_record(
        action="warroom.alert_issued",
        locality=alert.locality,
        actor=actor,
        actor_label="" if actor else "rule",
        obj=alert,
        ip=ip,
        detail={"identifier": alert.identifier, "msg_type": alert.msg_type, "people": reached},
    )
    changed(alert.locality, "alert", identifier=alert.identifier)


class Lines:
    """Texts (lazy or not) on separate lines, empty ones left out, rendered when read."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return "\n".join(text for text in (str(p).strip() for p in self.parts) if text)


def push(alert: Alert) -> int:
    """LINE (or the citizen's other channel) to everyone subscribed in, or living in, the area."""
    locality = alert.locality
    people: dict[int, Citizen] = {}
    for sub in Subscription.objects.for_locality(locality).select_related("citizen"):
        if geo.in_area(sub.lat, sub.lon, circle=alert.circle, polygon=alert.polygon):
            people[sub.citizen_id] = sub.citizen
    for home in (
        Household.objects.for_locality(locality)
        .filter(citizen__isnull=False)
        .select_related("citizen")
    ):
        if geo.in_area(home.lat, home.lon, circle=alert.circle, polygon=alert.polygon):
            people[home.citizen_id] = home.citizen
    # The heading is in each citizen's language; the alert's own wording is the published CAP
    # text (Thai), sent as written.
    heading = Message(
        HEADINGS.get(alert.msg_type, HEADINGS["Alert"]), locality=Localized(locality, "name")
    )
    text = Lines(heading, alert.headline, alert.instruction, cap_url(locality, alert.identifier))
    for citizen in people.values():
        notify_citizen(
            locality=locality,
            citizen=citizen,
            text=text,
            dedupe_key=f"alert:{alert.pk}:{citizen.pk}",
            urgent=True,
        )
    return len(people)


def rule_save(
    *,
    locality: Locality,
    actor: User,
    station: Station,
    threshold: str,
    severity: str,
    area_desc: str,
    circle: str = "",
    polygon: str = "",
    forecast: bool = False,
    auto_issue: bool = False,
    event_th: str = "น้ำท่วม",
    instruction_th: str = "",
) -> AlertRule:
    require(actor, locality, ACT)
    if threshold not in AlertRule.Threshold.values:
        raise ValidationFailed(
            _("Unknown threshold '%(threshold)s'."),
            code="threshold_invalid",
            params={"threshold": threshold},
        )
    if severity not in Severity.values:
        raise ValidationFailed(
            _("Unknown severity '%(severity)s'."),
            code="severity_invalid",
            params={"severity": severity},
        )
    if not (circle or polygon):
        raise ValidationFailed(_("Give the warned area."), code="area_required")
    geo.parse_circle(circle)
    geo.parse_polygon(polygon)
    if threshold_value(station, threshold) is None:
        raise ValidationFailed(_("The station has no such level set."), code="threshold_unset")
    return AlertRule.objects.create(
        locality=locality,
        station=station,
        threshold=threshold,
        severity=severity,
        area_desc=area_desc.strip()[:300] or station.name,
        circle=circle,
        polygon=polygon,
        forecast=forecast,
        auto_issue=auto_issue,
        event_th=event_th,
        instruction_th=instruction_th,
    )
