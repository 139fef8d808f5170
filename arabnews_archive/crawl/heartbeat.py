"""A live worker keeps its leases: a thread per process extends them every third of a lease.

Leases can then be short (a minute, not hours), so the URLs of a worker that died
(SIGKILL, lost machine) go back to the queue soon, while a live worker is never
robbed of a slow page.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.frontier import renew

log = logging.getLogger(__name__)


class Heartbeat:
    """`with Heartbeat(write, owner, lease):` renews `owner`'s leases until the block ends.

    `write` opens a writing session (so SQLite callers can pass one that also takes
    their process's write lock).
    """

    def __init__(self, write: Callable[[], AbstractContextManager[Session]], owner: str, lease: float) -> None:
        self._write = write
        self._owner = owner
        self._lease = timedelta(seconds=lease)
        self._interval = lease / 3
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                with self._write() as session:
                    renew(session, self._owner, datetime.now(timezone.utc), self._lease)
            except ArchiveError as exc:  # a database hiccup: the next beat tries again
                log.warning("could not renew leases: %s", exc)
