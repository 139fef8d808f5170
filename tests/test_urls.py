"""URL canonicalisation and scope."""
from __future__ import annotations

import pytest

from arabnews_archive.crawl.discover.urls import Scope, canonicalize, in_scope, same_site

ENCODED = "https://www.arabstoday.net/504/%D8%AE%D8%A7%D9%84%D8%AF-%D8%A7%D9%84%D9%81%D8%A7%D9%84%D8%AD"


@pytest.mark.parametrize("raw, expected", [
    ("https://www.arabstoday.net/504/خالد-الفالح", ENCODED),
    (ENCODED.lower(), ENCODED),
    ("https://www.arabstoday.net/504/%d8%ae%d8%a7%d9%84%d8%af-الفالح", ENCODED),
    ("HTTPS://WWW.ArabsToday.NET:443/504/خالد-الفالح#comments", ENCODED),
    ("https://www.arabstoday.net/504/خالد-الفالح?utm_source=fb&utm_medium=social&fbclid=x1&gclid=y", ENCODED),
    ("http://example.com:80/a?b=2&a=1&ref=home&_ga=1.2&igshid=z&mc_cid=1", "http://example.com/a?a=1&b=2"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com/syria/index.php", "http://example.com/syria/"),
    ("http://example.com/index.php?option=com_content&id=5", "http://example.com/index.php?id=5&option=com_content"),
    ("http://example.com/a/./b/../c/", "http://example.com/a/c/"),
    ("http://example.com/a/", "http://example.com/a/"),  # trailing slash kept as it is
    ("http://example.com/a", "http://example.com/a"),
    ("http://example.com/s?q=أخبار+سوريا", "http://example.com/s?q=%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1+%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"),
    ("http://example.com/a%2Fb", "http://example.com/a%2Fb"),  # an encoded slash stays encoded
    ("http://example.com/%E3%C7", "http://example.com/%E3%C7"),  # not UTF-8: left alone
    ("http://مثال.إختبار/", "http://xn--mgbh0fb.xn--kgbechtv/"),
    ("  https://www.arabstoday.net/504/خالد-الفالح\n", ENCODED),
])
def test_canonicalize(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


def test_canonicalize_is_idempotent() -> None:
    for url in (ENCODED, "http://example.com/a?b=2&a=1", "http://مثال.إختبار/س?q=ع"):
        assert canonicalize(canonicalize(url)) == canonicalize(url)


def test_same_site_folds_www_and_case() -> None:
    assert same_site("https://www.arabstoday.net/a", "http://ArabsToday.net/b")
    assert same_site("www.arabstoday.net", "https://arabstoday.net")
    assert not same_site("https://arabstoday.net", "https://arabstoday.net.evil.com")


def test_scope() -> None:
    scope = Scope.for_section("https://www.arabstoday.net/سوريا/", exclude=(r"/فيديو/",))
    assert in_scope("https://arabstoday.net/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/?page=2", scope)
    assert not in_scope("https://www.arabstoday.net/504/slug", scope)
    assert in_scope("https://www.arabstoday.net/504/slug", scope.site_wide())
    assert not in_scope("https://www.arabstoday.net/سوريا/فيديو/1", scope)
    assert not in_scope("https://other.net/سوريا/", scope)
    assert not in_scope("mailto:a@b.c", scope)
    only_news = Scope("example.com", include=(r"/news/\d+",))
    assert in_scope("http://example.com/news/123/x", only_news)
    assert not in_scope("http://example.com/about", only_news)
