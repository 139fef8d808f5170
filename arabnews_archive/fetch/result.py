"""One HTTP exchange, however it came: everything the archive keeps about it.

The crawler and `arabnews fetch` get a FetchResult from the fetcher; an imported file
and a WARC record are made into one; the store writes every page from one
(`store.pages.store_page`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from arabnews_archive.article import Article
from arabnews_archive.parse import NotAnArticle, read_article
from arabnews_archive.parse.decode import decode_html


@dataclass(frozen=True)
class FetchResult:
    """One exchange: a fetch after redirects and retries, a saved page, or a WARC record.

    `error` is None exactly when `body` is usable: a 2xx response of an accepted
    type, or a 304 (`not_modified`, empty body). Otherwise it is a one-line reason
    ("timeout (read 30s)", "HTTP 404", "redirect loop", ...) and `status` is the
    last HTTP status seen, or None when no response arrived at all (with no error: a
    page saved to a file, which had no HTTP exchange).
    `headers` has lower-cased names when fetched (a saved page's are as given).
    `redirects` lists each hop as (status, target URL). `request_headers` are the
    headers sent with the final request (empty when none was sent, or unknown);
    `attempts` counts requests made (0: refused before any, nothing to keep; a saved
    page counts one); `retryable` tells whether the error is transient (timeouts,
    resets, 429, 5xx).
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

    def read(self, url: str | None = None) -> Article | NotAnArticle | None:
        """The page read by the one rule (`parse.read_article`): its Article, or the
        NotAnArticle saying why it holds none. None when there is no page to read: a
        failure, a 304, a status other than 2xx. `url`: the address to read it under (its
        links, dates and site are resolved against it); by default the final URL."""
        if not self.ok or self.not_modified or not (self.status is None or 200 <= self.status < 300):
            return None
        try:
            return read_article(self.body, url=url or self.final_url, headers=self.headers, fetched_at=self.fetched_at)
        except NotAnArticle as verdict:
            return verdict

