"""Readings over MQTT.

Topic layout: ``thongthin/<locality-slug>/stations/<station-code>/readings``; the payload is
JSON, one reading ``{"observed_at": "2026-11-23T14:10:00+07:00", "value": 12.43}`` or a list of
them (a device catching up after an outage). Publish with QoS 1.

The subscriber keeps a persistent session (fixed client id, clean session off) and acknowledges
each message only after its readings are committed, so a broker that goes away and comes back,
or a subscriber that restarts, loses nothing: the broker redelivers what was not acknowledged and
keeps what arrived meanwhile. A resent reading is stored once. A payload that cannot be read is
kept aside (with the reason) and acknowledged, so it is not redelivered forever. Who may publish
is the broker's job (Mosquitto's password file and ACL per locality).
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlparse

from django.db import close_old_connections, connections

from thongthin.core import modules
from thongthin.core.models import Locality

from .services.readings import readings_ingest, readings_reject

log = logging.getLogger("thongthin.warroom.mqtt")
TOPIC = "thongthin/+/stations/+/readings"


def handle(topic: str, payload: bytes) -> dict | None:
    """Store one message's readings; returns the ingest summary (None: not ours)."""
    parts = topic.split("/")
    if (
        len(parts) != 5
        or parts[0] != "thongthin"
        or parts[2] != "stations"
        or parts[4] != "readings"
    ):
        log.warning("ignoring topic %s", topic)
        return None
    slug, code = parts[1], parts[3]
    locality = Locality.objects.filter(slug=slug, is_active=True).first()
    if locality is None or not modules.enabled_in(locality, "warroom"):
        log.warning("no locality %s with a war room (topic %s)", slug, topic)
        return None
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return readings_reject(
            locality=locality, station_code=code, source="mqtt", payload=payload
        ).as_dict()
    items = data if isinstance(data, list) else [data]
    items = [{**item, "station": code} if isinstance(item, dict) else item for item in items]
    return readings_ingest(locality=locality, items=items, source="mqtt").as_dict()


class Subscriber:
    """A paho-mqtt client wired to :func:`handle`; ``run()`` blocks, ``start()`` threads."""

    def __init__(self, url: str, client_id: str = "thongthin-readings") -> None:
        import paho.mqtt.client as mqtt

        parsed = urlparse(url if "://" in url else f"mqtt://{url}")
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 1883
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            manual_ack=True,
        )
        if parsed.username:
            self.client.username_pw_set(parsed.username, parsed.password)
        self.client.reconnect_delay_set(min_delay=1, max_delay=10)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect
        self.handled = 0

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        log.info("connected to %s:%s (%s)", self.host, self.port, reason_code)
        client.subscribe(TOPIC, qos=1)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        # This runs on the network thread, which owns the database connection it used.
        connections.close_all()

    def _on_message(self, client, userdata, message) -> None:
        for attempt in range(5):
            try:
                close_old_connections()
                handle(message.topic, message.payload)
                break
            except Exception:  # the database is away: keep the message unacknowledged
                log.exception("storing %s failed (attempt %d)", message.topic, attempt + 1)
                time.sleep(min(2**attempt, 10))
        else:
            # Not acknowledged: the broker redelivers it when we reconnect.
            client.disconnect()
            return
        client.ack(message.mid, message.qos)
        self.handled += 1

    def start(self) -> Subscriber:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()
        return self

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def run(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_forever(retry_first_connection=True)
