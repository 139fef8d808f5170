"""What no stored value may hold, whatever page or file it came from.

PostgreSQL refuses a NUL character in any text or JSON value, and a key of more than
about 2,700 bytes in a b-tree index (URLs are indexed): one such value would fail its
page's transaction, and a crawl would meet the same row on every resume. Text is cleaned
of the control characters it never holds; a URL with control characters or over
`fetch.policy`'s length limits is not stored at all. SQLite would take them all; the rule is the same for both backends so that an archive moves between them.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from arabnews_archive.article import Article
from arabnews_archive.fetch.policy import length_problem

_URL_CONTROLS = re.compile("[\x00-\x1f\x7f]")
# C0 controls but TAB, LF and CR (which text keeps), and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """`value` without the control characters text never holds (NUL first of all)."""
    return _CONTROLS.sub("", value) if _CONTROLS.search(value) else value


def clean_value(value: Any) -> Any:
    """Strings cleaned, inside tuples, lists and dicts (keys too); other values as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (tuple, list)):
        return type(value)(clean_value(v) for v in value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value


def clean_article(article: Article) -> Article:
    """`article` with every text field cleaned (the JSON-LD of a page may carry a NUL)."""
    changes = {f.name: clean_value(getattr(article, f.name)) for f in dataclasses.fields(article)
               if isinstance(getattr(article, f.name), (str, tuple))}
    return article.replace(**changes)


def url_refusal(url: str) -> str | None:
    """Why `url` may not be stored, or None."""
    return "URL holds control characters" if _URL_CONTROLS.search(url) else length_problem(url)
