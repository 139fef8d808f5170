#!/usr/bin/env python3
"""Extraction benchmark: this project against trafilatura, readability-lxml, newspaper4k
and goose3 on the development corpus, scored by the corpus's own score.py.

    .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--repeat 3] [--only NAME] [--per-page]

Every tool gets the same pages, as bytes already in memory, in one process. Each tool
first makes one warm-up pass whose output is scored (a page it crashes on scores empty
and is counted); then ``--repeat`` timed passes, taken in turns with the other tools
(a shared machine's drifting speed then slows them alike), best kept. Only the extraction call is
timed: the tool's own API from input to its native result (peers that take ``str``
include decoding the bytes; readability's summary HTML is turned into text untimed).
The floor is lxml's bare parse of the same bytes, which no lxml-based parser can beat.

Inputs are each tool's natural one: bytes for this project, trafilatura and
readability (they decode themselves); ``str`` for newspaper4k and goose3. Peers with
no dateline field get null; peer dates are converted to ISO strings.
"""
from __future__ import annotations

import argparse
import codecs
import gc
import logging
import re
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import (  # noqa: E402
    CorpusPage, corpus_or_exit, load_metric, load_pages, make_record, score_records,
)

PROJECT = "arabnews_archive"
FLOOR = "lxml parse floor"
Extract = Callable[[bytes, "str | None"], Any]   # (html, url) -> the tool's native result
ToFields = Callable[[Any], dict]                 # native result -> make_record() fields


class Unavailable(Exception):
    """The tool cannot run here (not installed, missing extra); it is skipped with a note."""


# --- input helpers ---------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode(html: bytes) -> str:
    """Bytes to str for peers that want str: BOM, else <meta> charset, else UTF-8."""
    if html.startswith(codecs.BOM_UTF8):
        return html[3:].decode("utf-8", "replace")
    m = _META_CHARSET.search(html[:8192])
    try:
        return html.decode(m.group(1).decode("ascii") if m else "utf-8", "replace")
    except LookupError:
        return html.decode("utf-8", "replace")


