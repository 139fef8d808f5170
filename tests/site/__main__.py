"""The demo site: `python -m tests.site` serves the project's synthetic Arabic news site on
http://127.0.0.1:8765/ until Ctrl-C, for the README's examples and for trying a crawl.

It is the site the tests crawl: a `/syria/` section of 100 articles over 5 listing pages,
sitemaps, RSS and Atom feeds, robots.txt, and a "breaking news" ticker whose links lead to
fault routes (a stall, a reset, a redirect loop, a 30 MB page, a PNG behind .html, a page
robots.txt disallows) so that a crawl meets what real sites do.
"""
from __future__ import annotations

import argparse
import threading

from tests.site.server import SiteServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--crawl-delay", type=float, default=0.05, help="robots.txt Crawl-delay (seconds)")
    args = parser.parse_args(argv)
    with SiteServer(args.host, args.port, crawl_delay=args.crawl_delay) as site:
        print(f"Serving the demo news site at {site.url('/syria/')} (Ctrl-C to stop)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
