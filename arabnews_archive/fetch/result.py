"""The outcome of one fetch: everything the archive keeps about an HTTP exchange."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from arabnews_archive.parse.decode import decode_html


@dataclass(frozen=True)
class FetchResult:
    """One fetch, after redirects and retries.

    `error` is None exactly when `body` is usable: a 2xx response of an accepted
    type, or a 304 (`not_modified`, empty body). Otherwise it is a one-line reason
    ("timeout (read 30s)", "HTTP 404", "redirect loop", ...) and `status` is the
    last HTTP status seen, or None when no response arrived at all.
    `headers` has lower-cased names. `redirects` lists each hop as (status, target URL).
    `request_headers` are the headers sent with the final request (empty when none was
    sent); `retryable` tells whether the error is transient (timeouts, resets, 429, 5xx).
    """

    requested_url: str
    final_url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    redirects: list[tuple[int, str]] = field(default_factory=list)
    elapsed: float = 0.0
    error: str | None = None
    attempts: int = 1
    not_modified: bool = False
    request_headers: dict[str, str] = field(default_factory=dict)
    retryable: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def content_type(self) -> str | None:
        """Media type without parameters, lower-cased ("text/html")."""
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() or None if value else None

    @property
    def charset(self) -> str | None:
        """The charset parameter of Content-Type, as sent."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def text(self) -> str:
        """The body decoded (declared charset only if the bytes agree; see parse.decode)."""
        return decode_html(self.body, self.headers).text

