"""CAP 1.2 messages (OASIS, urn:oasis:names:tc:emergency:cap:1.2) and the Atom feed listing them.

Element order follows the CAP 1.2 schema; times carry a numeric offset (CAP forbids "Z");
polygons and circles are "lat,lon" as CAP writes them.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlparse
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from thongthin.core.models import Locality

from .models import Alert

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"


def cap_time(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def sender_of(locality: Locality) -> str:
    host = urlparse(settings.THONGTHIN["PUBLIC_BASE_URL"]).netloc or "thongthin"
    return f"{locality.slug}@{host}"


def cap_url(locality: Locality, identifier: str) -> str:
    return f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/cap/{locality.slug}/{identifier}.xml"


def _add(parent: ET.Element, tag: str, text: str | None) -> ET.Element | None:
    if text in (None, ""):
        return None
    element = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
    element.text = text
    return element


def cap_xml(alert: Alert) -> bytes:
    """The alert as a CAP 1.2 document (issued alerts only: a draft is not published)."""
    locality = alert.locality
    ET.register_namespace("", CAP_NS)
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", sender_of(locality))
    _add(root, "sent", cap_time(alert.sent_at or alert.created_at))
    _add(root, "status", "Actual")
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", "Public")
    if alert.references is not None:
        old = alert.references
        _add(
            root,
            "references",
            f"{sender_of(locality)},{old.identifier},{cap_time(old.sent_at or old.created_at)}",
        )
    info = ET.SubElement(root, f"{{{CAP_NS}}}info")
    _add(info, "language", "th-TH")
    _add(info, "category", alert.category)
    _add(info, "event", alert.event)
    _add(info, "responseType", alert.response_type)
    _add(info, "urgency", alert.urgency)
    _add(info, "severity", alert.severity)
    _add(info, "certainty", alert.certainty)
    if alert.onset:
        _add(info, "onset", cap_time(alert.onset))
    if alert.expires:
        _add(info, "expires", cap_time(alert.expires))
    _add(info, "senderName", locality.name_th)
    _add(info, "headline", alert.headline)
    _add(info, "description", alert.description)
    _add(info, "instruction", alert.instruction)
    _add(info, "web", f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/{locality.slug}/")
    _add(info, "contact", locality.phone)
    if alert.station is not None:
        parameter = ET.SubElement(info, f"{{{CAP_NS}}}parameter")
        _add(parameter, "valueName", "station")
        _add(parameter, "value", alert.station.code)
    area = ET.SubElement(info, f"{{{CAP_NS}}}area")
    _add(area, "areaDesc", alert.area_desc)
    _add(area, "polygon", alert.polygon.strip())
    _add(area, "circle", alert.circle.strip())
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def atom_feed(locality: Locality, alerts: list[Alert]) -> bytes:
    """The locality's feed: one entry per issued alert, newest first, linking its CAP file."""
    ET.register_namespace("", ATOM_NS)
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text:
            element.text = text
        return element

    self_url = f"{base}/cap/{locality.slug}.atom"
    add(feed, "id", self_url)
    add(feed, "title", f"ประกาศเตือนภัย {locality.name_th} (CAP)")
    newest = max((a.sent_at for a in alerts if a.sent_at), default=locality.created_at)
    add(feed, "updated", cap_time(newest))
    add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    author = add(feed, "author")
    add(author, "name", locality.name_th)
    for alert in alerts:
        entry = add(feed, "entry")
        add(entry, "id", f"urn:thongthin:cap:{alert.identifier}")
        add(entry, "title", alert.headline)
        add(entry, "updated", cap_time(alert.sent_at or alert.created_at))
        add(
            entry,
            "link",
            rel="alternate",
            type="application/cap+xml",
            href=cap_url(locality, alert.identifier),
        )
        add(entry, "summary", f"{alert.msg_type} · {alert.severity} · {alert.area_desc}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
