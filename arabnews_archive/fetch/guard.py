"""Where the network policy and the fetch deadline reach the socket.

requests and urllib3 give no hook between "resolve the name" and "connect", nor a limit
on a response's total time (their read timeout is per read: a server sending a byte a
second never trips it, in the headers or in the body). So this module supplies urllib3
connections that:

- resolve the host once, check every address against the policy, and connect to an
  allowed address itself (no second lookup that a rebinding DNS server could answer
  differently), and check the peer of a pooled connection again before reusing it;
- put themselves under the current fetch's `Guard`, whose watchdog shuts their socket
  down when the fetch's deadline passes, which ends whatever read is blocked on it.

The guard of the fetch in progress is a thread-local: urllib3 builds and reuses
connections out of sight, in the thread that sends the request.
"""
from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family, create_connection

from arabnews_archive.fetch.policy import NetworkPolicy


class RefusedAddress(OSError):
    """The policy refuses every address the host resolved to (the message says why)."""


class Guard:
    """One fetch's network policy and deadline (`seconds` from `begin()`), over all its
    requests: redirect hops, retries, its robots.txt."""

    def __init__(self, policy: NetworkPolicy, seconds: float) -> None:
        self.policy = policy
        self.seconds = seconds
        self.expires: float | None = None  # monotonic time; None until the first request
        self.expired = False
        self._connections: list[HTTPConnection] = []
        self._lock = threading.Lock()

    def begin(self) -> None:
        """Start the clock (at the first request: waiting for a host's turn is not the server's time)."""
        if self.expires is None:
            self.expires = time.monotonic() + self.seconds
            _WATCHDOG.arm(self)

    def end(self) -> None:
        _WATCHDOG.disarm(self)

    def remaining(self) -> float:
        return self.seconds if self.expires is None else self.expires - time.monotonic()

    @contextmanager
    def active(self) -> Iterator[None]:
        """Requests sent in this block, in this thread, are held to this guard."""
        previous = getattr(_active, "guard", None)
        _active.guard = self
        try:
            yield
        finally:
            _active.guard = previous

    def watch(self, connection: HTTPConnection) -> None:
        """Let the deadline cut `connection`, which is about to carry one of this fetch's requests."""
        if self.expires is None:
            return  # no clock running (a request outside any fetch)
        connection._arabnews_guard = self  # type: ignore[attr-defined]
        with self._lock:
            self._connections.append(connection)
            expired = self.expired
        if expired:
            _cut(connection)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            connections, self._connections = self._connections, []
        for connection in connections:
            # A connection back in the pool may serve another fetch by now: leave it be.
            if getattr(connection, "_arabnews_guard", None) is self:
                _cut(connection)


def _cut(connection: HTTPConnection) -> None:
    """End the reads blocked on a connection: shutting the socket down makes them return."""
    sock = connection.sock
    if isinstance(sock, socket.socket):
        try:
            # socket.socket's own shutdown, not SSLSocket's, which drops its TLS state under
            # the thread reading it.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass  # already closed


class _Watchdog:
    """One thread expiring the guards whose deadline has passed."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._guards: set[Guard] = set()
        self._thread: threading.Thread | None = None

    def arm(self, guard: Guard) -> None:
        with self._cond:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="fetch-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()

    def disarm(self, guard: Guard) -> None:
        with self._cond:
            self._guards.discard(guard)  # the thread wakes at the old time and finds nothing due

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for guard in [g for g in self._guards if g.expires is not None and g.expires <= now]:
                    self._guards.discard(guard)
                    guard.expire()
                soonest = min((g.expires for g in self._guards if g.expires is not None), default=None)
                self._cond.wait(None if soonest is None else soonest - now)


_WATCHDOG = _Watchdog()
_active = threading.local()
_NO_GUARD = Guard(NetworkPolicy(), float("inf"))  # a request sent outside a fetch: public addresses only


def current() -> Guard:
    return getattr(_active, "guard", None) or _NO_GUARD


class _GuardedHTTPConnection(HTTPConnection):
    """A urllib3 connection held to the current guard (this module's docstring)."""

    _peer: str | None = None

    def _new_conn(self) -> socket.socket:
        if self.proxy is not None:
            return super()._new_conn()  # the user's own proxy; the target was checked before
        policy = current().policy
        try:
            found = socket.getaddrinfo(self._dns_host.strip("[]"), self.port, allowed_gai_family(), socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        addresses = list(dict.fromkeys(sockaddr[0] for *_, sockaddr in found))
        refusals = [policy.refusal(self.host, address) for address in addresses]
        allowed = [address for address, refusal in zip(addresses, refusals) if refusal is None]
        if not allowed:
            raise RefusedAddress(next((r for r in refusals if r), f"{self.host}: no address"))
        error: Exception | None = None
        for address in allowed:
            try:
                sock = create_connection((address, self.port), self.timeout, source_address=self.source_address,
                                         socket_options=self.socket_options)
            except socket.timeout as exc:
                error = ConnectTimeoutError(self, f"Connection to {self.host} timed out ({self.timeout}s)")
                error.__cause__ = exc
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
                error.__cause__ = exc
            else:
                self._peer = address
                sys.audit("http.client.connect", self, self.host, self.port)
                return sock
        assert error is not None
        raise error

    def connect(self) -> None:
        current().watch(self)  # a TLS handshake can be slowed down too
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        guard = current()
        if self.sock is not None and self._peer is not None and self.proxy is None:
            # A pooled connection may have been opened under another crawl's policy.
            refusal = guard.policy.refusal(self.host, self._peer)
            if refusal is not None:
                self.close()
                raise RefusedAddress(refusal)
        guard.watch(self)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(_GuardedHTTPConnection, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


_POOLS = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


class GuardedAdapter(HTTPAdapter):
    """requests' adapter whose connections, direct or through an HTTP(S) proxy, are guarded.
    A SOCKS proxy keeps its own connections (they speak SOCKS): only the pre-check of the
    target's addresses applies there (`Downloader`)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOLS
        return manager
