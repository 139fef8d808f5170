"""The archive as a local web site for people who read Arabic: search, attention over time,
sources, articles, exports (`arabnews serve`; `create_app(db)` from Python). Needs the `web`
extra (Flask, pygal): ``pip install -e '.[web]'``. See docs/web.md."""
from __future__ import annotations

from arabnews_archive.web.app import archive_of, create_app

__all__ = ["archive_of", "create_app"]
