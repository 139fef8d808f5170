"""Agency attribution: the news agencies a story credits, and the lines that only credit.

A wire copy names its agency where a credit stands: in its dateline ("القاهرة (رويترز)",
"الدوحة- وكالات"), its byline ("كتب: أ.ف.ب"), the opening of its first paragraph
("(رويترز) -", "الرياض - واس -"), the close of its last ("... (أ ف ب)", "... - رويترز") and
a short line of its own among the last ("المصدر: وكالات", "ر.ض/ ي.أ (رويترز)"). Anywhere
else an agency is news, not a credit: "وقالت وكالة رويترز إن..", "قال مسؤول لرويترز", or a
photo's credit.

Names are matched in the text as normalised for search (hamza and alef folded, ة to ه,
lower case) on letter boundaries: واس is not واسعة, قنا is not قناة, AP is not APP; a
conjunction glued on still names the agency ("ورويترز").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arabnews_archive.text import normalize_for_search

# One line an agency: its canonical name as Arab newsrooms print it, ":", the short names
# that stand alone in a credit or a dateline, then after ";" the names that a credit line or
# a sentence spells out in full. A name marked "~" is also a common word or a place (معا
# "together", بنا "with us", قنا the Egyptian city, ومع "and with"): it names the agency
# only where nothing but a credit can stand (between brackets, a dateline's piece, a byline).
_TABLE = """
رويترز: رويترز|رويتر|Reuters; وكالة رويترز|رويترز للأنباء
فرانس برس: أ ف ب|أف ب|فرانس برس|فرانس بريس|فرانسبرس|AFP; وكالة فرانس برس|وكالة الصحافة الفرنسية|Agence France Presse
أسوشيتد برس: أسوشيتد برس|أسوشيتدبرس|أسوشييتد برس|أسوشيتيد برس|~أ ب|AP; وكالة أسوشيتد برس|الأسوشيتد برس|Associated Press
الأناضول: ~الأناضول|الأناضول للأنباء|~AA|Anadolu; وكالة الأناضول|وكالة أنباء الأناضول|Anadolu Agency
د ب أ: د ب أ|دب أ|dpa; وكالة الأنباء الألمانية
أ ش أ: أ ش أ|~MENA; وكالة أنباء الشرق الأوسط
وام: وام|WAM; وكالة أنباء الإمارات|وكالة الأنباء الإماراتية
واس: واس|~SPA; وكالة الأنباء السعودية
قنا: ~قنا|QNA; وكالة الأنباء القطرية
كونا: كونا|KUNA; وكالة الأنباء الكويتية
سانا: سانا|~SANA; الوكالة العربية السورية للأنباء|وكالة الأنباء السورية
بترا: ~بترا; وكالة الأنباء الأردنية|~Petra
شينخوا: شينخوا|شنخوا|Xinhua; وكالة شينخوا|وكالة أنباء الصين الجديدة
سبوتنيك: سبوتنيك|Sputnik; وكالة سبوتنيك
إرنا: إرنا|إيرنا|IRNA; وكالة الجمهورية الإسلامية للأنباء|وكالة الأنباء الإيرانية
واع: ~واع|~INA; وكالة الأنباء العراقية
ومع: ~ومع|~و م ع|لاماب|~MAP; وكالة المغرب العربي للأنباء
وفا: ~وفا|~WAFA; وكالة الأنباء والمعلومات الفلسطينية|وكالة الأنباء الفلسطينية
معا: ~معا; وكالة معا|وكالة معا الإخبارية
صفا: ~صفا; وكالة صفا
بنا: ~بنا|BNA; وكالة أنباء البحرين|وكالة الأنباء البحرينية
العمانية: ~العمانية|~ONA; وكالة الأنباء العمانية
سبأ: ~سبأ|~SABA; وكالة الأنباء اليمنية|وكالة سبأ
واج: واج|~APS; وكالة الأنباء الجزائرية
تاب: ~تاب|~وات|~TAP; وكالة تونس أفريقيا للأنباء|وكالة تونس إفريقيا للأنباء
سونا: ~سونا|SUNA; وكالة السودان للأنباء
أبنا: ~أبنا; وكالة أبنا
كيودو: كيودو|Kyodo; وكالة كيودو
يونهاب: يونهاب|Yonhap; وكالة يونهاب
إفي: إفي|EFE; وكالة إفي
آنسا: آنسا|ANSA; وكالة آنسا
تاس: تاس|إيتار تاس|TASS; وكالة تاس
نوفوستي: نوفوستي|ريا نوفوستي|Novosti; وكالة نوفوستي
يو بي آي: يو بي آي|UPI; يونايتد برس|يونايتد برس إنترناشونال|United Press International
"""
# Wire copy whose agencies go unnamed ("المصدر: وكالات", "الدوحة- وكالات").
WIRES = "وكالات"
_WIRE_NAMES = "وكالات|الوكالات; وكالات الأنباء"
# A credit line is short: a label, a source's name or two, an editor's initials; a list of
# sources between brackets is longer ("(أ ف ب / رويترز / سي ان ان / نيويورك تايمز)").
MAX_CREDIT_WORDS = 10
MAX_CREDIT_CHARS = 160
# Words beside an agency in a credit line that are not an agency: a place, an outlet.
MAX_OTHER_WORDS = 3
# The story's last paragraphs, where credit lines sit (after its text, before a signature).
CLOSING_PARAGRAPHS = 3
# Fewer words are an editor's initials or a rule, not the story's closing paragraph.
MIN_STORY_WORDS = 3
# A dateline opening the first paragraph: a place of a few words, the day, then the credit.
MAX_OPENING_WORDS = 6
MAX_OPENING_PIECES = 3
# Where a paragraph's opening and closing credits may sit: only its ends are read.
OPENING_CHARS = 100
CLOSING_CHARS = 100


@dataclass(frozen=True)
class Agency:
    name: str
    short_names: tuple[str, ...]
    full_names: tuple[str, ...]
    common_words: frozenset[str]  # its names that are common words too (keys, see `_key`)


_WORDS = re.compile(r"[^\W_]+")


def _key(name: str) -> str:
    """A name as the tables hold it: its normalised words, space-separated."""
    return " ".join(_WORDS.findall(normalize_for_search(name)))


def _read_table(line: str) -> Agency:
    name, spellings = line.split(":", 1)
    short, _, full = spellings.partition(";")
    shorts, fulls = ([s.strip() for s in part.split("|") if s.strip()] for part in (short, full))
    return Agency(name.strip(), tuple(s.lstrip("~") for s in shorts), tuple(s.lstrip("~") for s in fulls),
                  frozenset(_key(s) for s in shorts + fulls if s.startswith("~")))


AGENCY_TABLE = tuple(_read_table(line) for line in _TABLE.strip().splitlines())
_WIRE_AGENCY = _read_table(f"{WIRES}: {_WIRE_NAMES}")
# The canonical names a story's `agencies` hold.
AGENCIES = tuple(a.name for a in AGENCY_TABLE) + (WIRES,)
_ALL = AGENCY_TABLE + (_WIRE_AGENCY,)
_CANONICAL = {_key(s): a.name for a in _ALL for s in (a.name, *a.short_names, *a.full_names)}
_COMMON_WORDS = frozenset(k for a in _ALL for k in a.common_words)


def _pattern(keys: list[str]) -> str:
    # Longest first, so that "وكاله الانباء السعوديه" is read whole. Between words and the
    # letters of an abbreviation, any spacing and dots: "أ ف ب", "أ.ف.ب", "أ. ف. ب".
    names = sorted(keys, key=len, reverse=True)
    return "|".join(r"[\s.\-]+".join(map(re.escape, k.split())) for k in names)


def _names_regex(keys: list[str]) -> re.Pattern:
    # Not inside a longer word, the conjunction و allowed before it.
    return re.compile(rf"(?<![^\W_])و?(?P<name>{_pattern(keys)})(?![^\W_])")


_NAME = _names_regex([k for k in _CANONICAL if k not in _COMMON_WORDS])
_ANY_NAME = _names_regex(list(_CANONICAL))
# A piece that is one name and nothing else.
_WHOLE_NAME = re.compile(rf"و?(?:{_pattern(list(_CANONICAL))})")


# Where a credit breaks into pieces: dashes, slashes, bars, colons, commas and brackets, and
# "و" or "مع" between two names ("رويترز و أ ف ب", "فلان مع وكالات").
_PIECE_BREAK = re.compile(r"\s*(?:[-–—_/|:،,()\[\]]+|\s(?:و|مع)\s)\s*")
# Where a dateline opening a paragraph breaks: its own separators, not the story's commas.
_OPENING_BREAK = re.compile(r"\s*(?:[-–—_]{1,3}|:|/)\s*")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_SENTENCE_MARK = re.compile(r"[!؟?؛;«»\"“”]|\.\s+\S+\s+\S")
_COLON_THEN_TEXT = re.compile(r"[:：]\s*\S")
_SPACED_TATWEEL = re.compile(r"(?<=\s)ـ+|ـ+(?=\s)")
# An editor's initials beside the agency ("ر.ض/ ي.أ (رويترز)").
_INITIALS = re.compile(r"[ء-ي](?:\s?\.\s?[ء-ي]){0,2}\.?")
# A source line: "المصدر: رويترز", "نقلا عن وكالة الأناضول", "المصدر" alone as a link.
_SOURCE_LABEL = re.compile(
    r"^\W*(?:(?:المصدر|مصدر الخبر|مصدر الموضوع|المصادر|source|sources|via)\s*[:：\-–—]+|المصدر\s*$|(?:نقلا|بتصرف)\s+عن\s)\s*")
# "عن رويترز": a source line when an agency follows, else a sentence's opening ("عن الحرب").
_FROM = re.compile(r"^\W*عن\s+")
# A photo's or a translation's credit line: no agency it names credits the story.
_OTHER_CREDIT_LABEL = re.compile(r"^\W*(?:مصدر الصوره|الصوره|صوره|تصوير|ترجمه|credit|photo)\s*[:：\-–—]+")
_PHOTO = re.compile(r"(?<![^\W_])(?:صوره|الصوره|بالصور|تصوير|ارشيفيه|photo|getty|epa|shutterstock)(?![^\W_])")
_BYLINE_LABEL = re.compile(
    r"^\W*(?:بقلم|كتبت|كتب|كتابه|اعداد|تحرير|بواسطه|من قبل|written by|posted by|by)(?![^\W_])\s*[:：\-–—/]*\s*")
# A byline line prints its parts between bars: "السبت 08-12-2018 05:51 | كتب: أ.ف.ب |".
_SEGMENTS = re.compile(r"\s*[|•●·]\s*")
# The credit closing a story: "... (أ ف ب)", "... - رويترز", "... البشره. وكالات".
_BRACKET_CLOSE = re.compile(r"\(([^()]{1,60})\)[\s.]*$")
_DASH_CLOSE = re.compile(r"[-–—]\s*([^-–—()]{1,40}?)[\s.]*$")
_SENTENCE_CLOSE = re.compile(r"[.!؟?»\"”]\s*([^.!؟?»\"”]{1,30}?)[\s.]*$")
# The credit opening a story, after a place and the day: "القاهرة (د ب أ) -", "الكويت - 5 - 12 (كونا) --".
_BRACKET_OPEN = re.compile(r"^\s*([^()]{0,60}?)\s*\(([^()]{1,60})\)\s*[-–—:]+\s*")
# "الدوحة في 12 ديسمبر /قنا/": the agency between slashes, as some wires print it.
_SLASHED = re.compile(r"/\s*([^/]{1,20}?)\s*/\s*[-–—:]*\s*")
# The cheap tests first, on the text as printed: a credit opening a story is set off by a
# bracket, a dash, a colon or a slash (or is the whole line); one closing it by a bracket or
# a dash, or follows its last sentence (wider than `_SENTENCE_CLOSE`: tashkeel and all).
_OPENING_MARK = re.compile(r"[-–—ـ:/(]")
_CLOSING_MARK = re.compile(r"[()\-–—ـ]|[.!؟?»\"”][^.!؟?»\"”]{1,60}[\s.]*$")


def find_agencies(text: str, *, common_words: bool = False) -> tuple[str, ...]:
    """The canonical names of the agencies `text` names, in order, each once. The names
    that are common words too (معا, بنا, قنا) count only with ``common_words``."""
    return tuple(dict.fromkeys(_names_in(_normal(text), _ANY_NAME if common_words else _NAME)))


def _names_in(normal: str, regex: re.Pattern = _NAME) -> list[str]:
    return [_CANONICAL[_key(m.group("name"))] for m in regex.finditer(normal)]


def canonical_agency(name: str) -> str | None:
    """The canonical name of an agency from any of its spellings ("AFP", "a.f.p", "أ.ف.ب",
    "وكالة الصحافة الفرنسية" are all فرانس برس), or None."""
    key = _key(name)
    if key not in _CANONICAL and key.isascii() and all(len(w) == 1 for w in key.split()):
        key = key.replace(" ", "")  # "A.F.P."
    return _CANONICAL.get(key)


def credited_agencies(dateline: str | None, bylines: Sequence[str], paragraphs: Sequence[str]) -> tuple[str, ...]:
    """The agencies a story credits, canonical, in the order the page prints them, each once:
    those its dateline names, its bylines (the authors, the lines printed around the headline,
    the author declared), the opening of its first paragraph, the close of its last and the
    credit lines among its last."""
    found = [name for _, name in _named_pieces(_normal(dateline)) if name] if dateline else []
    for byline in bylines:
        found += _byline_agencies(_normal(byline))
    if paragraphs:
        found += _opening_credit(paragraphs[0])[0]
        closing = paragraphs[-CLOSING_PARAGRAPHS:]
        credits = [_credit_line(_normal(p)) if _may_be_credit_line(p) else None for p in closing]
        story = [i for i, p in enumerate(closing) if credits[i] is None and len(_WORDS.findall(p)) >= MIN_STORY_WORDS]
        for i, paragraph in enumerate(closing):
            if credits[i] is not None:
                found += credits[i]
            elif story and i == story[-1]:
                found += _closing_credit(paragraph)[0]
    return tuple(dict.fromkeys(found))


def is_credit_line(paragraph: str) -> bool:
    """A paragraph that only credits the story's source: "المصدر: وكالات", "(أ ف ب)",
    "ر.ض/ ي.أ (رويترز)", "لندن - وكالات", "ترجمة: فلان". No story text: copies of a story
    that credit it differently compare alike without them."""
    return _may_be_credit_line(paragraph) and _credit_line(_normal(paragraph)) is not None


def without_credit_lines(paragraphs: Sequence[str]) -> list[str]:
    """The story's paragraphs without the credit lines closing it ("المصدر: رويترز"): the
    agencies are the article's `agencies`, not its text."""
    closing = len(paragraphs) - CLOSING_PARAGRAPHS
    return [p for i, p in enumerate(paragraphs) if i < closing or not is_credit_line(p)]


