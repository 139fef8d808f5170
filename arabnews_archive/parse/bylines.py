"""Bylines: the person who wrote a story, as the page prints it.

Printed forms: a byline word before the name ("بقلم"، "كتب"، "كتبت"، "إعداد"، "تقرير"،
"حوار"، "بواسطة"، "من قبل"، "By"), a reporter's title after it ("حسين العبرة مراسل موقع
الأنباء"), a scholar's title before it ("د. غسان العزي"), a place or an outlet glued to it
("القاهرة ــ مروة عبد الفضيل", "الأنباء.نت – منية غانمي"), and the date or the update
time after it ("كتب نجيب الشوفي في 9 مايو", "بواسطة: رانيا سنجق - آخر تحديث ...").

What is left must look like a person's name: two to six words, no digits, no sentence
words ("قال"، "في"), no role ("وزير") and no organisation ("فريق التحرير"، "MONGID DESIGNS"),
neither an agency nor the site nor a place. A wrong author is worse than none.
"""
from __future__ import annotations

import re

from arabnews_archive.parse.body import line_key
from arabnews_archive.parse.gazetteer import (
    GENERIC_SOURCES, MEDIA_WORDS, is_organisation, is_place, is_source, place_words,
)
from arabnews_archive.parse.tree import tidy

_BYLINE_WORDS = (
    r"(?:بقلم|كتبت|كتبه|كتب|كتابة|كتابه|من\s+إعداد|من\s+اعداد|إعداد|اعداد|تقرير|حوار|بواسطة|بواسطه|من\s+قبل|"
    r"الكاتبة|الكاتب|كاتب\s+مُ?شارك|كاتبة|كاتب|المؤلف|متابعة|written\s+by|posted\s+by|by|par|por)"
)
# A byline word opening a line, its own separator after it ("كتب -", "بقلم:", "كتب بواسطة", "متابعة /").
_BYLINE_PREFIX = re.compile(rf"^\W*(?:{_BYLINE_WORDS}(?!\w)\s*[:：\-–—ـ/]*\s*)+", re.IGNORECASE)
# A line that is only a byline word: the name is printed on the next line.
BYLINE_LABEL = re.compile(rf"^\W*{_BYLINE_WORDS}\W*$", re.IGNORECASE)
# A reporter's title after the name ends it: "حسين العبرة مراسل موقع الأنباء", "فلان - مراسلة الأنباء في بغداد".
_REPORTER_TITLE = re.compile(r"[\s\-–—ـ،,]+(?:مراسل|مراسلة|مراسله|مندوب|موفد|correspondent)(?!\w).*$", re.IGNORECASE)
_FROM = re.compile(r"^من\s+")
_DOMAIN = re.compile(r"\w\.(?:com|net|org|info|tv|me|co|news)\b|www\.", re.IGNORECASE)
# Where a name ends inside its piece of a byline: a date, the update time, a second byline word.
_NAME_END = re.compile(
    r"(?:^|\s+)(?:بتاريخ|منذ|آخر|اخر|نشر|تاريخ|كتب|مع|on|posted|published|updated|last"
    r"|الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت)(?:\s|$|:|،|,)"
    r"|(?:^|\s+)(?:في|فى)(?=\s*:|\s+\S*\s*\d)|\d|[|•●·&@]",
    re.IGNORECASE,
)
_ROLE_IN_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]{0,30}[)\]]\s*")
MAX_SIGNATURE_CHARS = 50
# A byline line or segment longer than this is story text.
MAX_BYLINE_CHARS = 100
_TRAILING_MARKS = " *:：|-–—ـ/،,.•"
_TRAILING_WORDS = {"by", "بواسطه", "من", "و"}
# Arabic initials after a name abbreviate a role ("لارا عنان ت-ف"), never a name of its own.
_ROLE_INITIALS = re.compile(r"[\u0621-\u064a](?:-[\u0621-\u064a])?")
# Between a place or an outlet and the name glued to it: a spaced dash, a tatweel run, a colon.
_GLUE = re.compile(r"\s+[-–—_]{1,3}\s*|\s*ـ{1,3}\s*|\s*[-–—_]{1,3}\s+|\s*:\s*")
# A short title before a name proves the name is a person's ("د. أسامة أبو الرب", "إعداد الباحثة: ...").
HONORIFICS = frozenset({
    "د", "دكتور", "الدكتور", "الدكتوره", "المهندس", "م", "الاستاذ", "الاستاذه", "الشيخ", "dr", "prof",
    "الباحث", "الباحثه", "الصحفي", "الصحفيه", "الزميل", "الزميله",
})
_HONORIFIC_LINE = re.compile(
    r"^(?:د|م|Dr|Prof)\s*\.\s*\S|^د\s+\S|^(?:الدكتور|الدكتورة|المهندس|الأستاذ|الأستاذة)\s", re.IGNORECASE)
