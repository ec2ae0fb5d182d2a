"""`thongthin mqtt`: subscribe to stations' readings on an MQTT broker and store them."""

from django.core.management.base import BaseCommand

from thongthin.modules.warroom.module import MODULE


class Command(BaseCommand):
    help = "Store readings published to thongthin/<locality>/stations/<code>/readings (QoS 1)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=MODULE.setting("MQTT_URL") or "mqtt://127.0.0.1:1883")
        parser.add_argument("--client-id", default="thongthin-readings")

    def handle(self, *args, url, client_id, **options):
        from thongthin.modules.warroom.mqtt import TOPIC, Subscriber

        self.stdout.write(f"Subscribing to {TOPIC} on {url} as {client_id}")
        Subscriber(url, client_id).run()
