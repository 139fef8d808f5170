"""arabnews_archive: crawl, archive, parse and search Arabic-language news."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.parse import NotAnArticle, ParseError, parse_article, read_article
from arabnews_archive.parse.dates import parse_arabic_date
from arabnews_archive.version import __version__

if TYPE_CHECKING:
    from arabnews_archive.archive import Archive

__all__ = [
    "Archive", "Article", "NotAnArticle", "PARSER_VERSION", "ParseError", "parse_article", "parse_arabic_date",
    "read_article", "__version__",
]


def __getattr__(name: str) -> Any:
    # The archive pulls in SQLAlchemy; parsing alone should not pay for it.
    if name == "Archive":
        from arabnews_archive.archive import Archive

        return Archive
    raise AttributeError(f"module 'arabnews_archive' has no attribute {name!r}")