# Words that never sit inside a person's name: sentence words, and the roles of people a
# caption names ("د. أحمد الطيب شيخ الأزهر").
NOT_NAME_WORDS = frozenset(line_key(w) for w in """
في فى من إلى الى عن أن إن مع هذا هذه ذلك تلك التي الذي الذين قال قالت يقول تقول كان كانت هو هي لا ما ثم أو او كل
بعد قبل حول بين عند منذ خلال لكن قد لم لن حتى إذا اذا أنه انه أنها عبر ضد يا أي كيف لماذا متى هل تم يتم ليس سيتم
يمكن يجب
أعلن أعلنت أكد أكدت ذكر ذكرت أفاد أفادت نقل نقلت كشف كشفت أوضح أوضحت أشار أشارت نشر نشرت بث بثت دعا دعت
وزير الوزير وزيرة رئيس الرئيس رئيسة شيخ نائب مدير سفير الملك الأمير المتحدث الناطق قائد زعيم
النائب اللاعب الفنان الفنانة المطرب المطربة الممثل الممثلة النجم النجمة المدرب الكابتن
the of for to in on at with from about this that is are was
""".split())
# Common given names of the Arab press's writers: a name printed bare, with no byline word
# before it ("لندن ـ ماريا طبراني"), must start with one to be read as a person's. Names that
# are also common words ("أمل" hope, "صباح" morning, "عيد" feast) are left out.
GIVEN_NAMES = frozenset(line_key(n) for n in """
محمد محمود أحمد احمد حامد حمدي حمدان حمود علي عمر عمار عمرو عثمان خالد خليل مصطفى إبراهيم ابراهيم إسماعيل اسماعيل
إسحاق يوسف يونس يعقوب يحيى يزيد ياسر ياسين حسن حسين حسني حسام حسان حسونة عبد عبدالله عبدالرحمن عبدالعزيز عبدالحميد
عبدالرحيم عبدالكريم عبدالقادر عبدالمجيد عبدالحليم عبداللطيف عبدالسلام عبدالناصر عبدالفتاح عبدالوهاب عبدالرزاق عبدالغني
عبدالمنعم عبدالحكيم عبدالباسط عبدالعليم عبدالهادي عبدالإله عبدالجليل عبدالحي عبدالملك عبدو سعيد سعد سعود سعدي سعيدة
سامي سامح سامر سمير سليم سليمان سلمان سالم طارق طه طلال طاهر عادل عاطف عاصم عامر عارف عماد عصام عزت
عزالدين علاء عدنان عرفات عرفة عوض عواد غسان غازي غالب فؤاد فارس فهد فيصل فادي فتحي فراس فاروق فايز فريد فوزي فرج
فواز كريم كمال ماجد مازن مجدي مراد مروان مصعب معتز منير مهند مؤمن مأمون محسن مدحت مرتضى مهدي منذر
موسى منصور ممدوح منتصر مختار مسعود معاذ معن مفيد مكرم منعم مهاب متولي مرسي ميلاد ناصر نبيل نادر نزار نضال نجيب
نور نوري نائل نصار نعيم نمر نهاد نديم نسيم نصري نعمان ناجي نبيه نبيل هاني هشام هيثم همام هادي هزاع وائل
وليد وسيم وجدي وسام واثق وجيه وديع وحيد إيهاب ايهاب أكرم اكرم أدهم أيمن ايمن أسامة اسامة أشرف اشرف أنس انس أمجد امجد
أنور انور إسلام اسلام إياد اياد إدريس ادريس أنيس أيوب ايوب باسم باسل بسام بلال بشير بشار بكر بهاء
تامر توفيق تميم تيسير ثامر جمال جميل جلال جابر جواد جاسم جبران حاتم حازم حافظ حيدر حمد حمزة حبيب خضر
رامي رائد رشيد رضا رضي رياض رجب رمضان رفيق ربيع راضي رامز رافع رشاد ريان زياد زكريا زكي زهير زيد زاهر شادي شريف
شاكر شوقي شعبان شفيق شهاب صالح صلاح صابر صبري صفوان صقر ضياء ظافر عبيد عفيف علوان عيسى غياث قاسم قيس كنان لؤي لؤى
سراج سلام ليث لطفي ماهر مالك محب مجدي ملحم منيب نواف هاشم هيثم يامن ياسين يسري سيد السيد شحادة
فاطمة مريم عائشة خديجة زينب سارة سارا ساره هند هبة هدى هديل هالة هيا هناء هاجر هيفاء نورا نوال نور نوره نورة ليلى ليلي
لينا لبنى لمياء لميس لارا رنا ريم رانيا رشا رهف رغد رولا ريما رهام روان رزان رحاب روضة ريهام رحمة راوية سلمى
سلوى سماح سمر سناء سهى سهام سهير سعاد سوسن سحر سمية سومية سميرة سارة شيماء شهد شذى شيرين صفاء صفا علياء عبير
عبلة عزة عفاف عفراء غادة غدير فدوى فاتن فايزة فريدة منى منة مها ميرا ميساء ميس مي مروة مرام منال منار ميار
مديحة ماجدة نادية نجلاء نرمين نسرين نهلة نهى نسمة نجوى نبيلة نجاة نعمة نادين نهال وفاء وداد ولاء وئام ياسمين يارا
آلاء الاء آية اية أسماء اسماء أميرة اميرة إيمان ايمان إسراء اسراء أريج اريج إلهام الهام إنعام انعام ابتسام
اعتدال إيناس ايناس أنغام بتول بثينة جنى جيهان جمانة حنان حلا دعاء دينا ديما دانة دانا داليا دلال
زهراء زينة سكينة كوثر لطيفة ليال مايا منية تقى تسنيم خلود مارينا ولاء يسرى كندة لمى ندى
ماريا ماري جورج ميشال ميشيل جان بيار طوني ريتا كارين جويل كارول جوزيف بطرس حنا إلياس الياس شربل فيليب صوفي صوفيا
إريك اريك ديانا جوليا كريستين باتريك ستيفان دافيد ديفيد مارك بيتر بول سوزان كلارا إيفا ايفا إيلي ايلي إيلين ميراي
نيكول جيني روزا رلى ريمون سمعان طوني وديع أنطوان انطوان غابي جوزيف ميلاد نايلة هيلين إميل اميل كمال
""".split())
_LATIN_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "la", "le", "du"})
_SENTENCE_MARKS = re.compile(r"[؟?!«»\"“”؛;=<>+#*()\[\]،,]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_WORD = re.compile(r"\w+")
_LATIN_LETTER = re.compile("[A-Za-z]")
_DIGIT = re.compile(r"\d")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_SEGMENTS = re.compile(r"\s*(?:\||•|●|·|\s/\s)\s*")


def is_person(name: str, site_names: set[str]) -> bool:
    """Whether ``name`` (already cut out of its byline) reads as one or more people's names."""
    if not name or len(name) > 60 or _SENTENCE_MARKS.search(name) or "http" in name or "www" in name:
        return False
    words = line_key(name).split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for w in words for ch in w) or place_words(" ".join(words)):
        return False
    if _LATIN_LETTER.search(name) and _ARABIC_LETTER.search(name):
        return False  # a name is written in one script: "د. سيتم طلب نموذج RMA" is a list item
    if any(w in NOT_NAME_WORDS or w in MEDIA_WORDS or w in GENERIC_SOURCES for w in words):
        return False
    # A printed name is capitalised; "khalil lmassri" and "knowledge world" are account names.
    for word in _LATIN_WORD.findall(name):
        if word[0].islower() and word.lower() not in _LATIN_PARTICLES:
            return False
    return not (is_organisation(name) or is_source(name, site_names))


