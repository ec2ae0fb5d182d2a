from django.core.management.base import BaseCommand

from thongthin.core.models import Locality


class Command(BaseCommand):
    help = "List localities: slug, type, Thai and English name."

    def handle(self, *args, **options):
        for locality in Locality.objects.order_by("slug"):
            self.stdout.write(
                f"{locality.slug}\t{locality.get_type_display()}\t{locality.name_th}\t{locality.name_en}"
            )
