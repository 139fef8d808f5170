"""Decoding of Arabic news pages under right, wrong and missing charset declarations."""
from __future__ import annotations

import codecs

import pytest
from requests.structures import CaseInsensitiveDict

from arabnews_archive.parse.decode import Decoded, arabic_score, decode_html, looks_binary

HEADLINE = "الحكومة تعلن خطة جديدة لدعم الاقتصاد الوطني"
PARAGRAPHS = [
    "قال وزير المالية، في مؤتمر صحفي عقده صباح اليوم في العاصمة، إن الخطة تشمل "
    "دعم المشاريع الصغيرة والمتوسطة؛ وأضاف أن التنفيذ سيبدأ مطلع الشهر المقبل.",
    "هل ستنجح الخطة في خفض معدلات البطالة؟ يرى خبراء اقتصاديون أن النتائج لن "
    "تظهر قبل عام كامل، لكنهم رحبوا بالخطوة.",
    "وأشار البيان الرسمي إلى أن قيمة الحزمة تبلغ 12 مليار دينار؛ وهي الأكبر منذ سنوات.",
]


def page(meta: str = "", xml: str = "") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return (
        f'{xml}<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n{meta}\n'
        f"<title>{HEADLINE}</title>\n</head>\n<body>\n<article>\n<h1>{HEADLINE}</h1>\n"
        f"{body}</article>\n</body>\n</html>\n"
    )


META = '<meta charset="{}">'
HTTP_EQUIV = '<meta http-equiv="Content-Type" content="text/html; charset={}">'


def ct(charset: str) -> dict[str, str]:
    return {"Content-Type": f"text/html; charset={charset}"}


