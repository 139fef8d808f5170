"""Pages parsed in worker processes, beside the fetching threads.

Parsing (an article, a listing page's links, a sitemap) is the crawl's CPU-bound step
and holds the GIL: in the fetching threads it keeps a crawl on one core however many
the machine has. `ParsePool.run` hands such calls to parser processes
(`crawl.parse_worker`) so that fetching and storing go on here while parsing runs on
the other cores. Until a process has started (a fraction of a second), and when none
can, the call runs in the calling thread: the pool never makes a crawl wait. Like a
connection pool, the processes are kept for the life of the program (`shared_pool`),
so later crawls in it find them ready.

The processes are plain `python -m` children talking over pipes, not multiprocessing's:
those re-run a script that lacks `if __name__ == "__main__":`, and outlive a parent
killed with SIGKILL, where these see their stdin close and exit. A process that dies
(a page that crashes libxml2, the OOM killer) costs the call it had in hand, which
raises `ParserDied` (the crawl records the page as failed, with that reason), and a
new process takes its place.
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import queue
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
_MAX_AUTO = 4
_WORKER = [sys.executable, "-m", "arabnews_archive.crawl.parse_worker"]
# How often a thread waiting for a busy parser process checks that one is still alive.
_WAIT = 0.5


def parser_processes(setting: int | None) -> int:
    """The `parse_processes` setting made concrete: None means one per spare core (none
    when Python is embedded in a program that is not an interpreter)."""
    if not sys.executable:
        return 0
    if setting is not None:
        return setting
    return max(0, min(_MAX_AUTO, (os.cpu_count() or 1) - 1))


def _environment() -> dict[str, str]:
    # The children import this package from where the parent did, installed or not.
    source = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": source + (os.pathsep + path if path else "")}


class ParserDied(Exception):
    """The parser process running a call died (the call's input may be what killed it)."""

    def __str__(self) -> str:
        return "not parsed: the parser process died on this page"


class ParsePool:
    """Calls run in `processes` parser processes, started by the first call (a crawl with
    nothing to parse starts none); `close()` (or `with`) stops them."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._idle: queue.SimpleQueue[subprocess.Popen[bytes]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._alive: list[subprocess.Popen[bytes]] = []
        self._closed = False
        self._started = False  # processes are started by the first page, not before

    @property
    def pids(self) -> list[int]:
        """Process ids of the parser processes running now (none until they have started)."""
        with self._lock:
            return [process.pid for process in self._alive]

    def _start(self) -> None:
        with self._lock:
            start, self._started = not self._started and not self._closed, True
        for _ in range(self.processes if start else 0):
            self._add_process()

    def _add_process(self) -> None:
        threading.Thread(target=self._start_process, name="parser-start", daemon=True).start()

    def _start_process(self) -> None:
        try:
            # A session of its own: a terminal's Ctrl-C, sent to the crawl's whole process
            # group, must stop the crawl cleanly, not kill the parser under a page in hand.
            process = subprocess.Popen(_WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_environment(),
                                       start_new_session=True)
        except OSError as exc:
            log.warning("cannot start a parser process (%s); parsing in the crawling process", exc)
            return
        assert process.stdout is not None
        if process.stdout.read(len(READY)) != READY:
            log.warning("a parser process failed to start; parsing in the crawling process")
            process.kill()
            return
        with self._lock:
            if self._closed:
                self._stop(process)
                return
            self._alive.append(process)
        self._idle.put(process)

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a parser process (here while none is running). The function
        must be a module's, and its arguments and result must pickle."""
        if not self._started:
            self._start()
        process = self._take()
        if process is None:
            return function(*args)
        assert process.stdin is not None and process.stdout is not None
        try:
            pickle.dump((function, args), process.stdin, pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
            status, value = pickle.load(process.stdout)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):  # ValueError: closed meanwhile
            log.warning("a parser process died; starting another")
            self._replace(process)
            raise ParserDied() from None
        self._idle.put(process)
        if status == "error":
            raise value
        return value

    def _take(self) -> subprocess.Popen[bytes] | None:
        """An idle parser process, waiting for a busy one; None when none is running."""
        while True:
            try:
                process = self._idle.get(timeout=_WAIT if self._alive else 0)
            except queue.Empty:
                if not self._alive:
                    return None
                continue
            with self._lock:
                if process in self._alive:  # not stopped by close() since it went idle
                    return process

    def _replace(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            if process in self._alive:
                self._alive.remove(process)
            closed = self._closed
        process.kill()
        process.wait()
        if not closed:
            self._add_process()

    @staticmethod
    def _stop(process: subprocess.Popen[bytes], wait: bool = True) -> None:
        assert process.stdin is not None
        try:
            process.stdin.close()  # the process ends when its input does
            if wait:
                process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()

    def close(self, wait: bool = True) -> None:
        """Stop the processes (`shared_pool`'s stop when the program exits, which does not wait for them)."""
        with self._lock:
            self._closed = True
            alive, self._alive = self._alive, []
        for process in alive:
            self._stop(process, wait)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: ParsePool | None = None
_shared_lock = threading.Lock()


def shared_pool(processes: int) -> ParsePool:
    """This program's pool of `processes` parser processes, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.processes != processes:
            if _shared is not None:
                _shared.close()
            _shared = ParsePool(processes)
        return _shared


@atexit.register
def _close_shared() -> None:
    if _shared is not None:
        _shared.close(wait=False)
