"""Turn the nested exceptions of requests/urllib3 into one-line reasons, and say which
failures pass.

Three kinds: failures worth another try at once and later (timeouts, resets, 429, 5xx);
failures worth another try at once but not later, when every try failed alike (a refused
connection, an unreachable network: the server is not there); and lasting ones (no such
host, TLS, an address the policy refuses, an invalid URL, 4xx), which no retry mends. A
crawl run without a network ends in seconds on them instead of retrying for minutes.
"""
from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import RemoteDisconnected

import requests
from urllib3.exceptions import NameResolutionError, ReadTimeoutError

from arabnews_archive.fetch.guard import RefusedAddress

HOST_NOT_FOUND = "host not found (DNS)"
DNS_FAILED = "DNS lookup failed (no answer: is the network up?)"
CONNECTION_REFUSED = "connection refused"
NETWORK_UNREACHABLE = "network unreachable"
HOST_UNREACHABLE = "host unreachable"
TLS_ERROR = "TLS error"
# Failures a later round cannot mend either: the server is not there, or never will be for us.
_LASTING = (HOST_NOT_FOUND, DNS_FAILED, CONNECTION_REFUSED, NETWORK_UNREACHABLE, HOST_UNREACHABLE, TLS_ERROR,
            "refused: ", "invalid URL", "unsupported URL scheme", "invalid redirect target")
_UNREACHABLE = {errno.ECONNREFUSED: CONNECTION_REFUSED, errno.ENETUNREACH: NETWORK_UNREACHABLE,
                errno.EHOSTUNREACH: HOST_UNREACHABLE}
_EAI_NODATA = getattr(socket, "EAI_NODATA", socket.EAI_NONAME)  # "no address for this name"; not on every platform


@dataclass(frozen=True)
class Failure:
    """Why a request failed, and whether trying again may help: `now` within this fetch
    (after a backoff), `later` in another round of the crawl once this fetch's tries are spent."""

    reason: str
    now: bool = False
    later: bool = False


def lasting(reason: str) -> bool:
    """Whether a failure of a connection with this reason means the host cannot be reached
    at all (robots.txt that failed so speaks for every page of its site)."""
    return reason.startswith(_LASTING)


def deadline_exceeded(seconds: float) -> Failure:
    # Not tried again at once: the fetch's time is spent. A later round may find the server quicker.
    return Failure(f"deadline exceeded ({seconds:g}s)", later=True)


def http_failure(status: int) -> Failure:
    """429 and 5xx are transient by nature; other statuses will not change on retry."""
    transient = status == 429 or 500 <= status <= 599
    return Failure(f"HTTP {status}", now=transient, later=transient)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (args, `reason`, causes), breadth first."""
    seen: set[int] = set()
    queue: list[BaseException] = [exc]
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        queue.extend(item for item in wrapped if isinstance(item, BaseException))


def describe(exc: requests.RequestException, connect_timeout: float, read_timeout: float) -> Failure:
    """The failure a requests exception stands for."""
    if isinstance(exc, requests.ConnectTimeout):
        return Failure(f"timeout (connect {connect_timeout:g}s)", now=True, later=True)
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return Failure(f"invalid URL ({exc})".splitlines()[0])
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return Failure("undecodable content encoding")
    causes = list(_chain(exc))
    if isinstance(exc, requests.ReadTimeout) or any(isinstance(c, (ReadTimeoutError, socket.timeout)) for c in causes):
        return Failure(f"timeout (read {read_timeout:g}s)", now=True, later=True)
    for cause in causes:
        if isinstance(cause, RefusedAddress):
            return Failure(str(cause))
        if isinstance(cause, ConnectionResetError):
            return Failure("connection reset", now=True, later=True)
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return Failure(_UNREACHABLE[cause.errno], now=True)
        if isinstance(cause, RemoteDisconnected):
            return Failure("connection closed without response", now=True, later=True)
        if isinstance(cause, socket.gaierror):
            # No such name will not come to exist on retry; no answer at all is a machine
            # without network, where retrying only makes the user wait.
            return Failure(HOST_NOT_FOUND if cause.errno in (socket.EAI_NONAME, _EAI_NODATA) else DNS_FAILED)
        if isinstance(cause, NameResolutionError) and not any(isinstance(c, socket.gaierror) for c in causes):
            return Failure(DNS_FAILED)
        if isinstance(cause, ssl.SSLError):
            return Failure(TLS_ERROR)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return Failure("connection broken while reading the body", now=True, later=True)
    first_line = (str(exc).splitlines() or [""])[0][:200]
    transient = isinstance(exc, requests.ConnectionError)
    return Failure(f"{type(exc).__name__}: {first_line}", now=transient, later=transient)