def windows_1252(data: bytes) -> str:
    """Decode like a browser: cp1252, its five undefined bytes passed through as latin-1."""
    return data.decode("latin-1").translate(
        {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
    )


def check(result: Decoded, expected: str, encoding: str, source: str) -> None:
    assert result.text == expected
    assert result.encoding == encoding
    assert result.source == source


# --- UTF-8 ---------------------------------------------------------------------

def test_utf8_without_declaration():
    html = page()
    check(decode_html(html.encode("utf-8")), html, "utf-8", "detected")


def test_utf8_with_bom():
    html = page()
    check(decode_html(codecs.BOM_UTF8 + html.encode("utf-8")), html, "utf-8", "bom")


def test_utf8_http_charset():
    html = page()
    r = decode_html(html.encode("utf-8"), ct("UTF-8"))
    check(r, html, "utf-8", "http")
    assert r.declared == "utf-8"


def test_utf8_meta_charset():
    html = page(META.format("utf-8"))
    check(decode_html(html.encode("utf-8")), html, "utf-8", "meta")


def test_utf8_http_equiv():
    html = page(HTTP_EQUIV.format("UTF-8"))
    check(decode_html(html.encode("utf-8")), html, "utf-8", "meta")


def test_headers_case_insensitive_dict_and_lower_case_key():
    html = page()
    data = html.encode("cp1256")
    check(decode_html(data, CaseInsensitiveDict(ct("windows-1256"))), html, "cp1256", "http")
    check(decode_html(data, {"content-type": 'text/html; charset="windows-1256"'}), html, "cp1256", "http")


def test_utf16_with_bom():
    html = page(META.format("utf-16"))
    check(decode_html(codecs.BOM_UTF16_LE + html.encode("utf-16-le")), html, "utf-16-le", "bom")
    check(decode_html(codecs.BOM_UTF16_BE + html.encode("utf-16-be")), html, "utf-16-be", "bom")


def test_utf8_cut_mid_character_stays_utf8():
    data = page(META.format("utf-8")).encode("utf-8")
    cut = data[: data.index("الوطني".encode()) + 1]  # half of a two-byte letter
    r = decode_html(cut)
    assert r.encoding == "utf-8" and r.source == "meta"
    assert r.text.startswith(page(META.format("utf-8"))[:100])


def test_utf8_with_stray_cp1252_byte_stays_utf8():
    html = page(META.format("utf-8"))
    data = html.encode("utf-8").replace(b"<h1>", b"<h1>\x92")
    r = decode_html(data)
    assert r.encoding == "utf-8" and r.source == "meta"
    assert r.text == html.replace("<h1>", "<h1>\ufffd")


# --- windows-1256 and ISO-8859-6 -----------------------------------------------

@pytest.mark.parametrize("label", ["windows-1256", "cp1256", "x-cp1256"])
def test_cp1256_http(label):
    html = page()
    r = decode_html(html.encode("cp1256"), ct(label))
    check(r, html, "cp1256", "http")
    assert r.declared == label


def test_cp1256_meta_and_http_equiv():
    for html in (page(META.format("windows-1256")), page(HTTP_EQUIV.format("windows-1256"))):
        check(decode_html(html.encode("cp1256")), html, "cp1256", "meta")


def test_cp1256_undeclared():
    html = page()
    check(decode_html(html.encode("cp1256")), html, "cp1256", "detected")


def test_cp1256_declared_utf8_in_meta():
    html = page(META.format("utf-8"))
    r = decode_html(html.encode("cp1256"))
    check(r, html, "cp1256", "corrected")
    assert r.declared == "utf-8"


def test_cp1256_declared_utf8_in_http():
    html = page()
    check(decode_html(html.encode("cp1256"), ct("utf-8")), html, "cp1256", "corrected")


@pytest.mark.parametrize("label", ["iso-8859-6", "ISO_8859-6", "arabic"])
def test_iso8859_6_declared(label):
    html = page(META.format(label))
    check(decode_html(html.encode("iso8859-6")), html, "iso8859-6", "meta")


def test_iso8859_6_undeclared():
    html = page()
    check(decode_html(html.encode("iso8859-6")), html, "iso8859-6", "detected")


def test_cp1256_declared_iso8859_6_is_corrected():
    html = page(META.format("iso-8859-6"))
    check(decode_html(html.encode("cp1256")), html, "cp1256", "corrected")


def test_xml_declaration():
    html = page(xml='<?xml version="1.0" encoding="windows-1256"?>\n')
    check(decode_html(html.encode("cp1256")), html, "cp1256", "meta")


# --- mojibake ------------------------------------------------------------------

@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "latin-1", "us-ascii", "windows-1256"])
def test_utf8_declared_single_byte_is_corrected(label):
    html = page(META.format(label))
    r = decode_html(html.encode("utf-8"), ct(label))
    check(r, html, "utf-8", "corrected")
    assert r.declared == label.lower()


def test_double_encoded_utf8_via_cp1252():
    html = page(META.format("utf-8"))
    mojibake = windows_1252(html.encode("utf-8"))
    assert "Ø§Ù„" in mojibake
    check(decode_html(mojibake.encode("utf-8")), html, "utf-8", "corrected")
    check(decode_html(mojibake), html, "utf-8", "corrected")  # str input too


def test_double_encoded_utf8_via_cp1256():
    html = page()
    mojibake = html.encode("utf-8").decode("cp1256")
    check(decode_html(mojibake.encode("utf-8")), html, "utf-8", "corrected")


def test_partly_double_encoded_page():
    html = page()
    broken = html.replace(HEADLINE, windows_1252(HEADLINE.encode("utf-8")))
    assert decode_html(broken.encode("utf-8")).text == html


def test_str_input_returned_as_is():
    html = page()
    check(decode_html(html), html, "utf-8", "str")


# --- declarations that are unknown or disagree ---------------------------------

def test_unknown_charset_falls_through():
    html = page(META.format("x-foo"))
    for data in (html.encode("cp1256"), html.encode("utf-8")):
        r = decode_html(data, ct("x-foo"))
        assert r.text == html and r.source == "detected" and r.declared == "x-foo"


def test_unknown_http_charset_falls_through_to_meta():
    html = page(META.format("windows-1256"))
    check(decode_html(html.encode("cp1256"), ct("x-foo")), html, "cp1256", "meta")


