"""arabnews_archive: crawl, archive, parse and search Arabic-language news."""
from __future__ import annotations

__version__ = "0.1.0"

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.parse import parse_article
from arabnews_archive.parse.dates import parse_arabic_date

__all__ = ["Article", "PARSER_VERSION", "parse_article", "parse_arabic_date", "__version__"]
