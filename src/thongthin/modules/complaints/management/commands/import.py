"""`thongthin import traffy FILE --locality SLUG`: load a Traffy Fondue CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thongthin.core.errors import DomainError
from thongthin.core.selectors import access_locality


class Command(BaseCommand):
    help = "Import data from other systems. Formats: traffy (Traffy Fondue open-data CSV)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=["traffy"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--locality", required=True)
        parser.add_argument(
            "--training-only",
            action="store_true",
            help="only add the labelled rows as classifier training data, no cases",
        )

    def handle(self, *args, format, file, locality, training_only=False, **options):
        from thongthin.modules.complaints.traffy import traffy_import

        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            place = access_locality(locality)
        except DomainError:
            raise CommandError(f"no locality {locality!r}") from None
        report = traffy_import(file, place, training_only=training_only)
        for where, reason in report.errors:
            self.stderr.write(f"not loaded: {where}: {reason}")
        self.stdout.write(
            f"loaded {report.loaded}, already loaded {report.already_loaded}, "
            f"not loaded {len(report.errors)}, training examples added {report.training_examples}"
        )
        if report.errors and not report.loaded and not report.already_loaded:
            raise CommandError("nothing could be loaded")
