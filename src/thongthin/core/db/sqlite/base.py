# mypy: disable-error-code="misc"
"""SQLite with writers queued on a file lock instead of SQLite's busy handler.

With several server processes and threads, SQLite's own wait for the write lock polls with
sleeps that grow to 100 ms, so a burst of writers spends most of its time asleep while the
lock is free. Here every transaction (``BEGIN IMMEDIATE``, i.e. every ``atomic()`` block) first
takes an exclusive ``flock`` on ``<database>.writelock``; waiting writers retry within a couple
of milliseconds of it being released. The settings' ``timeout`` still bounds the wait.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

MAX_PAUSE = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _locked = False

    def _queue_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writelock"

    def _acquire_write_queue(self) -> None:
        path = self._queue_path()
        if path is None or self._locked:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 30))
        deadline = time.monotonic() + timeout
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._locked = True
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OperationalError("database is locked (write queue timeout)") from None
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)

    def _release_write_queue(self) -> None:
        if self._locked and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._locked = False

    def _start_transaction_under_autocommit(self):
        self._acquire_write_queue()
        try:
            super()._start_transaction_under_autocommit()
        except Exception:
            self._release_write_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_queue()

    def _close(self):
        try:
            super()._close()
        finally:
            self._release_write_queue()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
