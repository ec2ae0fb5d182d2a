"""Readings over a real MQTT broker: Mosquitto on 127.0.0.1:1883 (CI), and a private Mosquitto
this test starts and stops to show that a broker going away and coming back loses nothing."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from thongthin.core.testing import need_service, services_required
from thongthin.modules.warroom.models import RejectedReading
from thongthin.modules.warroom.mqtt import Subscriber

from .conftest import at

pytestmark = pytest.mark.django_db(transaction=True)


def _publish(port: int, topic: str, payload) -> None:
    client = mqtt.Client(
        callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
        client_id=f"gauge-{uuid.uuid4().hex[:8]}",
    )
    client.connect("127.0.0.1", port)
    client.loop_start()
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    client.publish(topic, body, qos=1).wait_for_publish(10)
    client.disconnect()
    client.loop_stop()


def _wait(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_readings_arrive_over_the_broker(river, locality):
    need_service("Mosquitto", "127.0.0.1", 1883)
    client_id = f"thongthin-test-{uuid.uuid4().hex[:8]}"
    subscriber = Subscriber("mqtt://127.0.0.1:1883", client_id=client_id).start()
    try:
        assert _wait(lambda: subscriber.client.is_connected())
        time.sleep(0.3)  # the subscription is in place
        topic = f"thongthin/{locality.slug}/stations/up/readings"
        _publish(1883, topic, {"observed_at": at(2), "value": 111.4})
        _publish(
            1883,
            topic,
            [{"observed_at": at(1), "value": 111.5}, {"observed_at": at(1), "value": 111.5}],
        )
        _publish(1883, topic, b"{not json")
        _publish(
            1883,
            f"thongthin/{locality.slug}/stations/ghost/readings",
            {"observed_at": at(1), "value": 1},
        )
        assert _wait(lambda: subscriber.handled >= 4)
    finally:
        subscriber.stop()
    values = sorted(river["up"].readings.values_list("value", flat=True))
    assert values == [111.4, 111.5]
    reasons = sorted(
        RejectedReading.objects.for_locality(locality).values_list("reason", flat=True)
    )
    assert reasons == ["malformed", "unknown_station"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _broker(port: int, directory) -> subprocess.Popen:
    directory.chmod(0o777)  # mosquitto run as root drops to its own user to write its database
    conf = directory / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
        f"persistence_location {directory}/\nautosave_interval 1\n"
    )
    process = subprocess.Popen(
        ["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    assert _wait(lambda: _open(port), 10), "mosquitto did not start"
    return process


def _open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_broker_away_and_back_and_subscriber_restart_lose_nothing(river, locality):
    if shutil.which("mosquitto") is None:
        if services_required():
            pytest.fail("mosquitto is not installed (required in CI)")
        pytest.skip("mosquitto is not installed")
    port = _free_port()
    # Not pytest's tmp_path: its parents are closed to the user mosquitto switches to.
    tmp_path = Path(tempfile.mkdtemp(prefix="thongthin-mqtt-"))
    broker = _broker(port, tmp_path)
    topic = f"thongthin/{locality.slug}/stations/mid/readings"
    subscriber = Subscriber(f"mqtt://127.0.0.1:{port}", client_id="thongthin-restart-test").start()
    try:
        assert _wait(lambda: subscriber.client.is_connected())
        time.sleep(0.3)
        _publish(port, topic, {"observed_at": at(30), "value": 109.0})
        assert _wait(lambda: subscriber.handled == 1)

        # The broker goes away (its session state saved) and comes back.
        broker.terminate()
        broker.wait(10)
        assert _wait(lambda: not subscriber.client.is_connected())
        broker = _broker(port, tmp_path)
        _publish(port, topic, {"observed_at": at(20), "value": 109.2})
        assert _wait(lambda: subscriber.handled == 2, 30), (
            "not redelivered after the broker came back"
        )

        # The subscriber stops; what is published meanwhile waits in its session.
        subscriber.stop()
        _publish(port, topic, {"observed_at": at(10), "value": 109.4})
        subscriber = Subscriber(
            f"mqtt://127.0.0.1:{port}", client_id="thongthin-restart-test"
        ).start()
        assert _wait(lambda: subscriber.handled == 1, 30), "the queued reading did not arrive"
    finally:
        subscriber.stop()
        broker.terminate()
        broker.wait(10)
        shutil.rmtree(tmp_path, ignore_errors=True)
    values = sorted(river["mid"].readings.values_list("value", flat=True))
    assert values == [109.0, 109.2, 109.4]
