"""Peak memory and time of importing WARC decompression bombs, against the payload cap.

    .venv/bin/python benchmarks/warc_bomb.py [--mb 512] [--caps 1,10,50]

Builds, in a temporary folder, files that unfold to `--mb` MB (issue 13's case: a
1.4 KB file whose gzip-encoded payload is 512 MB of zeros, which took 3.2 GB and
120 s before dying), each with a good page before and after the bomb:

- gzip payload: `Content-Encoding: gzip` over the zeros, the record gzipped again;
- chunked gzip payload: the same in one `Transfer-Encoding: chunked` chunk;
- gzip member: the zeros themselves as an HTML payload, in a .warc.gz member;
- header line: a WARC header line of that length, with no end.

Each import runs in a process of its own (SQLite), so that its peak resident memory
(ru_maxrss) is that import's alone; the interpreter and libraries come first, and are
shown as the baseline.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from arabnews_archive.archive import Archive
import arabnews_archive.parse  # the parser loads lazily: count it in the baseline

path, db, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Archive(db) as archive:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    summary = archive.import_warc([path], max_payload=cap)
    seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "before_mb": before / 1024,
                  "articles": summary.articles, "reported": summary.refusals + summary.broken}))
"""
PAGE = ("<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>خبر {0}</title></head><body>"
        "<article><h1>خبر رقم {0} من العاصمة</h1><p>قالت مصادر رسمية اليوم إن الاجتماع انتهى باتفاق على خطة "
        "عمل للأشهر المقبلة تشمل مشاريع في التعليم والصحة.</p><p>وأضافت أن التنفيذ يبدأ الشهر المقبل.</p>"
        "</article></body></html>")


def _head(uri: str, length: int) -> bytes:
    return (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n").encode()


def _http(*headers: str) -> bytes:
    return "\r\n".join(["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", *headers, "", ""]).encode()


def _member(parts: Iterable[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(packer.compress(part) for part in parts) + packer.flush()


def _zeros(mb: int, byte: bytes = b"\0") -> Iterator[bytes]:
    piece = byte * (1 << 20)
    return (piece for _ in range(mb))


def _record(uri: str, block: bytes) -> bytes:
    return _head(uri, len(block)) + block + b"\r\n\r\n"


def _page(i: int) -> bytes:
    return _member([_record(f"https://news.example/{i}", _http() + PAGE.format(i).encode())])


def bombs(mb: int) -> dict[str, bytes]:
    payload = _member(_zeros(mb))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
    http = _http()
    return {
        "gzip payload": _member([_record("https://news.example/bomb", _http("Content-Encoding: gzip") + payload)]),
        "chunked gzip payload": _member([_record("https://news.example/bomb", _http(
            "Content-Encoding: gzip", "Transfer-Encoding: chunked") + chunked)]),
        "gzip member": _member([_head("https://news.example/bomb", len(http) + (mb << 20)), http, *_zeros(mb),
                                b"\r\n\r\n"]),
        "header line": _member([b"WARC/1.1\r\nWARC-Type: response\r\nX-Padding: ", *_zeros(mb, b"a")]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=512, help="what each bomb unfolds to, in MB")
    parser.add_argument("--caps", default="1,10,50", help="payload caps to import with, in MB")
    args = parser.parse_args()
    caps = [int(c) for c in args.caps.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'bomb':<22} {'file':>9} {'cap':>6} {'peak RSS':>9} {'baseline':>9} {'time':>7}  reported")
        for name, bomb in bombs(args.mb).items():
            path = Path(folder) / f"{name.replace(' ', '-')}.warc.gz"
            path.write_bytes(bomb)
            size = len(bomb)
            path.write_bytes(_page(1) + bomb + _page(2))
            for cap in caps:
                db = Path(folder) / f"{path.stem}-{cap}.db"
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db), str(cap << 20)],
                                     capture_output=True, text=True, check=True)
                run = json.loads(out.stdout)
                reason = run["reported"][0].split(": ", 2)[-1] if run["reported"] else "-"
                print(f"{name:<22} {size / 1024:>7.1f}KB {cap:>4}MB {run['peak_mb']:>7.0f}MB "
                      f"{run['before_mb']:>7.0f}MB {run['seconds']:>6.2f}s  {reason} ({run['articles']} pages kept)")


if __name__ == "__main__":
    main()