def strip_credit(paragraph: str) -> str:
    """The paragraph without the credit opening it ("القاهرة (رويترز) -", "الرياض - واس -")
    and the one closing it ("(أ ف ب)", "- رويترز"): the story's words only, as printed."""
    start, end = _opening_credit(paragraph)[1], _closing_credit(paragraph)[1]
    if start == 0 and end == len(paragraph):
        return paragraph
    return paragraph[start:end].strip() if start < end else ""


def _opening_credit(paragraph: str) -> tuple[list[str], int]:
    """The agencies the dateline opening a paragraph credits, and where its story starts."""
    head, whole_line = paragraph[:OPENING_CHARS], len(paragraph) <= OPENING_CHARS
    if not whole_line and not _OPENING_MARK.search(head):
        return [], 0
    return _read_printed(head, lambda normal: _opening(normal, whole_line))


def _closing_credit(paragraph: str) -> tuple[list[str], int]:
    """The agencies the credit closing a paragraph names, and where the credit starts."""
    tail_start = max(0, len(paragraph) - CLOSING_CHARS)
    tail = paragraph[tail_start:]
    if not _CLOSING_MARK.search(tail):
        return [], len(paragraph)
    names, start = _read_printed(tail, _closing)
    return names, tail_start + start


def _may_be_credit_line(paragraph: str) -> bool:
    """The cheap test first: most paragraphs are story, far longer than a credit line."""
    return len(paragraph) <= MAX_CREDIT_CHARS


