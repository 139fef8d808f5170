"""A pool of parser processes: pages read beside the threads that fetch and store them.

Reading a page (an article, a listing page's links, a sitemap) is CPU-bound and holds
the GIL: in the crawl's fetching threads, or the threads of a re-parse that read and
write the database, it keeps the work on one core however many the machine has.
`ParsePool.run` hands such calls to parser processes (`pool.worker`) so that fetching
and storing go on here while parsing runs on the other cores. Until a process has
started (a fraction of a second), and when none can, the call runs in the calling
thread: the pool never makes anyone wait. Like a connection pool, the processes are
kept for the life of the program (`shared_pool`), so later crawls in it find them ready.

The crawl (`crawl.engine`) and the re-parse (`store.reparse`) both use it, so it stands
below the store; it runs the functions it is handed and knows neither.

The processes are plain `python -m` children talking over pipes, not multiprocessing's:
those re-run a script that lacks `if __name__ == "__main__":`, and outlive a parent
killed with SIGKILL, where these see their stdin close and exit. They run in a session
of their own, so a terminal's Ctrl-C reaches only the parent, which stops cleanly. A
process that dies (a page that crashes libxml2, the OOM killer) costs the call it had in
hand, which raises `ParserDied` (a crawl records the page as failed, with that reason),
and a new process takes its place.
"""
from __future__ import annotations

import atexit
import collections
import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
READY = b"R"  # what a parser process writes once it can take pages
# Beyond this many, more parser processes only compete with the database and the fetchers.
MAX_AUTO_PROCESSES = 4
_WORKER = [sys.executable, "-m", "arabnews_archive.pool.worker"]


def parser_processes(setting: int | None) -> int:
    """The `parse_processes` setting made concrete: None means one per spare core (none
    when Python is embedded in a program that is not an interpreter)."""
    if not sys.executable:
        return 0
    if setting is not None:
        return setting
    return max(0, min(MAX_AUTO_PROCESSES, (os.cpu_count() or 1) - 1))


def _environment() -> dict[str, str]:
    # The children import this package from where the parent did, installed or not.
    source = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": source + (os.pathsep + path if path else "")}


class ParserDied(Exception):
    """The parser process running a call died (the call's input may be what killed it)."""

    def __str__(self) -> str:
        return "not parsed: the parser process died on this page"


class _Call:
    """A call sent to a parser process; the caller blocks in `wait` until it is answered."""

    __slots__ = ("_answered", "status", "value")

    def __init__(self) -> None:
        self._answered = threading.Lock()
        self._answered.acquire()  # released by `answer`: the cheapest wait CPython has
        self.status, self.value = "", None

    def answer(self, status: str, value: object = None) -> None:
        self.status, self.value = status, value
        self._answered.release()

    def wait(self) -> None:
        self._answered.acquire()


