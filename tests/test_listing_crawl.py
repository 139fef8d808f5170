"""Crawls of listing pages written like real ones, against a loopback server: every article
link is fetched (side blocks too), pages of the listing are followed, nothing else is."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.crawl import canonicalize, crawl_settings, discover, explain_links
from arabnews_archive.crawl.explain import explain_listing
from arabnews_archive.store.models import FrontierRow
from tests.listings.pages import Listing, archives_tag_page, listings, portal_home_page
from tests.listings.server import ListingServer

ARABNEWS = str(Path(sys.executable).parent / "arabnews")


def canonical_paths(paths: set[str]) -> set[str]:
    """Paths as the crawler requests them (percent-encoded the canonical way)."""
    return {unquote(p) for p in paths}


@pytest.mark.parametrize("listing", listings(), ids=lambda listing: unquote(listing.path))
def test_depth_one_crawl_fetches_every_article_and_only_pages_of_the_listing(tmp_path: Path, listing: Listing) -> None:
    with ListingServer(listings()) as server, Archive(str(tmp_path / "a.db")) as archive:
        summary = archive.crawl(server.url(listing.path), max_depth=1, sitemaps=False, delay=0)
        requested = Counter(unquote(p) for p in server.log.paths() if p != "/robots.txt")
        with archive.database.reading() as session:
            kinds = dict(session.execute(sa.select(FrontierRow.url, FrontierRow.kind)).all())
    stories = canonical_paths(listing.articles | listing.side_articles)
    assert summary.state == "finished"
    assert stories <= set(requested) and all(requested[p] == 1 for p in stories)
    assert set(requested) - stories - {unquote(listing.path)} <= canonical_paths(listing.pages)
    assert not set(requested) & canonical_paths(listing.elsewhere)
    if listing.next_page:
        assert unquote(listing.next_page) in requested
        assert kinds[canonicalize(server.url(listing.next_page))] == "listing"


@pytest.mark.parametrize("listing", listings(), ids=lambda listing: unquote(listing.path))
def test_listing_articles_and_side_articles_apart(listing: Listing) -> None:
    base = "http://news.test"
    found = discover(listing.html, base + listing.path)
    assert set(found.articles) == {canonicalize(base + p) for p in listing.articles}
    assert set(found.side_articles) == {canonicalize(base + p) for p in listing.side_articles}
    if listing.next_page:
        assert found.listings[0] == canonicalize(base + listing.next_page)


def test_explain_tells_why_each_link_is_followed_or_not() -> None:
    page = archives_tag_page()
    reports = {unquote(r.url.removeprefix("http://news.test")): r
               for r in explain_links(page.html, "http://news.test" + page.path)}
    story = reports["/archives/48213"]
    assert story.verdict == "article"
    assert "follows /archives/N, repeated by 23 links (23 with headlines)" in story.evidence
    assert "listing word «archives» in the path" in story.evidence
    assert reports["/archives/47001"].verdict == "side article"
    sport = reports["/category/sport/"]
    assert sport.verdict == "not followed"
    assert "says «المزيد» but leads away from this listing" in sport.evidence
    assert reports["/tag/الانتخابات/page/2/"].verdict == "listing page"
    assert reports["/tag/البرلمان/"].verdict == "not followed"
    assert reports["https://twitter.com/example"].verdict == "off-site"


def test_explain_from_the_command_line_stores_nothing(tmp_path: Path) -> None:
    page = portal_home_page()
    db = tmp_path / "never.db"
    with ListingServer([page]) as server:
        result = subprocess.run([ARABNEWS, "crawl", server.url("/"), "--explain", "--delay", "0", "--db", str(db)],
                                capture_output=True, text=True, timeout=60)
        python = explain_listing(server.url("/"), crawl_settings(delay=0))
        requested = server.log.paths()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    verdict_of = {line.split()[-1]: line.split()[0] for line in lines if line.startswith(("article", "not ", "side"))}
    assert verdict_of[server.url("/Ab3xY9")] == "article"
    assert verdict_of[server.url("/section/politics")] == "not"  # "not followed"
    assert any("says «المزيد» but leads away from this listing" in line for line in lines)
    assert lines[-1].startswith(f"{len(python.links)} URLs on {server.url('/')}: ") and "18 article," in lines[-1]
    assert python.counts()["side article"] == 2 and python.error is None
    assert requested.count("/") == 2 and not db.exists()  # one fetch each; no archive made


def test_explain_of_a_page_that_cannot_be_read() -> None:
    with ListingServer([]) as server:
        explanation = explain_listing(server.url("/robots.txt"), crawl_settings(delay=0))  # served as a 404
    assert explanation.links == [] and explanation.error == "HTTP 404"