def test_non_text_codec_names_are_refused():
    html = page(META.format("base64"))
    assert decode_html(html.encode("utf-8"), ct("rot13")).text == html


def test_http_wins_over_meta():
    html = page(META.format("utf-8"))
    check(decode_html(html.encode("cp1256"), ct("windows-1256")), html, "cp1256", "http")


def test_http_loses_when_it_produces_mojibake():
    # Apache's default ISO-8859-1 header on a windows-1256 page.
    html = page(META.format("windows-1256"))
    r = decode_html(html.encode("cp1256"), ct("ISO-8859-1"))
    check(r, html, "cp1256", "corrected")
    assert r.declared == "iso-8859-1"
    # And a windows-1256 header on a page that is really UTF-8.
    html = page(META.format("utf-8"))
    check(decode_html(html.encode("utf-8"), ct("windows-1256")), html, "utf-8", "corrected")


def test_commented_out_meta_is_ignored():
    html = page('<!-- <meta charset="utf-8"> -->' + META.format("windows-1256"))
    check(decode_html(html.encode("cp1256")), html, "cp1256", "meta")


# --- pages that must be left alone ---------------------------------------------

@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "iso8859-5", "cp1253"])
def test_other_scripts_are_not_arabised(codec):
    # Read as cp1256, 8-bit Cyrillic or Greek looks like Arabic letters.
    text = "Правительство объявило о новом плане поддержки экономики. " * 5
    if codec == "cp1253":
        text = "Η κυβέρνηση ανακοίνωσε νέο σχέδιο στήριξης της οικονομίας. " * 5
    html = f"<html><body><p>{text}</p></body></html>"
    assert decode_html(html.encode(codec)).text == html


def test_short_arabic_page_undeclared():
    for codec in ("cp1256", "iso8859-6"):
        html = f"<title>عاجل: {HEADLINE}</title>"
        check(decode_html(html.encode(codec)), html, codec, "detected")


def test_latin_pages_are_not_arabised():
    for text in ("Der Bürgermeister äußerte sich über die Straße in München. " * 5,
                 "Le président a déclaré à la presse qu'il était très ému. " * 5):
        html = f"<html><body><p>{text}</p></body></html>"
        check(decode_html(html.encode("latin-1"), ct("iso-8859-1")), html, "cp1252", "http")
        assert decode_html(html.encode("utf-8"), ct("utf-8")).text == html
        assert decode_html(html).text == html


def test_arabic_score_orders_decodings():
    data = page().encode("cp1256")
    right = arabic_score(data.decode("cp1256"))
    assert right > 0.8
    assert right > arabic_score(data.decode("cp1252")) + 0.5
    assert right > arabic_score(data.decode("iso8859-6", "replace")) + 0.5
    assert arabic_score(windows_1252(page().encode("utf-8"))) < 0


# --- binary and huge input -----------------------------------------------------

@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01\x00\x01\x00", b"PK\x03\x04\x14\x00",
    b"\x1f\x8b\x08\x00\x00\x00", b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + bytes(range(256)) * 4,  # MP4: no magic, NULs
])
def test_binary_is_detected_and_decoding_does_not_raise(data):
    assert looks_binary(data)
    assert isinstance(decode_html(data).text, str)
    assert isinstance(decode_html(data, ct("utf-8")).text, str)


def test_text_is_not_binary():
    html = page()
    for data in (html.encode("utf-8"), html.encode("cp1256"),
                 codecs.BOM_UTF16_LE + html.encode("utf-16-le"), b""):
        assert not looks_binary(data)
    assert decode_html(b"").text == ""


@pytest.mark.parametrize("codec", ["utf-8", "cp1256"])
def test_twenty_megabyte_page(codec):
    article = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    html = page().replace("</article>", article * (20_000_000 // len(article.encode(codec))) + "</article>")
    r = decode_html(html.encode(codec))
    assert r.encoding == codec
    assert r.text == html
