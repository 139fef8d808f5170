"""`arabnews parse`: parse saved pages or one URL and print the articles."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

import arabnews_archive.formats as formats
from arabnews_archive.archive import ARTICLE_COLUMNS
from arabnews_archive.article import Article
from arabnews_archive.cli.output import CSV, JSON, NL, TEXT, article_text, format_alias, output_options, text_width
from arabnews_archive.parse import ParseError, parse_article

# A parsed page's record: which page, why it failed (if it did), and the article's fields.
COLUMNS = ("source", "error", *ARTICLE_COLUMNS)


def _read_source(source: str, url: str | None) -> tuple[bytes, str | None, dict | None]:
    """The page bytes, its URL and its response headers for one FILE, URL or '-'."""
    if source == "-":
        return sys.stdin.buffer.read(), url, None
    if source.startswith(("http://", "https://")):
        # Fetched like any crawl page: robots.txt respected, retries, size cap.
        from arabnews_archive.fetch.polite_fetcher import PoliteFetcher
        from arabnews_archive.fetch.settings import FetchSettings

        result = PoliteFetcher(FetchSettings()).fetch(source)
        if result.error:
            raise ParseError(result.error)
        return result.body, url or result.final_url, result.headers
    path = Path(source)
    if path.is_dir():
        raise ParseError("is a folder (use `arabnews import` for folders)")
    return path.read_bytes(), url, None


def _records(sources: tuple[str, ...], url: str | None) -> Iterator[tuple[str, Article | None, str | None]]:
    """(source, article, None) for each page parsed, (source, None, reason) for each that failed."""
    for source in sources:
        try:
            html, page_url, headers = _read_source(source, url)
            yield source, parse_article(html, url=page_url, headers=headers), None
        except (OSError, ParseError) as exc:
            yield source, None, exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def register(main: click.Group) -> None:
    @main.command("parse")
    @click.argument("sources", nargs=-1, required=True, metavar="FILE|URL|-...")
    @click.option("--url", help="The page's URL, when parsing a saved file (resolves relative links, dates in URLs).")
    @output_options(default=JSON, flags=(JSON, NL, CSV, TEXT))
    @format_alias({"json": JSON, "jsonl": NL, "text": TEXT})
    def parse_command(sources: tuple[str, ...], url: str | None, output: str) -> None:
        """Parse saved article pages (or fetch one URL) and print the articles: one JSON object
        (an array for several pages), one line per page (--nl), CSV, or readable --text.
        Python: arabnews_archive.parse_article(html, url=...).

        Each record names its page ("source"). A page that cannot be parsed (binary, empty,
        missing) is a record with "error" instead, and a one-line error on stderr; the rest
        go on, and the exit status is 1 if any failed.

        \b
        Examples:
            arabnews parse page.html
            arabnews parse docs/example.html --text
            arabnews parse saved/*.html --nl > articles.jsonl
            curl -s https://example.com/news/1 | arabnews parse - --url https://example.com/news/1
        """
        failed: list[str] = []

        def parsed() -> Iterator[tuple[str, Article | None, str | None]]:
            for source, article, error in _records(sources, url):
                if error is not None:
                    failed.append(source)
                    click.echo(f"Error: {source}: {error}", err=True)
                yield source, article, error

        if output == TEXT:
            for _, article, _ in parsed():
                if article is not None:
                    click.echo(article_text(article, text_width()) + "\n")
        else:
            records = ({"source": source, **(article.to_dict() if article else {"error": error})}
                       for source, article, error in parsed())
            if output == JSON and len(sources) == 1:
                formats.write_object(next(records), sys.stdout)
            else:
                formats.write(output, records, COLUMNS, sys.stdout)
        if failed:
            sys.exit(1)