def _normal(text: str) -> str:
    return normalize_for_search(_tatweel_dashes(text))


def _tatweel_dashes(text: str) -> str:
    """A tatweel run beside a space as the dash it stands for ("بغداد ـ العالم"), which
    normalisation would drop; the text's length is kept."""
    return _SPACED_TATWEEL.sub(lambda m: "-" * len(m.group()), text)


def _read_printed(text: str, read: Callable[[str], tuple[list[str], int]]) -> tuple[list[str], int]:
    """What `read` finds in `text` normalised, and where the index it gives falls in `text`."""
    normal = _normal(text)
    names, index = read(normal)
    if index in (0, len(normal)) or len(normal) == len(text):  # where it was printed
        return names, len(text) if index == len(normal) else index
    # Normalisation dropped some marks: normalised letter by letter, each knows its place.
    letters = [(i, c) for i, ch in enumerate(_tatweel_dashes(text)) for c in normalize_for_search(ch)]
    names, index = read("".join(c for _, c in letters))
    return names, ([i for i, _ in letters] + [len(text)])[index]


def _whole_name(piece: str, common_words: bool) -> str | None:
    """The agency a piece of a credit names when it is that name and nothing else."""
    piece = piece.strip(" .")
    if not _WHOLE_NAME.fullmatch(piece):
        return None
    key = _key(piece)
    if key not in _CANONICAL:  # "ورويترز": the conjunction glued on
        key = key[1:]
    if key in _COMMON_WORDS and not common_words:
        return None
    return _CANONICAL.get(key)