def iso_date(value: Any) -> str | None:
    """A peer's date (datetime, date or string) as an ISO string, None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser as dateutil_parser
        return dateutil_parser.parse(text).isoformat()
    except Exception:
        return text if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
           "td", "th", "tr", "dd", "dt", "br", "section", "article", "figcaption"}


def html_paragraphs(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, blank-line joined."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    parts: list[str] = []
    for event, el in lxml.html.etree.iterwalk(lxml.html.fromstring(fragment), events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _BLOCKS:
                parts.append("\n\n")
            parts.append(el.text or "")
        else:
            if el.tag in _BLOCKS:
                parts.append("\n\n")
            parts.append(el.tail or "")
    paras = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paras if p)


# --- the tools -------------------------------------------------------------------------

def _project() -> tuple[Extract, ToFields]:
    try:
        from arabnews_archive import parse_article
    except Exception as exc:  # a package mid-edit can fail to import in any way
        raise Unavailable(f"does not import: {exc!r}") from exc

    def extract(html, url):
        return parse_article(html, url=url)

    def fields(a):
        return dict(title=a.title, published=a.published, author=a.authors,
                    dateline=a.dateline, body=a.body)
    return extract, fields


def _trafilatura() -> tuple[Extract, ToFields]:
    try:
        import trafilatura
    except ImportError as exc:
        raise Unavailable("not installed") from exc

    def extract(html, url):
        return trafilatura.bare_extraction(html, url=url, with_metadata=True)

    def fields(doc):
        if doc is None:
            return {}
        d = doc if isinstance(doc, dict) else doc.as_dict()
        return dict(title=d.get("title"), published=iso_date(d.get("date")),
                    author=d.get("author"), body=d.get("text"))
    return extract, fields


def _readability() -> tuple[Extract, ToFields]:
    try:
        from readability import Document
    except ImportError as exc:
        raise Unavailable("not installed") from exc

    def extract(html, url):
        doc = Document(html, url=url)
        return doc.short_title(), doc.summary()

    def fields(result):
        title, summary = result
        return dict(title=title, body=html_paragraphs(summary))  # no date, author, dateline
    return extract, fields


def _newspaper() -> tuple[Extract, ToFields]:
    try:
        from newspaper import Article, Config
    except ImportError as exc:
        raise Unavailable("not installed") from exc
    try:
        import nltk  # noqa: F401  newspaper4k tokenises Arabic with nltk's ISRI stemmer
    except ImportError as exc:
        raise Unavailable("needs nltk for Arabic: pip install 'newspaper4k[nlp]'") from exc
    config = Config()
    config.fetch_images = False        # no network: images are not fetched to size them
    config.follow_meta_refresh = False

    def extract(html, url):
        article = Article(url or "http://localhost/", config=config)
        article.download(input_html=decode(html))
        article.parse()
        return article

    def fields(a):
        return dict(title=a.title, published=iso_date(a.publish_date), author=a.authors, body=a.text)
    return extract, fields


def _goose() -> tuple[Extract, ToFields]:
    try:
        from goose3 import Goose
    except ImportError as exc:
        raise Unavailable("not installed") from exc
    goose = Goose({"enable_image_fetching": False})

    def extract(html, url):
        return goose.extract(url=url, raw_html=decode(html))

    def fields(a):
        return dict(title=a.title, published=iso_date(a.publish_date), author=a.authors,
                    body=a.cleaned_text)
    return extract, fields


TOOLS: dict[str, Callable[[], tuple[Extract, ToFields]]] = {
    PROJECT: _project,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
    "goose3": _goose,
}


# --- running ---------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    note: str = ""                       # why it was skipped, when it was
    records: list[dict] = field(default_factory=list)
    crashes: int = 0
    first_crash: str = ""
    pages_per_s: float = 0.0
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def timed_pass(extract: Extract, pages: list[CorpusPage]) -> float:
    """Seconds spent inside the extraction calls over all pages (crashes included)."""
    gc.collect()
    total = 0.0
    for page in pages:
        start = time.perf_counter()
        try:
            extract(page.html, page.url)
        except Exception:
            pass
        total += time.perf_counter() - start
    return total


def prepare_tool(name: str, pages: list[CorpusPage]) -> tuple[Result, Extract | None]:
    """The tool's warm-up pass, whose output is what gets scored; its extract function for
    the timed passes (None when the tool cannot run here)."""
    result = Result(name)
    try:
        extract, to_fields = TOOLS[name]()
    except Unavailable as exc:
        result.note = str(exc)
        return result, None
    for page in pages:
        try:
            fields = to_fields(extract(page.html, page.url))
        except Exception as exc:
            result.crashes += 1
            result.first_crash = result.first_crash or f"{page.file}: {exc!r}"[:200]
            fields = {}
        result.records.append(make_record(page.file, **fields))
    return result, extract


def lxml_parse(html: bytes, url: str | None) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(html)


def best_times(extracts: dict[str, Extract], pages: list[CorpusPage], repeat: int) -> dict[str, float]:
    """Each tool's best pass over the pages, the passes taken in turns (A B C, A B C, ...):
    a machine whose speed drifts during the run (a shared host) slows every tool alike,
    so the ratios between them hold better than with one tool's passes after another's."""
    best = {name: float("inf") for name in extracts}
    for _ in range(repeat):
        for name, extract in extracts.items():
            best[name] = min(best[name], timed_pass(extract, pages))
    return best


# --- reporting -------------------------------------------------------------------------

def _right(value: str) -> tuple[int, int]:
    right, total = value.split("/")
    return int(right), int(total)


def print_table(results: list[Result], floor: float) -> None:
    head = ("tool", "body P", "body R", "body F1", "title", "date", "author", "dateline",
            "pages/s", "crashes")
    lines = [head]
    for r in results:
        if r.note:
            continue
        s = r.summary
        lines.append((r.name, f'{s["P"]:.3f}', f'{s["R"]:.3f}', f'{s["F1"]:.3f}', s["title"],
                      s["date"], s["author"], s["dateline"], f"{r.pages_per_s:.1f}", str(r.crashes)))
    lines.append(("(lxml parse floor)", "", "", "", "", "", "", "", f"{floor:.1f}", ""))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    for i, row in enumerate(lines):
        print(" | ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("-+-".join("-" * w for w in widths))


def print_notes(results: list[Result], floor: float) -> None:
    done = {r.name: r for r in results if not r.note}
    for r in results:
        if r.note:
            print(f"skipped {r.name}: {r.note}")
        elif r.first_crash:
            print(f"{r.name} crashed on {r.crashes} page(s); first: {r.first_crash}")
    me = done.get(PROJECT)
    if me is None:
        return
    print(f"{PROJECT} at {me.pages_per_s / floor:.2f}x the lxml parse floor's speed")
    if "trafilatura" in done:
        print(f"speed, {PROJECT} / trafilatura: {me.pages_per_s / done['trafilatura'].pages_per_s:.2f}x")
    my_dates, date_total = _right(me.summary["date"])
    for name, peer in done.items():
        if name == PROJECT:
            continue
        f1_lead = me.summary["F1"] - peer.summary["F1"]
        date_lead = my_dates - _right(peer.summary["date"])[0]
        pts = 100 * date_lead / date_total if date_total else 0.0
        print(f"lead over {name}: body F1 {f1_lead:+.3f}, date {date_lead:+d}/{date_total} pages "
              f"({pts:+.1f} pts)")


def print_per_page(result: Result) -> None:
    print(f"\n== {result.name} per page (worst body F1 first)")
    for r in sorted(result.rows, key=lambda r: r["F1"]):
        print(f'{r["F1"]:.3f} P={r["P"]:.3f} R={r["R"]:.3f} title={r["title"]} date={r["date"]} '
              f'author={r["author"]} dateline={r["dateline"]} {r["file"]}')


def select(only: list[str] | None) -> list[str]:
    if not only:
        return list(TOOLS)
    chosen = []
    for want in (w.strip().lower() for arg in only for w in arg.split(",") if w.strip()):
        names = [n for n in TOOLS if n.lower().startswith(want)]
        if not names:
            sys.exit(f"--only {want}: no such tool (tools: {', '.join(TOOLS)})")
        chosen += [n for n in names if n not in chosen]
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="corpus directory (default: $ARABNEWS_CORPUS or ../shared/corpus)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per tool, best kept (default 3)")
    ap.add_argument("--only", action="append", metavar="NAME",
                    help=f"run only this tool (prefix, repeatable or comma-separated): {', '.join(TOOLS)}")
    ap.add_argument("--per-page", action="store_true", help="print each tool's per-page scores")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    tools = select(args.only)
    corpus = corpus_or_exit(args.corpus)
    metric = load_metric(corpus)
    pages = load_pages(corpus)
    print(f"corpus {corpus}: {len(pages)} pages, {sum(len(p.html) for p in pages) / 1e6:.1f} MB; "
          f"best of {args.repeat} timed pass(es) after one warm-up, single process")

    warnings.simplefilter("ignore")       # peers' import-time and parse warnings
    logging.disable(logging.CRITICAL)     # peers log every odd page at WARNING
    results, extracts = [], {}
    for name in tools:
        print(f"  running {name} ...", file=sys.stderr, flush=True)
        result, extract = prepare_tool(name, pages)
        results.append(result)
        if extract is not None:
            extracts[name] = extract
    timed_pass(lxml_parse, pages)  # the floor's warm-up
    print(f"  timing {len(extracts)} tool(s) and the lxml floor in turns ...", file=sys.stderr, flush=True)
    best = best_times({**extracts, FLOOR: lxml_parse}, pages, args.repeat)
    floor = len(pages) / best[FLOOR]
    with tempfile.TemporaryDirectory(prefix="arabnews-bench-") as tmp:
        for result in results:
            if result.note:
                continue
            result.pages_per_s = len(pages) / best[result.name] if best[result.name] else float("inf")
            jsonl = Path(tmp) / f"{result.name}.jsonl"
            result.rows = score_records(corpus, result.records, jsonl_path=jsonl)
            result.summary = metric.summary(result.rows)
    logging.disable(logging.NOTSET)

    print()
    print_table(results, floor)
    print()
    print_notes(results, floor)
    if args.per_page:
        for result in results:
            if not result.note:
                print_per_page(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
