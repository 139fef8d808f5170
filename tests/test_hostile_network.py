"""A crawl of a hostile site (tests/site/hostile.py) completes: the good pages are stored, each
bad one is one frontier row with its reason, and the command exits as documented; through
the Python API and the command line, on SQLite and PostgreSQL.
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from tests.site.hostile import GOOD, SECTION, HostileSite, robots_11mb, robots_utf16
from tests.site.server import gaps

DEADLINE = 2.0
# Fast, and every URL tried once: a transient failure is recorded at once instead of waiting a round.
OPTIONS = {"delay": 0.0, "deadline": DEADLINE, "max_attempts": 1, "parse_processes": 0}
LOOPBACK = "is a loopback address (--allow-private-addresses to fetch it)"
REDIRECT_DISALLOWED = "redirected to a page disallowed by robots.txt"


@pytest.fixture(params=["api", "cli"])
def interface(request: pytest.FixtureRequest) -> str:
    return request.param


def crawl(interface: str, db_url: str, seed: str, **options: object) -> tuple[str, int, str]:
    """(the crawl's state, the exit status, what it printed) through `interface`."""
    options = {**OPTIONS, **options}
    if interface == "api":
        with Archive(db_url) as archive:
            summary = archive.crawl(seed, **options)
        return summary.state, 0, ""
    result = CliRunner().invoke(main, ["crawl", seed, *cli_args(options), "--db", db_url])
    report = result.stdout.splitlines()[0] if result.stdout else ""  # "Crawl 1 of URL: finished, ..."
    return report.split(": ", 1)[-1].split(",")[0], result.exit_code, result.output


def cli_args(options: dict[str, object]) -> list[str]:
    """`Archive.crawl` keywords as the command's options (a flag for True, `--no-` for False)."""
    args = []
    for name, value in options.items():
        option = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            args.append(option if value else "--no-" + option[2:])
        else:
            args += [option, str(value)]
    return args


def outcomes(db_url: str, seed: str) -> dict[str, tuple[str, str]]:
    """The frontier's failed and skipped rows: URL (path, or the whole URL off the site) -> (state, reason)."""
    with Archive(db_url) as archive:
        rows = archive.frontier(seed, failed=True)
    base = f"{urlsplit(seed).scheme}://{urlsplit(seed).netloc}"
    return {(row["url"][len(base):] if row["url"].startswith(base + "/") else row["url"]): (row["state"], row["reason"])
            for row in rows}


def stored_titles(db_url: str) -> set[str]:
    with Archive(db_url) as archive:
        return {article.title for article in archive.articles()}


def by_id(found: dict[str, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    return {int(url.split("/")[2]): outcome for url, outcome in found.items() if url.startswith("/news/")}


@pytest.fixture
def site() -> Iterator[HostileSite]:
    with HostileSite() as served:
        yield served


def test_a_hostile_site_is_crawled_to_the_end(db_url: str, interface: str, site: HostileSite) -> None:
    seed = site.url(SECTION)
    state, status, output = crawl(interface, db_url, seed)
    assert (state, status) == ("finished", 0), output
    assert set(GOOD.values()) <= stored_titles(db_url)
    found = outcomes(db_url, seed)
    assert by_id(found) == {
        300012: ("failed", "invalid redirect target (Invalid IPv6 URL)"),
        300013: ("failed", f"refused: 127.0.0.2 {LOOPBACK}"),
        300014: ("failed", f"refused: ::1 {LOOPBACK}"),
        300015: ("skipped", REDIRECT_DISALLOWED),
        300016: ("failed", f"deadline exceeded ({DEADLINE:g}s)"),
        300017: ("skipped", REDIRECT_DISALLOWED),  # another host's robots.txt, read for the hop
    }
    # robots.txt's sitemaps and the page's feed on other hosts are recorded, never fetched.
    port = site.port
    assert {url: found[url] for url in found if not url.startswith(("/news/", "/sitemaps/"))} == {
        f"http://127.0.0.2:{port}/sitemap.xml": ("skipped", "not on the crawled site"),
        f"http://[::1]:{port}/sitemap.xml": ("skipped", "not on the crawled site"),
        f"http://127.0.0.2:{port}/rss.xml": ("skipped", "not on the crawled site"),
    }
    # The chain of sitemap indexes is followed 5 levels below the site's own sitemap, no further.
    assert found["/sitemaps/6.xml"] == ("skipped", "sitemap index deeper than 5 levels")
    paths = [unquote(p) for p in site.log.paths()]
    assert [p for p in paths if p.startswith("/sitemaps/")] == [f"/sitemaps/{n}.xml" for n in range(1, 6)]
    assert "/news/300001/caf%E9-%FF" in site.log.paths()  # Location's raw bytes, sent on percent-encoded
    assert not any(p.startswith("/private/") for p in paths)
    other = site.other.log.paths()  # type: ignore[union-attr]
    assert other[0] == "/robots.txt" and "/news/300002/x" in other and "/blocked/page.html" not in other
    assert min(gaps(site.other.log.entries())) >= 0.45  # type: ignore[union-attr]  # its Crawl-delay, per hop
    if interface == "cli":
        assert f"  1 × deadline exceeded ({DEADLINE:g}s)" in output


def test_allow_private_addresses_lets_redirects_reach_them(db_url: str, interface: str, site: HostileSite) -> None:
    """With the option, the redirects to 127.0.0.2 and [::1] are followed (nothing listens on
    127.0.0.2 at this port, so the fetch fails to connect instead of being refused)."""
    seed = site.url(SECTION)
    state, status, output = crawl(interface, db_url, seed, allow_private_addresses=True)
    assert (state, status) == ("finished", 0), output
    reasons = by_id(outcomes(db_url, seed))
    assert not any(reason.startswith("refused:") for _, reason in reasons.values())
    assert reasons[300013] == ("failed", "connection refused")


@pytest.mark.parametrize("robots", [robots_11mb(), robots_utf16()], ids=["11MB", "UTF-16"])
def test_huge_or_utf16_robots_txt_is_obeyed(db_url: str, interface: str, robots: bytes) -> None:
    """An 11 MB robots.txt is read to its first 500 KiB (RFC 9309), not taken for "disallow
    all"; a UTF-16 one is decoded, not taken for "no rules"."""
    with HostileSite(robots=robots, hostile=False) as site:
        seed = site.url(SECTION)
        state, status, output = crawl(interface, db_url, seed, sitemaps=False)
        assert (state, status) == ("finished", 0), output
        assert set(GOOD.values()) <= stored_titles(db_url)
        assert by_id(outcomes(db_url, seed)) == {300015: ("skipped", REDIRECT_DISALLOWED)}
        assert not any(p.startswith("/private/") for p in site.log.paths())


def test_a_worker_crawls_a_queued_hostile_site_alike(db_url: str, site: HostileSite) -> None:
    """`arabnews worker` holds each crawl to the policy and limits recorded with it."""
    seed = site.url(SECTION)
    with Archive(db_url) as archive:
        archive.queue(seed, max_sitemap_depth=2)
        summary = archive.work(delay=0.0, deadline=DEADLINE, max_attempts=1, parse_processes=0)
    assert summary.state == "finished"
    found = outcomes(db_url, seed)
    assert by_id(found)[300013] == ("failed", f"refused: 127.0.0.2 {LOOPBACK}")
    assert by_id(found)[300016] == ("failed", f"deadline exceeded ({DEADLINE:g}s)")
    assert found["/sitemaps/3.xml"] == ("skipped", "sitemap index deeper than 2 levels")