def _pieces(text: str) -> list[str]:
    return [p for p in _PIECE_BREAK.split(text) if p.strip(" .")]


def _named_pieces(text: str) -> list[tuple[str, str | None]]:
    """Each piece of a credit with the agency it names. A common word names the agency
    between brackets or after another piece ("رام الله - وفا"); first, it may be the word,
    or the place ("قنا" the city, "معا - نحو غد أفضل")."""
    bracketed = {p for inside in _BRACKETED.findall(text) for p in _pieces(inside)}
    return [(p, _whole_name(p, common_words=i > 0 or p in bracketed)) for i, p in enumerate(_pieces(text))]


def _bracketed_names(inside: str) -> list[str] | None:
    """The agencies a bracket credits: those it names when it holds nothing else ("رويترز/
    أ.ف.ب"), or a list of sources naming two agencies or more ("أ ف ب / رويترز / سي ان ان").
    One agency beside a name credits a photo ("رودي سعيد / رويترز"), not the story."""
    named = [(p, _whole_name(p, common_words=True)) for p in _pieces(inside)]
    names = [name for _, name in named if name]
    others = [p for p, name in named if not name]
    if names and (not others or len(names) > 1 and all(len(_WORDS.findall(p)) <= MAX_OTHER_WORDS for p in others)):
        return names
    return None