class _Process:
    """A parser process and its calls in the order sent, which is the order it answers them."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.pending: collections.deque[_Call] = collections.deque()
        self.sending = threading.Lock()  # one call written at a time, queued in that order
        self.open = True  # False once stopped or dead: nothing more is sent to it

    def send(self, payload: bytes) -> _Call | None:
        """Queue a pickled call; None when the process takes no more calls."""
        call = _Call()
        with self.sending:
            if not self.open:
                return None
            self.pending.append(call)
            try:
                assert self.popen.stdin is not None
                self.popen.stdin.write(payload)
                self.popen.stdin.flush()
            except (OSError, ValueError):  # it died: its reader answers the call
                pass
        return call

    def stop(self, wait: bool) -> None:
        with self.sending:
            self.open = False
            try:
                assert self.popen.stdin is not None
                self.popen.stdin.close()  # the process ends when its input does, calls in hand answered
            except OSError:
                pass
        if wait:
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()


class ParsePool:
    """Calls run in `processes` parser processes, started by the first call (a crawl with
    nothing to parse starts none); `close()` (or `with`) stops them. `preload` names the
    modules the calls come from, imported by each process before it takes any, so that
    the first call is as fast as the next.

    Calls are queued to the process with the fewest in hand, so a process finds its next
    page waiting when it finishes one instead of idling until the caller's busy threads
    hand it over; one thread per process reads the answers back.
    """

    def __init__(self, processes: int, preload: tuple[str, ...] = ()) -> None:
        self.processes = processes
        self.preload = preload
        self._lock = threading.Lock()
        self._alive: list[_Process] = []
        self._closed = False
        self._started = False  # processes are started by the first page, not before

    @property
    def pids(self) -> list[int]:
        """Process ids of the parser processes running now (none until they have started)."""
        with self._lock:
            return [process.popen.pid for process in self._alive]

    def _start(self) -> None:
        with self._lock:
            start, self._started = not self._started and not self._closed, True
        for _ in range(self.processes if start else 0):
            self._add_process()

    def _add_process(self) -> None:
        threading.Thread(target=self._start_process, name="parser-start", daemon=True).start()

    def _start_process(self) -> None:
        try:
            # A session of its own: a terminal's Ctrl-C, sent to the caller's whole process
            # group, must stop it cleanly, not kill the parser under a page in hand.
            popen = subprocess.Popen([*_WORKER, *self.preload], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=_environment(), start_new_session=True)
        except OSError as exc:
            log.warning("cannot start a parser process (%s); parsing in this process", exc)
            return
        assert popen.stdout is not None
        if popen.stdout.read(len(READY)) != READY:
            log.warning("a parser process failed to start; parsing in this process")
            popen.kill()
            popen.wait()
            return
        process = _Process(popen)
        with self._lock:
            closed = self._closed
            if not closed:
                self._alive.append(process)
        if closed:
            process.stop(wait=True)
            return
        threading.Thread(target=self._read_answers, args=(process,), name="parser-answers", daemon=True).start()

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a parser process (here while none is running). The function
        must be a module's, and its arguments and result must pickle."""
        if not self._started:
            self._start()
        payload = None
        while True:
            process = self._least_busy()
            if process is None:
                return function(*args)
            payload = payload or pickle.dumps((function, args), pickle.HIGHEST_PROTOCOL)
            call = process.send(payload)
            if call is None:
                continue  # stopped or died since it was chosen
            call.wait()
            if call.status == "ok":
                return call.value  # type: ignore[return-value]
            if call.status == "error":
                raise call.value  # type: ignore[misc]
            if call.status == "died":
                raise ParserDied()
            # "resend": queued behind the call that killed its process, never started

    def _least_busy(self) -> _Process | None:
        with self._lock:
            return min(self._alive, key=lambda process: len(process.pending), default=None)

    def _read_answers(self, process: _Process) -> None:
        """Hand each answer to its caller; when the process ends, settle the calls it had."""
        assert process.popen.stdout is not None
        while True:
            try:
                status, value = pickle.load(process.popen.stdout)
            except Exception:  # noqa: BLE001 - EOF, or a torn answer: either way the process is gone
                break
            process.pending.popleft().answer(status, value)
        with process.sending:
            stopped, process.open = not process.open, False
            lost = list(process.pending)
            process.pending.clear()
        with self._lock:
            if process in self._alive:
                self._alive.remove(process)
            replace = not self._closed and not stopped
        if lost:
            log.warning("a parser process died; starting another")
            lost[0].answer("died")  # the call in hand, which may be what killed it
            for call in lost[1:]:
                call.answer("resend")
        process.popen.kill()
        process.popen.wait()
        if replace:
            self._add_process()

    def close(self, wait: bool = True) -> None:
        """Stop the processes (`shared_pool`'s stop when the program exits, which does not wait for them)."""
        with self._lock:
            self._closed = True
            alive, self._alive = self._alive, []
        for process in alive:
            process.stop(wait)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: ParsePool | None = None
_shared_lock = threading.Lock()


def shared_pool(processes: int, preload: tuple[str, ...] = ()) -> ParsePool:
    """This program's pool of `processes` parser processes, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None or (_shared.processes, _shared.preload) != (processes, preload):
            if _shared is not None:
                _shared.close()
            _shared = ParsePool(processes, preload)
        return _shared


@atexit.register
def _close_shared() -> None:
    if _shared is not None:
        _shared.close(wait=False)
