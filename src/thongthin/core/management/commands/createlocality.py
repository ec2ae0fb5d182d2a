from django.core.management.base import BaseCommand, CommandError

from thongthin.core.errors import DomainError
from thongthin.core.models import Province, SubDistrict
from thongthin.core.models.locality import LocalityType
from thongthin.core.services.accounts import locality_create


class Command(BaseCommand):
    help = "Create a locality (อปท.) with the default departments."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--type", required=True, choices=LocalityType.values)
        parser.add_argument("--name-th", required=True)
        parser.add_argument("--name-en", required=True)
        parser.add_argument("--province", required=True, help="province id or Thai/English name")
        parser.add_argument(
            "--subdistricts", default="", help="comma-separated 6-digit sub-district codes"
        )
        parser.add_argument("--lat", type=float, help="centre; defaults to the sub-districts'")
        parser.add_argument("--lon", type=float)
        parser.add_argument(
            "--modules", default="", help="comma-separated module codes (default: all installed)"
        )
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **o):
        key = o["province"]
        province = (
            Province.objects.filter(pk=int(key)).first()
            if key.isdigit()
            else Province.objects.filter(name_th=key).first()
            or Province.objects.filter(name_en__iexact=key).first()
        )
        if province is None:
            raise CommandError(f"unknown province {key!r} (run `thongthin loadgeography`?)")
        codes = [int(c) for c in o["subdistricts"].split(",") if c.strip()]
        subs = list(SubDistrict.objects.filter(pk__in=codes))
        if len(subs) != len(set(codes)):
            missing = set(codes) - {s.pk for s in subs}
            raise CommandError(f"unknown sub-district codes: {sorted(missing)}")
        lat, lon = o["lat"], o["lon"]
        if lat is None or lon is None:
            points = [(s.lat, s.lon) for s in subs if s.lat is not None and s.lon is not None]
            if not points:
                raise CommandError("give --lat and --lon (no sub-district has coordinates)")
            lat = sum(p[0] or 0.0 for p in points) / len(points)
            lon = sum(p[1] or 0.0 for p in points) / len(points)
        try:
            locality = locality_create(
                slug=o["slug"],
                type=o["type"],
                name_th=o["name_th"],
                name_en=o["name_en"],
                province=province,
                center_lat=lat,
                center_lon=lon,
                subdistrict_ids=codes,
                modules_enabled=[m for m in o["modules"].split(",") if m] or None,
                phone=o["phone"],
                email=o["email"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(f"created {locality.slug}: {locality.name_th}")