def _credit_line(text: str) -> list[str] | None:
    """The agencies a normalised line credits when it is a credit line and nothing else
    (perhaps none: "المصدر: الجزيرة" credits an outlet), else None."""
    bracket = _BRACKETED.fullmatch(text.strip(" ."))
    if bracket:  # "(أ ف ب)", "(أ ف ب / رويترز / سي ان ان / نيويورك تايمز)"
        return _bracketed_names(bracket.group(1))
    if len(_WORDS.findall(text)) > MAX_CREDIT_WORDS:
        return None
    labelled = _SOURCE_LABEL.match(text)
    if labelled:
        return [n for n in (_whole_name(p, common_words=True) for p in _pieces(text[labelled.end():])) if n]
    source = _FROM.match(text)
    if source:
        return _bracketed_names(text[source.end():])
    if _OTHER_CREDIT_LABEL.match(text):
        return []
    if _SENTENCE_MARK.search(text) or _PHOTO.search(text):
        return None
    named = _named_pieces(text)
    names = [name for _, name in named if name]
    other_words = sum(len(_WORDS.findall(p)) for p, name in named if not name and not _INITIALS.fullmatch(p.strip()))
    if not names or other_words > MAX_OTHER_WORDS:
        return None
    if _COLON_THEN_TEXT.search(text) and not named[-1][1]:
        return None  # "بلومبيرغ: ترامب يقرر الانسحاب": the agency says, a ticker's headline follows
    return names


