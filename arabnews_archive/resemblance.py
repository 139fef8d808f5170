"""How alike two stories' texts are: the evidence that groups wire copies and republished
articles into one story (store/stories.py keeps the groups).

A story is compared by its *story text*: the paragraphs without the dateline and credit
lines a newsroom changes when it takes a wire copy ("القاهرة (رويترز) -", "المصدر: وكالات";
`parse.credits`), normalised as search normalises (hamza, ى, ة, digits folded). It is cut
into shingles of `SHINGLE_WORDS` words *within* each paragraph, so that reordered
paragraphs keep theirs, each hashed to 32 bits (crc32: stable across processes and
machines, unlike Python's `hash`).

Finding candidates among a whole archive uses MinHash (datasketch) and locality-sensitive
hashing: the signature's `BANDS` bands of `ROWS` values each are hashed to one 64-bit key
per band, and two stories sharing any key are candidates. Two stories whose shingle sets
have Jaccard similarity s share a key with probability 1 - (1 - s^ROWS)^BANDS: 0.26 at
s=0.1, 0.96 at 0.3, 1.0 at 0.5, so a copy trimmed to a third of the original is still
found while most stories on the same subject are never even compared. The keys live in
the archive's own database (datasketch's LSH index keeps them in memory or in
Redis/Cassandra), so every worker on every machine shares one index.

A candidate is then *confirmed* on the exact shingle sets (`same_story`): a copy trimmed,
with its lead rewritten or a paragraph added shares most of the shorter text's shingles;
an unrelated story on the same subject the same day shares names and phrases, not
sentences. One kind of text shares its sentences and is still another story: a site's
daily bulletin ("أسعار الذهب اليوم", exchange rates, the weather), the same template every
day with that day's numbers. Grouped, each day's would join the day before's, and a year
of bulletins would chain into one "story". A shingle holding a number is marked (the top
bit of its hash), and two texts with numbers enough are one story only when the shorter's
numbered shingles are, for the most part, in the other too: a copy keeps its numbers, a
template's next issue changes them. benchmarks/stories.py measures all of this.
"""
from __future__ import annotations

import hashlib
import sys
import zlib
from array import array
from dataclasses import dataclass
from functools import cache


from arabnews_archive.parse.credits import is_credit_line, strip_credit
from arabnews_archive.text import search_tokens

# Bumped whenever a change here can change which stories an article joins: the archive
# then lists the articles grouped by another version as waiting for `stories --rebuild`.
RESEMBLANCE_VERSION = 2
SHINGLE_WORDS = 3
# A text with fewer shingles than this (a caption, a video page's line, a one-paragraph
# brief) is never grouped: too little text to tell a copy from a coincidence.
MIN_SHINGLES = 20
BANDS, ROWS = 32, 2
# Confirmation: the share of the shorter text's shingles the longer one holds, and the
# share of both texts' shingles the two hold in common (Jaccard). The second keeps a long
# roundup of many agency items out of each item's story. Measured by benchmarks/stories.py.
MIN_CONTAINMENT = 0.5
MIN_JACCARD = 0.15
# Numbers: with this many numbered shingles in each text (four numbers or so), the share of
# the shorter's the other holds must reach MIN_NUMBER_CONTAINMENT. Two days' bulletins of
# one template hold about a third (0.32 and 0.2 in the test set), copies 0.8 to 1 (a few
# real ones 0.4 to 0.7: figures rounded, spelled out).
MIN_NUMBER_SHINGLES = 12
MIN_NUMBER_CONTAINMENT = 0.4
# Days either side of a story's publication a copy is looked for in.
WINDOW_DAYS = 3
# The signature's permutations: drawn from this seed by numpy's RandomState (a stream numpy
# keeps stable) under datasketch's "affine32" scheme, named rather than defaulted, so the
# keys stored in an archive stay valid across library upgrades.
_SEED = 1
_SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A story text's shingle hashes and the LSH keys of its MinHash signature; no keys
    when the text is too short to be grouped (`comparable` is False)."""

    shingles: frozenset[int]
    bands: tuple[int, ...]

    @property
    def comparable(self) -> bool:
        return bool(self.bands)


# A shingle's hash: crc32 of its words, the top bit set when a word holds a digit.
NUMBER_BIT = 1 << 31
_WORD_BITS = NUMBER_BIT - 1


def story_shingles(paragraphs: tuple[str, ...] | list[str]) -> frozenset[int]:
    """The hashed word shingles of a story's text, paragraph by paragraph, without its
    dateline and credit lines. A paragraph shorter than a shingle counts as one; a shingle
    with a number in it has `NUMBER_BIT` set."""
    # Each shingle is hashed by C-level map() calls, not a Python loop per shingle: a story
    # of 450 words has 450 of them, and this runs for every article stored and every
    # candidate compared (benchmarks/stories.py --scale times it).
    shingles: set[int] = set()
    join, encode, crc32 = " ".join, str.encode, zlib.crc32
    for paragraph in paragraphs:
        if is_credit_line(paragraph):
            continue
        words = search_tokens(strip_credit(paragraph))
        if not words:
            continue
        grams = map(join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))) if len(words) >= SHINGLE_WORDS \
            else (join(words),)
        hashes = list(map(crc32, map(encode, grams)))
        # A token is letters and digits: one that is not all letters holds a digit.
        numbered = [j for j, word in enumerate(words) if not word.isalpha()]
        if numbered:
            marked = {start for j in numbered for start in range(max(0, j - SHINGLE_WORDS + 1), min(j + 1, len(hashes)))}
            shingles.update(h & _WORD_BITS | NUMBER_BIT if start in marked else h & _WORD_BITS
                            for start, h in enumerate(hashes))
        else:
            shingles.update(h & _WORD_BITS for h in hashes)
    return frozenset(shingles)


@cache
def _minhash() -> tuple[type, object]:
    """datasketch's MinHash and the signature's permutations, made once (datasketch draws
    them from the seed for every new MinHash otherwise). Imported on first use: the package
    loads scipy (0.7 s), which only fingerprinting needs, not every command that reads stories."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=BANDS * ROWS, seed=_SEED, scheme=_SCHEME).permutations


