from django.core.management.base import BaseCommand

from thongthin.core.geography_load import geography_load


class Command(BaseCommand):
    help = "Load Thai provinces, districts and sub-districts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even if present")

    def handle(self, *args, force=False, **options):
        provinces, districts, subdistricts = geography_load(force=force)
        self.stdout.write(
            f"{provinces} provinces, {districts} districts, {subdistricts} sub-districts"
        )
