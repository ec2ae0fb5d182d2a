"""Lift a log-in lock (after too many failed passwords), or remove a lost second factor."""

from __future__ import annotations

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError

from thongthin.core.models import User
from thongthin.core.services import twofactor
from thongthin.core.services.audit import AuditAction, audit_record


class Command(BaseCommand):
    help = "Unlock a staff account's log-in; --second-factor also removes its TOTP and codes."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--second-factor",
            action="store_true",
            help="remove the account's second factor too (a lost phone); it enrols again",
        )

    def handle(self, *args, username: str, second_factor: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        attempts = reset(username=username)
        audit_record(
            action=AuditAction.LOGIN_UNLOCKED,
            locality=user.locality,
            actor_label="cli",
            obj=user,
            detail={"attempts_cleared": attempts},
        )
        self.stdout.write(f"{username}: {attempts} failed attempt record(s) cleared")
        if second_factor:
            removed = twofactor.reset(user, actor_label="cli")
            self.stdout.write(f"{username}: {removed} second-factor device(s) removed")