def _identity(value: int) -> int:
    return value


@cache
def _persons() -> tuple[bytes, ...]:
    return tuple(band.to_bytes(2, "big") for band in range(BANDS))


def band_keys(shingles: frozenset[int]) -> tuple[int, ...]:
    """The LSH keys of a shingle set: one signed 64-bit integer per band (a database column)."""
    MinHash, permutations = _minhash()
    minhash = MinHash(num_perm=BANDS * ROWS, seed=_SEED, hashfunc=_identity, permutations=permutations,
                      scheme=_SCHEME)
    minhash.update_batch(list(shingles))
    # Each band's values as bytes, sliced from the signature's bytes (numpy slices cost more).
    values = minhash.hashvalues.tobytes()
    width = len(values) // (BANDS * ROWS) * ROWS
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return tuple(
        from_bytes(blake2b(values[band * width:(band + 1) * width], digest_size=8, person=person).digest(), "big",
                   signed=True)
        for band, person in enumerate(_persons())
    )


def fingerprint(paragraphs: tuple[str, ...] | list[str]) -> Fingerprint:
    """The story text's fingerprint (CPU work a crawl does in its parser processes)."""
    shingles = story_shingles(paragraphs)
    return Fingerprint(shingles, band_keys(shingles) if len(shingles) >= MIN_SHINGLES else ())


def resemblance(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """(containment of the shorter text in the longer, Jaccard similarity) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared / (len(a) + len(b) - shared)


def numbers_agree(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two texts' numbers agree: true when either holds fewer than
    `MIN_NUMBER_SHINGLES` numbered shingles, else when the share of the shorter's the other
    holds reaches `MIN_NUMBER_CONTAINMENT`."""
    numbers_a = [s for s in a if s & NUMBER_BIT]
    if len(numbers_a) < MIN_NUMBER_SHINGLES:
        return True
    numbers_b = [s for s in b if s & NUMBER_BIT]
    if len(numbers_b) < MIN_NUMBER_SHINGLES:
        return True
    if len(numbers_a) > len(numbers_b):
        numbers_a, b = numbers_b, a
    return sum(1 for s in numbers_a if s in b) >= MIN_NUMBER_CONTAINMENT * len(numbers_a)


def same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two story texts are copies of one story (see the module's note)."""
    containment, jaccard = resemblance(a, b)
    return containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD and numbers_agree(a, b)


# The array type code of a 4-byte unsigned integer ("I" on every platform Python runs on
# today; "L" where int is 2 bytes).
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


def pack_shingles(shingles: frozenset[int]) -> bytes:
    """Shingle hashes as stored: 4 bytes each, little-endian whatever the machine, sorted."""
    packed = array(_UINT32, sorted(shingles))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack_shingles(data: bytes) -> frozenset[int]:
    """The inverse of `pack_shingles`."""
    packed = array(_UINT32)
    packed.frombytes(data)
    if sys.byteorder == "big":
        packed.byteswap()
    return frozenset(packed)
