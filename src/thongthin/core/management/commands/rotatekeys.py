"""`thongthin rotatekeys`: re-encrypt every stored credential with the first key of
THONGTHIN_ENCRYPTION_KEY (after putting a new key first); then the old key can go."""

from django.core.management.base import BaseCommand

from thongthin.core.services.accounts import credentials_rotate


class Command(BaseCommand):
    help = "Re-encrypt stored credentials with the current (first) encryption key."

    def handle(self, *args, **options):
        rows = credentials_rotate()
        self.stdout.write(f"re-encrypted the credentials of {rows} row(s)")
