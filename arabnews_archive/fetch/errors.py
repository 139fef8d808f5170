"""Turn the nested exceptions of requests/urllib3 into one-line reasons."""
from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from http.client import RemoteDisconnected

import requests
from urllib3.exceptions import NameResolutionError, ReadTimeoutError


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


def describe(exc: requests.RequestException, connect_timeout: float, read_timeout: float) -> tuple[str, bool]:
    """(one-line reason, whether a retry may help) for a failed request."""
    if isinstance(exc, requests.ConnectTimeout):
        return f"timeout (connect {connect_timeout:g}s)", True
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return f"invalid URL ({exc})".splitlines()[0], False
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "undecodable content encoding", False
    causes = list(_chain(exc))
    if isinstance(exc, requests.ReadTimeout) or any(isinstance(c, (ReadTimeoutError, socket.timeout)) for c in causes):
        return f"timeout (read {read_timeout:g}s)", True
    for cause in causes:
        if isinstance(cause, ConnectionResetError):
            return "connection reset", True
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused", True
        if isinstance(cause, RemoteDisconnected):
            return "connection closed without response", True
        if isinstance(cause, (NameResolutionError, socket.gaierror)):
            return "DNS lookup failed", True
        if isinstance(cause, ssl.SSLError):
            return "TLS error", False
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection broken while reading the body", True
    first_line = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first_line}", isinstance(exc, requests.ConnectionError)
