"""What a dateline or a byline may name besides a person: places, news agencies, outlets
and organisations. Shared by the dateline and byline readers.

Every list holds normalised forms (:func:`line_key`: hamza and alef folded, ة to ه, ى to ي).
"""
from __future__ import annotations

from difflib import SequenceMatcher

from arabnews_archive.parse.body import line_key
from arabnews_archive.parse.credits import AGENCY_TABLE

# News agencies, by the short names that may stand alone as a dateline ("أ ش أ -", "(قنا) -"):
# those of the one table of agencies, which credits' attribution reads too.
AGENCIES = frozenset(line_key(name) for agency in AGENCY_TABLE for name in agency.short_names)
# Agency names that cannot be a person's name, recognised inside a longer source ("وكالة رويترز").
_AGENCY_WORDS = frozenset(w for a in AGENCIES for w in a.split() if len(w) >= 5)
# Sources that are no agency of their own: they join a place ("الدوحة - وكالات") but never
# stand alone as a dateline, and never name a person.
GENERIC_SOURCES = frozenset({"وكالات", "الوكالات", "متابعات", "متابعه", "خاص", "مراسلنا", "مراسل", "مراسله", "مواقع", "المصدر"})
# Words that name a news outlet rather than a person ("العرب اليوم", "سكاي نيوز عربية", "الخليج أونلاين").
MEDIA_WORDS = frozenset({
    "اليوم", "نيوز", "نت", "اونلاين", "برس", "الاخباريه", "الاخباري", "عربيه", "تايمز", "بوست", "الجديد", "وكاله",
    "صحيفه", "جريده", "موقع", "قناه", "الانباء", "tv", "news", "online", "العربيه", "الجزيره", "الشرق", "الاوسط",
    "الوطن", "الحياه", "الراي", "الغد", "اخبار", "بوابه", "فرانس", "cnn", "bbc", "rt", "بي بي سي", "سي ان ان",
    "مجله", "اذاعه", "راديو", "تلفزيون", "شبكه", "الالكتروني", "الالكترونيه", "press", "times", "post", "daily",
    "لاين", "انفو", "info", "بريس",
})
# Words that name an organisation, a team or a role, never one person ("فريق التحرير",
# "محرر القبس", "Developed By ...", "MONGID DESIGNS").
ORGANISATION_WORDS = frozenset({
    "فريق", "طاقم", "محرر", "المحرر", "محررو", "التحرير", "هييه", "اسره", "اداره", "قسم", "مكتب", "مركز", "المركز",
    "منظمه", "موسسه", "جمعيه", "اتحاد", "وزاره", "شركه", "حركه", "مجموعه", "الموقع", "وحده",
    "team", "staff", "editor", "editors", "editorial", "desk", "admin", "administrator", "publisher", "media",
    "designs", "design", "developed", "company", "group", "ltd", "inc", "agency", "magazine", "radio",
    "international", "network", "amt", "webmaster", "newsroom",
})

