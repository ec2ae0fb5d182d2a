"""`thongthin worker`: background tasks, the notifications outbox and LINE events."""

import logging
import os
import signal
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger("thongthin.worker")


class Command(BaseCommand):
    help = "Run background work: queued tasks, outbox delivery with retries, LINE events."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="stop when this process (the one that started us, e.g. `demo`) is gone",
        )

    def handle(self, *args, interval=1.0, once=False, parent_pid=None, **o):
        from thongthin.core.services.line import line_event_process, line_events_pending
        from thongthin.core.services.notifications import outbox_deliver_due

        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        from thongthin.core import modules

        last_run: dict[int, float] = {}
        if not once:
            self.stdout.write("Thongthin worker started")
        while self.running:
            if parent_pid is not None and os.getppid() != parent_pid:
                break
            close_old_connections()
            try:
                self._run_tasks()
                # Events whose task was lost (crash, restart) are picked up here after a grace.
                grace = timezone.now() - timedelta(seconds=30)
                for event in line_events_pending():
                    if event.received_at < grace:
                        line_event_process(event=event)
                for index, (_module, job) in enumerate(modules.jobs()):
                    every = job.every_seconds
                    if once or time.monotonic() - last_run.get(index, -every) >= every:
                        last_run[index] = time.monotonic()
                        modules.resolve(job.run)()
                sent, failed = outbox_deliver_due()
                if sent or failed:
                    log.info("outbox: %s sent, %s to retry", sent, failed)
            except Exception:
                log.exception("worker pass failed; retrying")
            if once:
                break
            time.sleep(interval)

    def _run_tasks(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=100,
            worker_id="thongthin",
            excluded_queue_names=[],
        ).run()