def is_bare_name(name: str, site_names: set[str]) -> bool:
    """A person's name printed or declared with no byline word before it ("عماد مراد - الدوحة",
    a meta author): it must also start with a known given name, or be a capitalised Latin
    name. "لايف ستايل" and "الاحتلال الإسرائيلي" are no one."""
    words = [w for w in line_key(name).split() if w not in HONORIFICS]
    if not words:
        return False
    if _LATIN_WORD.fullmatch(words[0]):
        if not all(_LATIN_WORD.fullmatch(w) for w in words):
            return False
    elif not (words[0] in GIVEN_NAMES or (words[0] == "ابو" and len(words) > 2)):
        return False
    return is_person(name, site_names)


def author_name(raw: str, site_names: set[str], bare: bool = False) -> str | None:
    """The person a byline names, cut out of what surrounds it, or None. ``bare`` when
    nothing but the name itself says it is one (a declared author): see :func:`is_bare_name`."""
    if _DOMAIN.search(raw):
        return None  # "Deutsche Welle (www.dw.com)": a person's name carries no web address
    text = _BYLINE_PREFIX.sub("", tidy(raw))
    titled = _REPORTER_TITLE.search(text)
    if titled:  # "من حسين العبرة مراسل موقع الأنباء": the name sits between "من" and the title
        text = _FROM.sub("", text[: titled.start()])
    text = _ROLE_IN_BRACKETS.sub(" ", text)
    end = _NAME_END.search(text)
    if end:
        text = text[: end.start()]
    # "القاهرة ــ مروة عبد الفضيل": of the pieces, one is the person, the others a place or an
    # outlet. Anything else beside the name ("محمد اسكندر: «من أين لك هذا»") is a teaser.
    people = []
    for piece in _GLUE.split(text):
        words = piece.strip(_TRAILING_MARKS).split()
        while words and (words[-1].lower() in _TRAILING_WORDS or _ROLE_INITIALS.fullmatch(words[-1])):
            words.pop()
        piece = " ".join(words).strip(_TRAILING_MARKS)
        if not piece or is_place(piece) or is_source(piece, site_names) or line_key(piece) in HONORIFICS:
            continue
        if not (is_bare_name if bare else is_person)(piece, site_names):
            return None
        people.append(piece)
    return people[0] if len(people) == 1 else None


