"""One article: its fields, the story to read, its earlier versions with what changed, how it
was extracted, and the raw page it came from, shown inert."""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort

from arabnews_archive.archive import Archive, StoredPage
from arabnews_archive.article import Article
from arabnews_archive.parse.decode import decode_html
from arabnews_archive.web import present
from arabnews_archive.web.app import archive, respond

blueprint = Blueprint("article", __name__)

# Ids are 64-bit integers in both databases; a longer number names no article (and would
# overflow the driver, not find nothing).
MAX_ID = 2**63 - 1
_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)
# The raw page is another site's HTML: it may be shown, never run. `sandbox` without
# allow-scripts makes it a document of its own origin with scripts, forms and plugins off, even
# opened directly; nothing it names is fetched (a raw page must not call home to its site).
RAW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def _article(article_id: int) -> Article:
    found = archive().get(article_id) if article_id <= MAX_ID else None
    if found is None:
        abort(404, f"no article with id {article_id}")
    return found


@blueprint.get("/article/<int:article_id>")
def show(article_id: int) -> Any:
    article = _article(article_id)
    revisions = archive().revisions(article_id)
    versions = [r.article for r in revisions] + [article]
    changes = [present.word_diff(old, new) for old, new in zip(versions, versions[1:])]
    story = archive().story(article_id)
    copies = [] if story is None else [
        {"id": a.id, "site": host, "published": when, "title": a.title, "first": i == 0}
        for i, (a, host, when) in enumerate(zip(story.articles, story.hosts, story.times)) if a.id != article_id
    ]
    data = {
        **article.to_dict(),
        "doubtful": Archive.is_doubtful(article),
        "published_hijri": present.hijri(article.published), "updated_hijri": present.hijri(article.updated),
        "revisions": [
            {"fetch_id": r.fetch_id, "fetched_at": r.fetched_at, "superseded_at": r.superseded_at,
             "article": r.article.to_dict(), "changes": [{"change": kind, "text": text} for kind, text in change]}
            for r, change in zip(revisions, changes)
        ],
        # The other copies of its story, earliest first ("first": the story's first source).
        "story": copies,
    }
    return respond("article.html", data, article=article, revisions=list(zip(revisions, changes)), copies=copies,
                   first_source=story is not None and story.first.id == article_id)


def _page(article_id: int) -> StoredPage:
    page = archive().stored_page(article_id) if article_id <= MAX_ID else None
    if page is None or page.body is None:
        abort(404, f"no stored page for article {article_id}")
    return page


@blueprint.get("/article/<int:article_id>/raw")
def raw(article_id: int) -> Response:
    """The stored page as it was received, to be seen in the article's sandboxed frame."""
    page = _page(article_id)
    declared = next((v for k, v in page.headers.items() if k.lower() == "content-type"), "")
    # HTML is shown as HTML in the charset the server declared (else the browser reads the page's
    # own <meta>); anything else as text. Nothing else of the stored header goes through.
    charset = _CHARSET.search(declared)
    mimetype = "text/html" if declared.lower().startswith("text/html") else "text/plain"
    response = Response(page.body, content_type=mimetype + (f"; charset={charset.group(1)}" if charset else ""))
    response.headers["Content-Security-Policy"] = RAW_CSP
    return response


@blueprint.get("/article/<int:article_id>/source")
def source(article_id: int) -> Response:
    """The stored page's HTML source as text, decoded as the parser decoded it."""
    page = _page(article_id)
    text = decode_html(page.body or b"", page.headers).text
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Security-Policy"] = RAW_CSP
    return response
