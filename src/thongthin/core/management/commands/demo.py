"""`thongthin demo`: a ready-to-try Thongthin on an embedded SQLite database under ./var/."""

import os
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from .serve import StaticCollection, add_server_arguments, announce_address, run_server


class Command(BaseCommand):
    help = "Migrate, load Thai geography and demo data (once), then serve with a worker."

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument("--no-serve", action="store_true", help="prepare data only")

    def handle(self, *args, **o):
        from thongthin.core.db.schema import schema_ready
        from thongthin.core.db.statistics import statistics_refresh
        from thongthin.core.demo import DEMO_PASSWORD, demo_load

        started = time.monotonic()
        base = announce_address(o["host"], o["port"])
        db = settings.DATABASES["default"]
        self.stdout.write(f"Database: {db['NAME'] if 'sqlite' in db['ENGINE'] else db['HOST']}")
        static = None if o["no_serve"] else StaticCollection()
        schema_ready()  # a new database's tables from the models in one pass (core.db.schema)
        call_command("loadgeography", verbosity=0)
        created, logins = demo_load()
        # Statistics for the query planner (SQLite has none until asked): without them it may
        # walk a whole index to skip a sort instead of looking up a handful of rows. On SQLite
        # the worker refreshes them every hour as the data grows; PostgreSQL's autovacuum
        # would, but only once it comes round to these tables.
        if created and not statistics_refresh():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            ("Demo data loaded" if created else "Demo data already there (reused)")
            + f" in {time.monotonic() - started:.1f}s"
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, locality in logins:
            self.stdout.write(f"  {username:<22} {role:<16} {locality}")
        self.stdout.write(
            f"\nCitizen portal:  {base}/nakhonsi/   and {base}/phibun/\n"
            f"Staff back office: {base}/staff/\nAPI docs: {base}/api/docs\n"
        )
        if o["no_serve"]:
            return
        # Demo only: the platform admin logs in without a second factor (production asks for
        # one; THONGTHIN_REQUIRE_2FA_ADMINS, docs/security.md).
        os.environ.setdefault("THONGTHIN_REQUIRE_2FA_ADMINS", "0")
        env = {**os.environ, "SECURE_COOKIES": "0"}
        # The worker watches this process id; exec keeps it, so the worker stops with the server.
        subprocess.Popen(  # noqa: S603 - our own entry point
            [sys.executable, "-m", "thongthin.cli", "worker", "--parent-pid", str(os.getpid())],
            env=env,
        )
        run_server(
            host=o["host"],
            port=o["port"],
            workers=o["workers"],
            secure_cookies=False,
            static=static,
        )