def dated_name(line: str, site_names: set[str]) -> str | None:
    """"حسين فاروق 15/02/2019", "أحمد حلاوة الأحد 09 ديسمبر 2018": a header line holding a
    name and then the date is the byline and its date, even with no byline word."""
    if len(line) > MAX_BYLINE_CHARS or not _DIGIT.search(line):
        return None
    end = _NAME_END.search(line)
    if not end or not _DIGIT.search(line[end.start():]) or line[: end.start()].rstrip().endswith(":"):
        return None  # "Server Time: 2019-04-25" is a label and its value
    name = line[: end.start()].strip(_TRAILING_MARKS)
    return name if is_bare_name(name, site_names) else None


def is_signature_name(line: str, site_names: set[str]) -> bool:
    """A line that is only a person's name in Arabic script ("نسرين أحمد زواوي"), as a story's
    closing signature prints it."""
    return len(line) <= MAX_SIGNATURE_CHARS and bool(_ARABIC_LETTER.search(line)) and is_bare_name(line, site_names)


def is_name_line(line: str, site_names: set[str]) -> bool:
    """A short line that reads as a name, known or not ("أليساندرا أموروزو"): several in a
    story make it a list of people, none of whom signs it."""
    return len(line) <= MAX_SIGNATURE_CHARS and is_person(line, site_names)


def segments(line: str) -> list[str]:
    """A header line's parts: "الأربعاء 12-12-2018 | كتب: أيمن هريدي |" holds a date and a byline."""
    return [s for s in _SEGMENTS.split(line) if s.strip(_TRAILING_MARKS)]


def printed_byline(line: str, site_names: set[str]) -> str | None:
    """The name in a printed byline line or segment: a byline word or a reporter's title
    around it, a scholar's title before it, or a place or an outlet glued to it."""
    parts = segments(line)
    for segment in [line] + parts if len(parts) > 1 else parts:
        if _BYLINE_PREFIX.match(segment) or _REPORTER_TITLE.search(segment) or _HONORIFIC_LINE.match(segment):
            name = author_name(segment, site_names)
        else:
            name = _glued_name(segment, site_names)
        if name:
            return name
    return None


def _glued_name(segment: str, site_names: set[str]) -> str | None:
    """"نور عويتي - خاص الأنباء نت", "المصدر: الأنباء.نت – منية غانمي": a name glued to an
    outlet or a place, nothing else in the segment."""
    if len(segment) > MAX_BYLINE_CHARS or not _GLUE.search(segment):
        return None
    names, others = [], 0
    for piece in _GLUE.split(segment):
        piece = piece.strip(_TRAILING_MARKS)
        if not piece:
            continue
        if is_place(piece) or is_source(piece, site_names):
            others += 1
        elif is_bare_name(piece, site_names):
            names.append(piece)
        else:
            return None
    return names[0] if len(names) == 1 and others else None


def is_byline(line: str) -> bool:
    """A short line that is only a byline ("بقلم: ...", "كتب - ...", "By ..."), whoever it names."""
    if len(line) >= 80:
        return False
    prefix = _BYLINE_PREFIX.match(line)
    if prefix:
        rest = line[prefix.end():]
        words = _WORD.findall(rest)
        return 0 < len(words) <= 8 and not any(line_key(w) in NOT_NAME_WORDS for w in words[:3])
    return bool(_HONORIFIC_LINE.match(line)) and author_name(line, set()) is not None
