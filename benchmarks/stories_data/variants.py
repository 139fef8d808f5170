"""The copies a newsroom makes of a story it takes from a wire or another site.

Each kind is a function (base paragraphs, random source, the other stories' paragraphs)
-> paragraphs; `make_variant` applies one by name. The kinds, as seen on Arabic sites:

- `headline`: the same text under a new headline (the title is not story text);
- `dateline`: the dateline and credit swapped ("القاهرة (رويترز) -" -> "بيروت - وكالات -");
- `lead`: the lead paragraph reworded: clauses dropped and permuted;
- `new-lead`: the lead replaced by a sentence of the site's own that says nothing of it;
- `trimmed`: the end cut: the first paragraphs holding 40-70 % of the words kept (by words,
  not paragraphs: a page's text may open with short lines, its headline and section);
- `reordered`: the paragraphs in another order;
- `added`: a paragraph of another story inserted (a site merging two wires);
- `boilerplate`: the site's own lines around it ("اقرأ أيضا: ...", "تابعونا على تويتر",
  "المصدر: وكالات", a newsletter line);
- `edited`: copy-edited: the glued و of paragraph openings dropped, verbs of saying swapped,
  "يوم الثلاثاء" -> "الثلاثاء", بالمئة -> %, Arabic-Indic digits;
- `combo`: dateline + trimmed + reworded lead + boilerplate, all at once;
- `combo2`: reordered + added + edited + new headline.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

Paragraphs = tuple[str, ...]

DATELINE = re.compile(r"^\s*([^.،,:\-–]{2,40}?)\s*[-–]\s+")
DATELINES = (
    "بيروت - وكالات - ", "القاهرة (رويترز) - ", "عمان - (أ ف ب) - ", "الرياض - واس - ", "دبي - العربية.نت - ",
    "واشنطن - د ب أ - ", "لندن - ", "متابعات - ",
)
READ_ALSO = "اقرأ أيضا: "
BOILERPLATE = (
    "تابعونا على تويتر",
    "المصدر: وكالات",
    "اشترك في النشرة البريدية ليصلك ملخص أهم الأخبار يوميا",
    "لمتابعة آخر الأخبار العاجلة تابعوا قناتنا على تطبيق تلغرام",
    "جميع الحقوق محفوظة للموقع ولا يجوز النقل دون ذكر المصدر",
    "شاهد أيضا: الفيديو الكامل للحدث",
)
OWN_LEADS = (
    "في تطور جديد يتابعه موقعنا لحظة بلحظة، إليكم تفاصيل الخبر كما وردت من المصادر.",
    "نشرت وكالات الأنباء العالمية اليوم التفاصيل التالية التي ننقلها لقرائنا الكرام.",
    "تتواصل ردود الفعل على الخبر الذي يتصدر اهتمامات المتابعين في المنطقة والعالم.",
)
SAYING = (("قال", "ذكر"), ("وقال", "وذكر"), ("أضاف", "تابع"), ("وأضاف", "وتابع"), ("أكد", "شدد"),
          ("وأكد", "وشدد"), ("أوضح", "بين"), ("وأوضح", "وبين"), ("يوم الثلاثاء", "الثلاثاء"),
          ("بالمئة", "%"), ("في المئة", "%"))
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_CLAUSE = re.compile(r"،\s*|\s+(?=(?:فيما|بينما|في حين|وسط|بعد أن|مع)\s)")

Others = Sequence[Paragraphs]
Kind = Callable[[Paragraphs, random.Random, Others], Paragraphs]


def swap_dateline(paragraph: str, rng: random.Random) -> str:
    """The paragraph under another dateline (one is added where it had none)."""
    rest = DATELINE.sub("", paragraph, count=1) if DATELINE.match(paragraph) else paragraph
    current = paragraph[: len(paragraph) - len(rest)].strip()
    choices = [d for d in DATELINES if d.strip() != current]
    return rng.choice(choices) + rest


def reword(paragraph: str, rng: random.Random) -> str:
    """A reworded summary: the lead's clauses with one or two dropped and the rest permuted,
    under a phrase of the site's ("أفادت مصادر بأن")."""
    dateline = DATELINE.match(paragraph)
    text = paragraph[dateline.end():] if dateline else paragraph
    clauses = [c.strip(" .") for c in _CLAUSE.split(text) if c.strip(" .")]
    if len(clauses) > 2:
        clauses = rng.sample(clauses, k=max(2, len(clauses) - rng.randint(1, 2)))
    else:  # one long clause: keep its second half, say it another way
        words = text.split()
        clauses = [" ".join(words[len(words) // 2:]).strip(" ."), " ".join(words[: len(words) // 3])]
    opener = rng.choice(("أفادت مصادر متطابقة بأن", "في آخر التطورات،", "ووفق ما أعلن اليوم،", "علم موقعنا أن"))
    return f"{opener} {'، '.join(clauses)}."


def headline(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    return base


def dateline(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    return (swap_dateline(base[0], rng), *base[1:])


def lead(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    return (reword(base[0], rng), *base[1:])


def new_lead(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    return (rng.choice(OWN_LEADS), *base[1:])


def trimmed(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    target = sum(len(p.split()) for p in base) * rng.uniform(0.4, 0.7)
    kept, words = [], 0
    for paragraph in base:
        if words >= target and len(kept) >= 2:
            break
        kept.append(paragraph)
        words += len(paragraph.split())
    return tuple(kept)


def reordered(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    order = list(base)
    while len(order) > 1 and order == list(base):
        rng.shuffle(order)
    return tuple(order)


def added(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    """A paragraph (of 15-120 words) of another story inserted."""
    fitting = [p for o in others for p in o if 15 <= len(p.split()) <= 120] or ["وفي سياق متصل، تتواصل المتابعة."]
    paragraph = rng.choice(fitting)
    at = rng.randint(1, len(base))
    return (*base[:at], paragraph, *base[at:])


def boilerplate(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    before = [READ_ALSO + rng.choice(rng.choice(others))[:90]] if others and rng.random() < 0.7 else []
    after = rng.sample(BOILERPLATE, k=rng.randint(1, 3))
    middle = list(base)
    if len(middle) > 3:  # a "read also" link between paragraphs, as many sites place it
        middle.insert(len(middle) // 2, READ_ALSO + rng.choice(BOILERPLATE))
    return (*before, *middle, *after)


def edited(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    out = []
    for paragraph in base:
        if paragraph.startswith("و") and rng.random() < 0.6 and len(paragraph.split()[0]) > 3:
            paragraph = paragraph[1:]
        for old, new in SAYING:
            if rng.random() < 0.5:
                paragraph = re.sub(rf"(?<!\S){old}(?!\S)", new, paragraph)
        out.append(paragraph.translate(_ARABIC_DIGITS))
    return tuple(out)


def combo(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    text = trimmed(base, rng, others)
    text = (swap_dateline(reword(text[0], rng), rng), *text[1:])
    return boilerplate(text, rng, others)


def combo2(base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    return edited(added(reordered(base, rng, others), rng, others), rng, others)


KINDS: dict[str, Kind] = {
    "headline": headline, "dateline": dateline, "lead": lead, "new-lead": new_lead, "trimmed": trimmed,
    "reordered": reordered, "added": added, "boilerplate": boilerplate, "edited": edited, "combo": combo,
    "combo2": combo2,
}


def make_variant(kind: str, base: Paragraphs, rng: random.Random, others: Others) -> Paragraphs:
    """`base` as a newsroom's copy of kind `kind` makes it (`others`: other stories' paragraphs)."""
    return KINDS[kind](tuple(base), rng, others)
