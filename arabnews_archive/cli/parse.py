"""`arabnews parse`: parse saved pages or one URL and print the articles."""
from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from arabnews_archive.article import Article
from arabnews_archive.cli.common import friendly_errors
from arabnews_archive.parse import ParseError, parse_article


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


def format_text(article: Article) -> str:
    """An article as a reader would want it in a terminal."""
    lines = [article.title or "(no title)"]
    facts = [
        ("Published", article.published.isoformat() if article.published else None),
        ("Updated", article.updated.isoformat() if article.updated else None),
        ("Dateline", article.dateline),
        ("By", "، ".join(article.authors) or None),
        ("Section", article.section),
        ("Tags", "، ".join(article.tags) or None),
        ("URL", article.canonical_url or article.url),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    lines.append("")
    for paragraph in article.paragraphs:
        lines.append(textwrap.fill(paragraph, width=100))
        lines.append("")
    return "\n".join(lines)


def register(main: click.Group) -> None:
    @main.command("parse")
    @click.argument("sources", nargs=-1, required=True, metavar="FILE|URL|-...")
    @click.option("--url", help="The page's URL, when parsing a saved file (resolves relative links, dates in URLs).")
    @click.option(
        "--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json", show_default=True,
        help="json: one indented object per page; jsonl: one line per page; text: readable.",
    )
    @friendly_errors
    def parse_command(sources: tuple[str, ...], url: str | None, fmt: str) -> None:
        """Parse saved article pages (or fetch one URL) and print the articles.

        One bad file prints a one-line error on stderr and does not stop the rest;
        the exit status is 1 if any failed.

        \b
        Examples:
            arabnews parse page.html
            arabnews parse saved/*.html --format jsonl > articles.jsonl
            curl -s https://example.com/news/1 | arabnews parse - --url https://example.com/news/1
        """
        failed = 0
        for source in sources:
            try:
                html, page_url, headers = _read_source(source, url)
                article = parse_article(html, url=page_url, headers=headers)
            except (OSError, ParseError) as exc:
                failed += 1
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                click.echo(f"Error: {source}: {reason}", err=True)
                continue
            if fmt == "text":
                click.echo(format_text(article))
            elif fmt == "jsonl":
                click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
            else:
                click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        if failed:
            sys.exit(1)
