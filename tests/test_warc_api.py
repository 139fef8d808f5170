"""The Python twins of the WARC commands: Archive.export_warc and Archive.import_warc."""
from __future__ import annotations

from datetime import datetime, timezone

from arabnews_archive.archive import Archive
from tests.pages import STORY, arabstoday_page, cluttered_page


def test_archive_methods_round_trip(tmp_path):
    fetched = datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)
    with Archive(str(tmp_path / "a.db")) as source:
        source.add_html("https://news.example/politics/1", cluttered_page().encode("utf-8"),
                        headers={"content-type": "text/html; charset=utf-8"}, fetched_at=fetched)
        source.add_html("https://www.arabstoday.example/syria-24/1234", arabstoday_page().encode("cp1256"),
                        headers={"content-type": "text/html"}, fetched_at=fetched)
        exported = source.export_warc(tmp_path / "out.warc.gz")
        originals = {a.url: a.replace(id=None) for a in source.articles()}
    assert exported.fetches == 2
    with Archive(str(tmp_path / "b.db")) as target:
        imported = target.import_warc([tmp_path / "out.warc.gz"])
        copies = {a.url: a.replace(id=None) for a in target.articles()}
    assert imported.articles == 2
    assert copies == originals
    assert copies["https://www.arabstoday.example/syria-24/1234"].paragraphs == tuple(STORY)