# Capitals, news cities and countries the Arab press datelines its stories from, whole
# names ("رام الله", "ابو ظبي"): a first word alone ("رام") is not a place.
PLACES = frozenset(line_key(p) for p in """
القاهرة|الإسكندرية|الجيزة|بيروت|دمشق|حلب|حمص|إدلب|درعا|الرقة|بغداد|البصرة|الموصل|أربيل|كركوك|النجف|كربلاء|عمان|عمّان|
الزرقاء|إربد|القدس|رام الله|غزة|الخليل|نابلس|جنين|بيت لحم|أريحا|طولكرم|قلقيلية|رفح|خان يونس|تل أبيب|الرياض|جدة|مكة|
مكة المكرمة|المدينة المنورة|الدمام|الطائف|تبوك|أبها|حائل|الدوحة|أبوظبي|أبو ظبي|دبي|الشارقة|عجمان|الفجيرة|رأس الخيمة|
العين|المنامة|الكويت|مسقط|صلالة|صنعاء|عدن|تعز|الحديدة|مأرب|المكلا|الخرطوم|أم درمان|بورتسودان|طرابلس|بنغازي|مصراتة|
سرت|سبها|تونس|صفاقس|سوسة|الجزائر|وهران|قسنطينة|الرباط|الدار البيضاء|فاس|مراكش|طنجة|أكادير|أغادير|العيون|وجدة|
نواكشوط|مقديشو|جيبوتي|الإسماعيلية|بورسعيد|السويس|المنصورة|طنطا|أسيوط|الأقصر|أسوان|سيناء|العريش|شرم الشيخ|الغردقة|
الفلوجة|الأنبار|السليمانية|دهوك|صيدا|صور|طرابلس|البقاع|زحلة|جونيه|الناصرة|حيفا|يافا|عكا|دير الزور|الحسكة|القامشلي|
اللاذقية|طرطوس|حماة|السويداء|القنيطرة|منبج|عفرين|البيضاء|
واشنطن|نيويورك|لوس أنجلوس|شيكاغو|ميامي|سان فرانسيسكو|هيوستن|بوسطن|لندن|مانشستر|باريس|مرسيليا|ليون|برلين|ميونيخ|
فرانكفورت|هامبورغ|بون|موسكو|سان بطرسبرغ|سوتشي|بكين|شنغهاي|هونغ كونغ|طوكيو|سيول|بيونغ يانغ|أنقرة|إسطنبول|اسطنبول|
إزمير|طهران|مشهد|أصفهان|كابول|إسلام آباد|كراتشي|لاهور|نيودلهي|نيو دلهي|مومباي|روما|ميلانو|الفاتيكان|مدريد|برشلونة|
بروكسل|لاهاي|أمستردام|جنيف|زيورخ|برن|دافوس|فيينا|ستوكهولم|أوسلو|كوبنهاغن|هلسنكي|كييف|وارسو|أثينا|لشبونة|دبلن|براغ|
بودابست|بوخارست|صوفيا|بلغراد|بانكوك|جاكرتا|كوالالمبور|مانيلا|سنغافورة|هانوي|كانبرا|سيدني|ملبورن|تورنتو|أوتاوا|
مونتريال|مكسيكو|برازيليا|ريو دي جانيرو|بوينس آيرس|كراكاس|هافانا|أديس أبابا|نيروبي|لاغوس|أبوجا|جوهانسبرغ|
كيب تاون|داكار|باماكو|نيامي|انجامينا|كمبالا|الفاشر|نيقوسيا|باكو|يريفان|تبليسي|
مصر|السعودية|سوريا|سورية|العراق|لبنان|الأردن|فلسطين|اليمن|ليبيا|المغرب|السودان|قطر|البحرين|الإمارات|سلطنة عمان|
موريتانيا|الصومال|تركيا|إيران|روسيا|الصين|اليابان|فرنسا|ألمانيا|بريطانيا|إيطاليا|إسبانيا|الهند|باكستان|أفغانستان|
الولايات المتحدة|أمريكا|أميركا|كندا|أستراليا|البرازيل|الأمم المتحدة|غزة|الضفة الغربية|قطاع غزة|إسرائيل|
اليونان|هولندا|بلجيكا|السويد|النرويج|الدنمارك|سويسرا|النمسا|بولندا|أوكرانيا|المكسيك|الأرجنتين|إندونيسيا|ماليزيا|تايلاند|
كوريا الجنوبية|كوريا الشمالية|جنوب أفريقيا|نيجيريا|إثيوبيا|كينيا|تشاد|مالي|النيجر|جيبوتي|جزر القمر|قبرص|أذربيجان
""".replace("\n", "").split("|"))
# How alike a name and the site's host name must be, letters only, to be the same name.
SAME_NAME_RATIO = 0.85
_LONGEST_PLACE_WORDS = max(len(p.split()) for p in PLACES)


def _key(text: str) -> str:
    return line_key(text)


def place_words(text: str) -> int:
    """How many leading words of ``text`` name a place ("رام الله قال" -> 2), or 0."""
    words = _key(text).split()
    for n in range(min(_LONGEST_PLACE_WORDS, len(words)), 0, -1):
        name = " ".join(words[:n])
        # A joined "و" and a glued article are spelling, not a different place ("والقاهرة").
        if name in PLACES or (name[:1] == "و" and name[1:] in PLACES):
            return n
    return 0


def is_place(text: str) -> bool:
    """A place and nothing else, or a place qualified after a comma ("دبي، الإمارات العربية المتحدة")."""
    head = text.split("،")[0].split(",")[0]
    words = _key(head).split()
    return bool(words) and place_words(head) == len(words)


def is_agency(text: str) -> bool:
    """A news agency by itself: the one source that may stand alone as a dateline."""
    return _key(text) in AGENCIES


def is_site(text: str, site_names: set[str]) -> bool:
    """The site's own name, as printed or as its host spells it ("Radio Sawa" on radiosawa.com)."""
    key = _key(text)
    if not key:
        return False
    squashed = key.replace(" ", "")
    for name in site_names:
        if not name:
            continue
        if key == name or f" {name} " in f" {key} " or (len(key) >= 4 and f" {key} " in f" {name} "):
            return True
        squashed_name = name.replace(" ", "")
        if len(squashed_name) >= 4 and (squashed_name in squashed or (len(squashed) >= 4 and squashed in squashed_name)):
            return True
        # "El Hayat El Arabiya" on elhayatalarabiya.net: the host spells the name its own way.
        # (The quick upper bound first: most names are nothing like the host.)
        if len(squashed) >= 8 and squashed.isascii() and squashed_name.isascii():
            matcher = SequenceMatcher(None, squashed, squashed_name)
            if matcher.real_quick_ratio() >= SAME_NAME_RATIO and matcher.ratio() >= SAME_NAME_RATIO:
                return True
    return False


def is_source(text: str, site_names: set[str]) -> bool:
    """A news source: an agency, an outlet ("سكاي نيوز عربية") or the site itself."""
    key = _key(text)
    if not key:
        return False
    if key in AGENCIES or key in GENERIC_SOURCES or key in MEDIA_WORDS:
        return True
    words = key.split()
    if any(w in MEDIA_WORDS or w in _AGENCY_WORDS or w in GENERIC_SOURCES for w in words):
        return True
    return is_site(text, site_names)


def is_organisation(text: str) -> bool:
    """Names a team, an office or a company rather than a person."""
    return any(w in ORGANISATION_WORDS for w in _key(text).split())
