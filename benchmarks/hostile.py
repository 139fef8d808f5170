"""How long a crawl spends on pages a server trickles out a byte a second, with the fetch deadline.

A local section of good articles and "slow" ones, whose server sends the headers at once and
then one byte a second for as long as the client listens (up to 10 minutes). Without a total
deadline each slow page would hold its host for those 10 minutes (a real attacker never
stops); with it, each is cut at the deadline and recorded as failed ("deadline exceeded").
Run by hand; it prints figures and asserts nothing.

    python benchmarks/hostile.py                           # deadlines 2, 5 and 10 s
    python benchmarks/hostile.py --deadlines 120 --slow 1  # the default deadline
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.conftest, from a checkout

from arabnews_archive.archive import Archive  # noqa: E402
from arabnews_archive.crawl.summary import CrawlSummary  # noqa: E402
from tests.conftest import news_page  # noqa: E402

TRICKLE_SECONDS = 600
PARAGRAPHS = ["أعلنت الوزارة اليوم عن خطة جديدة لتطوير الخدمات العامة في عدد من المحافظات خلال العام المقبل.",
              "وقال المتحدث باسمها إن الخطة تشمل تحديث الأجهزة وتدريب العاملين وزيادة عدد المراكز."]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        site: Site = self.server.site  # type: ignore[attr-defined]
        if self.path == "/section/":
            self._send(site.listing())
        elif self.path.startswith("/news/slow-"):
            self._trickle()
        elif self.path.startswith("/news/"):
            self._send(news_page(f"خبر جيد عن الخدمات العامة في المحافظات رقم {self.path}", PARAGRAPHS))
        else:
            self._send("", status=404)

    def _send(self, text: str, status: int = 200) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self) -> None:
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\n\r\n" % TRICKLE_SECONDS)
            for _ in range(TRICKLE_SECONDS):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass  # the crawler hung up: its deadline
        self.close_connection = True


class Site:
    """The section on 127.0.0.1: `good` articles and `slow` ones, listed together."""

    def __init__(self, good: int, slow: int) -> None:
        self.good, self.slow = good, slow
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.site = self  # type: ignore[attr-defined]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def listing(self) -> str:
        paths = [f"/news/{n}/good" for n in range(self.good)] + [f"/news/slow-{n}/x" for n in range(self.slow)]
        items = "".join(f'<div class="news-item"><h3><a href="{p}">الإعلان عن نتائج جديدة في قضية مهمة رقم {i}</a>'
                        f"</h3><p>{PARAGRAPHS[0]}</p></div>" for i, p in enumerate(paths))
        head = '<head><meta charset="utf-8"><title>أخبار</title></head>'
        return f'<html lang="ar">{head}<body><main>{items}</main></body></html>'

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def crawl(deadline: float, good: int, slow: int) -> tuple[float, CrawlSummary]:
    """Seconds a crawl of the section takes (every URL tried once), and its summary."""
    site = Site(good, slow)
    try:
        # The archive is created before the clock starts: schema migrations are not crawling.
        with tempfile.TemporaryDirectory() as folder, Archive(str(Path(folder) / "bench.db")) as archive:
            started = time.perf_counter()
            summary = archive.crawl(site.url("/section/"), delay=0, deadline=deadline, max_attempts=1, sitemaps=False)
            return time.perf_counter() - started, summary
    finally:
        site.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadlines", type=float, nargs="+", default=[2, 5, 10], metavar="S")
    parser.add_argument("--good", type=int, default=5, help="good articles in the section")
    parser.add_argument("--slow", type=int, default=3, help="articles trickled a byte a second")
    args = parser.parse_args()
    print(f"{args.good} good articles and {args.slow} trickled a byte a second ({TRICKLE_SECONDS} s each), "
          "on one host: one request at a time")
    baseline, _ = crawl(max(args.deadlines), args.good, 0)
    print(f"without the slow pages: {baseline:.1f} s")
    for deadline in args.deadlines:
        elapsed, summary = crawl(deadline, args.good, args.slow)
        failures = "; ".join(f"{n} × {reason}" for reason, n in summary.failures.items())
        print(f"deadline {deadline:g} s: {summary.state} in {elapsed:.1f} s, {summary.articles.get('new', 0)} of "
              f"{args.good} good articles stored; {failures}; "
              f"{(elapsed - baseline) / args.slow:.1f} s per slow page")


if __name__ == "__main__":
    main()
