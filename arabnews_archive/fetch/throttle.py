"""Per-host request spacing that holds with many threads and many processes.

The schedule state sits behind `HostSchedule`: `MemorySchedule` for one process,
`store.hosts.DatabaseSchedule` for workers sharing a PostgreSQL archive.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Protocol

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock
from arabnews_archive.fetch.hosts import host_key


class HostSchedule(Protocol):
    """When each host may next be contacted (epoch seconds)."""

    def next_allowed(self, host: str) -> float: ...

    def claim(self, host: str, now: float, delay: float) -> float:
        """Atomically take the earliest slot at or after `now`; push the next one `delay` later."""
        ...

    def record(self, host: str, at: float, delay: float) -> None:
        """A request to `host` ended at `at`: nothing before `at + delay`."""
        ...

    def hold(self, host: str) -> AbstractContextManager[None]:
        """Keep `host` to the caller while its request is in flight, against other processes
        sharing the schedule (threads of one process are kept apart by `HostThrottle`)."""
        ...


class MemorySchedule:
    """In-process `HostSchedule`: one float per host, guarded by a lock."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def next_allowed(self, host: str) -> float:
        with self._lock:
            return self._next.get(host, 0.0)

    def claim(self, host: str, now: float, delay: float) -> float:
        with self._lock:
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + delay
            return slot

    def record(self, host: str, at: float, delay: float) -> None:
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), at + delay)

    def hold(self, host: str) -> AbstractContextManager[None]:
        return nullcontext()  # nobody outside this process shares it


class HostThrottle:
    """Spaces requests to each host by max(default delay, the host's Crawl-delay).

    The gap is counted from the end of one request to the start of the next, so a
    slow server gets a proportionally gentler crawl; `slot()` also keeps a host to
    one request in flight within this process.
    """

    def __init__(self, default_delay: float, *, schedule: HostSchedule | None = None,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self.default_delay = default_delay
        self.schedule: HostSchedule = schedule or MemorySchedule()
        self._clock = clock
        self._crawl_delays: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """A robots.txt Crawl-delay; it can only lengthen the default delay."""
        key = host_key(host)
        old = self.delay(key)
        with self._guard:
            if seconds is None:
                self._crawl_delays.pop(key, None)
            else:
                self._crawl_delays[key] = seconds
        new = self.delay(key)
        if new > old:
            # The slot already booked (e.g. after fetching robots.txt) used the old delay.
            self.schedule.record(key, self.schedule.next_allowed(key) - old, new)

    def delay(self, host: str) -> float:
        with self._guard:
            return max(self.default_delay, self._crawl_delays.get(host_key(host), 0.0))

    def next_allowed(self, host: str) -> float:
        return self.schedule.next_allowed(host_key(host))

    def record(self, host: str, at: float | None = None) -> None:
        key = host_key(host)
        self.schedule.record(key, self._clock.now() if at is None else at, self.delay(key))

    def wait(self, host: str) -> float:
        """Block until `host` may be fetched; returns the seconds waited."""
        key = host_key(host)
        slot = self.schedule.claim(key, self._clock.now(), self.delay(key))
        # Read the clock again: a shared schedule may have kept the claim waiting for
        # another worker's request to end.
        left = slot - self._clock.now()
        self._clock.sleep(left)
        return max(0.0, left)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """`with throttle.slot(url): fetch(url)`: wait, run alone on this host (in this process,
        and among the processes sharing the schedule), record the end."""
        key = host_key(host)
        with self._guard:
            lock = self._host_locks.setdefault(key, threading.Lock())
        with lock, self.schedule.hold(key):
            self.wait(key)
            try:
                yield
            finally:
                self.record(key)