def _byline_agencies(text: str) -> list[str]:
    """The agencies a byline names: after a byline word, any it names ("كتب: أ.ف.ب", "بقلم:
    فلان مع وكالات"); else the byline must be a credit line ("وكالات", "بوابة الهدف_ وكالات")."""
    found: list[str] = []
    for segment in _SEGMENTS.split(text):
        if _PHOTO.search(segment):
            continue
        label = _BYLINE_LABEL.match(segment)
        if label:
            for piece in _pieces(segment[label.end():]):
                name = _whole_name(piece, common_words=True)
                found += [name] if name else _names_in(piece)
        else:
            found += _credit_line(segment) or []
    return found


def _opening(head: str, whole_line: bool) -> tuple[list[str], int]:
    """The agencies a dateline opening a paragraph credits, from the paragraph's normalised
    head (all of it with ``whole_line``), and where its story starts (0 when it names none)."""
    bracket = _BRACKET_OPEN.match(head)
    # Before the bracket, a place and the day; "قالت وكالة الأنباء البحرينية (بنا) -" is a sentence.
    if bracket and len(_WORDS.findall(bracket.group(1))) <= MAX_OPENING_WORDS and "وكاله" not in bracket.group(1):
        names = _bracketed_names(bracket.group(2))
        if names:
            return names, bracket.end()
    slashed = _SLASHED.search(head)
    if slashed and len(_WORDS.findall(head[: slashed.start()])) <= MAX_OPENING_WORDS:
        names = _bracketed_names(slashed.group(1))
        if names:
            return names, slashed.end()
    # "الرياض - واس - أعلنت", "أ ش أ - أعلن", "شاشة نيوز - وكالات - ...": the leading pieces
    # before the story's first sentence, an agency among them, each a few words. The credit
    # ends with the last agency: a few words after it may be the story's ("رويترز - قال مسؤول -").
    names, start, end = [], 0, 0
    for i, sep in enumerate(_OPENING_BREAK.finditer(head)):
        if i == MAX_OPENING_PIECES:
            break
        piece = head[start:sep.start()]
        name = _whole_name(piece, common_words=i > 0)
        if name:
            names.append(name)
            end = sep.end()
        elif len(_WORDS.findall(piece)) > MAX_OPENING_WORDS or _SENTENCE_MARK.search(piece):
            break
        start = sep.end()
    if names:
        return names, end
    whole = _credit_line(head) if whole_line else None  # "المناطق - وكالات" on a line of its own
    return (whole, len(head)) if whole else ([], 0)


def _closing(text: str) -> tuple[list[str], int]:
    """The agencies a credit closing a paragraph names, from its normalised tail, and where
    the credit starts (the tail's end when it names none)."""
    bracket = _BRACKET_CLOSE.search(text)
    if bracket:
        names = _bracketed_names(bracket.group(1))
        if names:
            return names, bracket.start()
    dash = _DASH_CLOSE.search(text)
    name = dash and _whole_name(dash.group(1), common_words=True)
    if name:
        return [name], dash.start()
    # After the last sentence, a bare name: "... البشرة. وكالات", not a common word ("... معا").
    sentence = _SENTENCE_CLOSE.search(text)
    name = sentence and _whole_name(sentence.group(1), common_words=False)
    if name:
        return [name], sentence.start(1)
    return [], len(text)
