import getpass

from django.core.management.base import BaseCommand, CommandError

from thongthin.core.errors import DomainError
from thongthin.core.models import Locality
from thongthin.core.services.accounts import staff_create


class Command(BaseCommand):
    help = "Create a staff account in a locality with a role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="a role code, e.g. officer")
        parser.add_argument("--locality", help="locality slug (not for platform_admin)")
        parser.add_argument("--department", default="", help="department code, e.g. engineering")
        parser.add_argument("--password", help="prompted when omitted")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **o):
        locality = None
        if o["locality"]:
            locality = Locality.objects.filter(slug=o["locality"]).first()
            if locality is None:
                raise CommandError(f"unknown locality {o['locality']!r}")
        password = o["password"] or getpass.getpass("Password: ")
        try:
            user = staff_create(
                username=o["username"],
                password=password,
                role=o["role"],
                locality=locality,
                department_code=o["department"],
                first_name=o["first_name"],
                last_name=o["last_name"],
                email=o["email"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(f"created {user.username} ({user.role})")
