from django.core.management.base import BaseCommand, CommandError

from thongthin.core.models import Locality
from thongthin.core.services.apikeys import apikey_create


class Command(BaseCommand):
    help = "Integration API keys: `apikey create --locality SLUG --name NAME` prints a new key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it (shown once)")
        create.add_argument("--locality", required=True)
        create.add_argument("--name", required=True)

    def handle(self, *args, action=None, **o):
        locality = Locality.objects.filter(slug=o["locality"]).first()
        if locality is None:
            raise CommandError(f"unknown locality {o['locality']!r}")
        _key, secret = apikey_create(locality=locality, name=o["name"])
        self.stdout.write(secret)
