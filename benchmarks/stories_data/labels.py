"""Hand-made judgments on the corpus texts that are already copies of each other.

The development corpus holds, besides unrelated pages, real republications: one agency
story on several sites, a page saved twice. Its texts are the bases of the test set, each
its own story, *except* these groups, read one by one and judged copies of one text (the
shorter's sentences are the longer's, give or take a dateline, a trimmed end, edits).
`ROUNDUPS` are a long page (a forum thread, a compilation, a site's page of many items)
holding a whole short story among much else: different stories, as the archive means them
(a roundup is not in each item's story). `UNSURE` are pairs a reader could judge either way
(one event, two texts sharing a wire's paragraphs under different leads): left out of the
pairwise figures, their outcome printed apart. Every other pair of corpus texts is two
stories. Keys are corpus file names: no text is copied here.
"""
from __future__ import annotations

COPIES: tuple[tuple[str, ...], ...] = (
    ("wild/masress.com__ct19-047-36", "wild/masress.com__ct19-053-41"),          # one page saved twice
    ("wild/democraticac.de__ct19-047-15", "wild/democraticac.de__ct19-047-18"),  # one page saved twice
    ("wild/caus.org.lb__ct19-023-24", "wild/caus.org.lb__ct19-053-39"),          # one page saved twice
    ("wild/alshahed.net__ct19-046-38", "wild/alshahed.net__ct19-046-41"),        # one page saved twice
    ("wild/alkhabar-sy.com__ct19-067-37", "wild/alkhabar-sy.com__ct19-067-39"),  # one page saved twice
    ("wild/aljadeed.tv__ct19-036-37", "wild/tayyar.org__ct19-036-50"),           # republished whole
    ("wild/nnarchive.najah.edu__ct19-079-42", "wild/sarayanews.com__ct19-018-30"),
    # Reuters: the Bahraini footballer lands in Melbourne; RT's is the first paragraphs
    ("wild/alaalem.com__ct19-039-39", "wild/alroya.om__ct19-039-28", "articles/arabic.rt.com__ct19-039-12"),
    ("wild/aljarida.com.tn__ct19-066-30", "wild/assarih.com__ct19-066-34"),
    ("wild/khbrpress.ps__ct19-010-05", "wild/rudaw.net__ct19-010-23"),
    ("wild/almashhadalaraby.com__ct19-080-09", "wild/elwahabiya.com__ct19-080-15"),  # trimmed copy
    ("wild/arabic.rt.com__ct19-036-29", "wild/lebanon24.com__ct19-036-30"),
    ("wild/alsouria.net__ct19-041-02", "wild/sudanakhbar.com__ct19-041-05"),
    ("articles/dw.com__ct19-058-05", "wild/mobtada.com__ct19-058-31"),            # one wire on Spacey
    ("wild/arabi21.com__ct19-025-06", "wild/nessma.tv__ct19-025-21"),
    ("wild/almasryalyoum.com__ct19-016-23", "wild/mobtada.com__ct19-016-30"),
    ("wild/alkuwaityah.com__ct19-053-20", "wild/mubasher.aljazeera.net__ct19-053-19"),  # one Reuters story
    # The Oscar nomination of a Lebanese director: one text, trimmed and edited four ways
    ("articles/almaghribtoday.net__ct19-002-40", "wild/tayyar.org__ct19-002-33", "wild/cswdsy.org__ct19-002-48",
     "wild/hawastv.com__ct19-002-43"),
)

ROUNDUPS: tuple[tuple[str, str], ...] = (
    ("wild/layalina.com__ct19-043-05", "wild/vb.3dlat.com__ct19-043-16"),        # a forum thread quoting it
    ("wild/alfaraena.com__ct19-064-13", "wild/knowledge0world.blogspot.com__ct19-064-20"),
    ("wild/elshaab.org__ct19-024-04", "wild/watanserb.com__ct19-024-09"),
    ("wild/alkompis.se__ct19-080-19", "wild/almadenahnews.com__ct19-017-49"),
    ("wild/alkompis.se__ct19-080-19", "wild/medi1.com__ct19-017-39"),
    ("wild/alukah.net__ct19-079-02", "wild/arrajol.com__ct19-079-15"),
)

UNSURE: tuple[tuple[str, str], ...] = (
    # a monograph on bats holding the whole of a shorter list of facts (a quarter of its text)
    ("wild/alfaraena.com__ct19-064-13", "wild/almesryoon.com__ct19-064-06"),
    ("wild/vb.3dlat.com__ct19-028-30", "wild/vb.3dlat.com__ct19-043-16"),        # a thread and a longer page of it
    ("wild/turkarab.net__ct19-066-39", "wild/expatguideturkey.com__ct19-066-18"),
    ("wild/horytna.net__ct19-037-13", "wild/elfagr.com__ct19-037-25"),
    ("articles/skynewsarabia.com__ct19-025-15", "articles/elfagr.com__ct19-025-24"),
    ("articles/france24.com__ct19-010-04", "wild/arabradio.us__ct19-010-47"),
    ("wild/ahlmasrnews.com__ct19-025-28", "wild/rudaw.net__ct19-025-03"),
    ("wild/studio-dostor.org__ct19-009-26", "wild/ahlmasrnews.com__ct19-009-25"),
    ("wild/alfahdnews.com__ct19-039-30", "wild/alroya.om__ct19-039-28"),
    ("wild/alfahdnews.com__ct19-039-30", "wild/alaalem.com__ct19-039-39"),
    ("wild/alfahdnews.com__ct19-039-30", "articles/arabic.rt.com__ct19-039-12"),
    ("wild/almodon.com__ct19-002-24", "articles/almaghribtoday.net__ct19-002-40"),
    ("wild/almodon.com__ct19-002-24", "wild/hawastv.com__ct19-002-43"),
    ("wild/almodon.com__ct19-002-24", "wild/cswdsy.org__ct19-002-48"),
    ("wild/almodon.com__ct19-002-24", "wild/tayyar.org__ct19-002-33"),
    ("wild/haya-online.com__ct19-002-39", "articles/almaghribtoday.net__ct19-002-40"),
    ("wild/haya-online.com__ct19-002-39", "wild/tayyar.org__ct19-002-33"),
    ("wild/abna.co__ct19-039-43", "wild/alghadeer.tv__ct19-039-23"),
    ("wild/almesryoon.com__ct19-064-06", "wild/knowledge0world.blogspot.com__ct19-064-20"),
    ("articles/elfagr.com__ct19-025-24", "wild/nessma.tv__ct19-025-21"),
    ("articles/elfagr.com__ct19-025-24", "wild/arabi21.com__ct19-025-06"),
)
