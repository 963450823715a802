"""Reading a document against what is stored: never make a stored text worse.

A document of a plan that exists is mostly a copy of what tiltak holds — often a worse copy (OCR lost its æ, ø
and å, mangled diacritics, read «l» as «1» and «m» as «rn», split a word at a line break). Word by word, a word
that differs from the stored one only by such confusion keeps the stored spelling; a text that differs only so is
the stored text, kept; what is left are the document's real changes, and only those are offered. Words of a
changed text that match no stored word are restored from the plan's own stored words first (one spelling for
their letters without æ/ø/å), before any general lexicon would be asked.

No Django here: the import action reads the stored texts and passes them in as plain data (:class:`Stored`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from tiltak.lib.textdiff import word_diff

# Characters OCR loses or mangles: the Norwegian letters and every other non-ASCII letter (diacritics).
_QUOTES = "\"'«»“”„‘’‚‹›`´"
_DASHES = "-‐‑‒–—"
_FOLD = str.maketrans({**dict.fromkeys(_QUOTES, '"'), **dict.fromkeys(_DASHES, "-"),
                       **dict.fromkeys("1ij|!í", "l"), "0": "o"})
_MAX_BLOCK = 40_000  # word pairs a changed stretch may be aligned over; a longer one is compared pair by pair
_MAX_JOIN = 3  # a stored word may be split into at most this many words in the document («Rosa - prosjektet»)


def _fragile(segment: str) -> bool:
    return any(ch.isalpha() and not ch.isascii() for ch in segment)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).replace("\u00ad", "").casefold()
    word = word.replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return word.translate(_FOLD).replace("tl", "fl")  # «ﬁ» read as «ti» (after «i» is folded to «l»)


def ocr_equivalent(stored: str, seen: str) -> bool:
    """Whether ``seen`` (the document's word) differs from ``stored`` only as OCR and a lost æ/ø/å make words
    differ: the Norwegian letters and diacritics lost, mangled or wrongly put back, l/I/1/i/j, 0/O, rn/m, vv/w,
    ligatures, quotes, dashes and hyphens, a doubled letter, one stray letter inside a long word."""
    if stored == seen:
        return True
    a, b = _fold(stored), _fold(seen)
    if a == b:
        return True
    if not a or not b:
        return False
    strays = 0
    same = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        lost, got = a[i1:i2], b[j1:j2]
        if tag == "equal":
            same += i2 - i1
            continue
        if _fragile(lost) and len(lost) <= 2 and len(got) <= 3:
            continue  # «å» read as «a», «d», «dd», «i», «4», «&» or dropped; «ø» as «o», «e», «g», «Q»; «é» as «e»
        if _fragile(got) and len(got) <= 2 and len(lost) <= 3:
            continue  # an «a» wrongly put back as «å»
        if all(ch in '-"' for ch in lost + got):
            continue  # hyphenation, quotes
        if tag == "insert" and len(got) == 1 and (b[j1 - 1:j1] == got or b[j2:j2 + 1] == got):
            continue  # a doubled letter («Kklart»)
        if tag == "insert" and len(got) == 1 and got.isalpha() and len(a) >= 8 and 0 < i1 < len(a) and not strays:
            strays += 1  # one stray letter inside a long word («forutsighbarhet»)
            continue
        return False
    return same * 2 >= max(len(a), len(b)) or max(len(a), len(b)) <= 2


def _key(word: str) -> str:
    """A word without what OCR loses: for the plan's own word list."""
    word = unicodedata.normalize("NFKD", word.casefold().replace("æ", "ae").replace("ø", "o"))
    return "".join(ch for ch in word if not unicodedata.combining(ch))


class Vocabulary:
    """The plan's own stored words, the first lexicon for restoring a word that lost its æ, ø or å."""

    def __init__(self, texts=()):
        self.words: set[str] = set()
        by_key: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for word in re.findall(r"\w+", text or ""):
                self.words.add(word)
                by_key[_key(word)].add(word)
        self._by_key = {key: next(iter(found)) for key, found in by_key.items() if len(found) == 1}

    def restore(self, token: str) -> str:
        """``token`` with each of its words spelled as the plan spells it, where exactly one stored word has its
        letters and the word itself is not one of the plan's."""
        def one(match: re.Match) -> str:
            word = match.group(0)
            if word in self.words or not word.isascii():
                return word
            found = self._by_key.get(_key(word))
            if found is None or found.isascii():
                return word
            return _same_case(found, word)
        return re.sub(r"\w+", one, token)


def _same_case(stored: str, seen: str) -> str:
    if seen.isupper() and len(seen) > 1:
        return stored.upper()
    if seen[:1].isupper():
        return stored[:1].upper() + stored[1:]
    return stored


@dataclass
class Reconciled:
    text: str  # what to store: the stored text, or the document's with stored spellings where they are only damaged
    kept_words: int = 0  # the document's words that keep their stored spelling
    restored_words: int = 0  # words spelled as the plan spells them elsewhere
    whole: bool = False  # the document's text differs from the stored one only by damage: the stored text is kept

    @property
    def worse(self) -> bool:
        return bool(self.kept_words or self.whole)


_TOKEN = re.compile(r"\S+")


def reconcile_text(seen: str, stored: str | None, vocabulary: Vocabulary | None = None) -> Reconciled:
    """The text to store for the document's ``seen`` where ``stored`` is what tiltak holds."""
    if stored is None or not stored.strip() or not seen.strip():
        return Reconciled(seen)
    if seen == stored:
        return Reconciled(seen)
    doc = list(_TOKEN.finditer(seen))
    old = list(_TOKEN.finditer(stored))
    doc_words, old_words = [m.group(0) for m in doc], [m.group(0) for m in old]
    pieces: list[tuple[int, int, str | None]] = []  # (first doc word, past last, replacement or None: as is)
    unmatched = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, doc_words, old_words, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs, left = _align(doc_words[i1:i2], old_words[j1:j2])
        unmatched += left
        for di, dn, oj, on in pairs:
            replacement = stored[old[j1 + oj].start():old[j1 + oj + on - 1].end()]
            pieces.append((i1 + di, i1 + di + dn, replacement))
    kept = sum(1 for first, past, text in pieces if text is not None and " ".join(doc_words[first:past]) != text)
    if not unmatched:
        return Reconciled(stored, kept_words=kept, whole=True)
    out: list[str] = []
    position = 0
    replaced = {first: (past, text) for first, past, text in pieces}
    restored = 0
    i = 0
    while i < len(doc):
        out.append(seen[position:doc[i].start()])
        if i in replaced:
            past, text = replaced[i]
            out.append(text)
            position = doc[past - 1].end()
            i = past
            continue
        word = doc[i].group(0)
        if vocabulary is not None:
            better = vocabulary.restore(word)
            restored += better != word
            word = better
        out.append(word)
        position = doc[i].end()
        i += 1
    out.append(seen[position:])
    return Reconciled("".join(out), kept_words=kept, restored_words=restored)


def _align(doc: list[str], old: list[str]) -> tuple[list[tuple[int, int, int, int]], int]:
    """Match a changed stretch: (doc index, doc words, stored index, stored words) for each damaged copy of a stored
    word (one stored word may be split into up to three in the document, two stored words joined into one), and
    how many words on either side match nothing — the real changes."""
    n, m = len(doc), len(old)
    if not n or not m:
        return [], n + m
    if n * m > _MAX_BLOCK:
        pairs = [(k, 1, k, 1) for k in range(min(n, m)) if ocr_equivalent(old[k], doc[k])]
        return pairs, n + m - 2 * len(pairs)
    inf = n + m + 1
    # cost[i][j]: fewest unmatched words aligning doc[i:] with old[j:]
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                cost[i][j] = 0
                continue
            best, how = inf, None
            if i < n and cost[i + 1][j] + 1 < best:
                best, how = cost[i + 1][j] + 1, (1, 0)
            if j < m and cost[i][j + 1] + 1 < best:
                best, how = cost[i][j + 1] + 1, (0, 1)
            if i < n and j < m:
                for dn, on in ((1, 1), *((k, 1) for k in range(2, _MAX_JOIN + 1)), (1, 2)):
                    if i + dn > n or j + on > m or cost[i + dn][j + on] >= best:
                        continue
                    seen = "".join(doc[i:i + dn])
                    if ocr_equivalent(" ".join(old[j:j + on]) if on == 1 else "".join(old[j:j + on]), seen):
                        best, how = cost[i + dn][j + on], (dn, on)
            cost[i][j], step[i][j] = best, how
    pairs = []
    i = j = 0
    while (i, j) != (n, m):
        dn, on = step[i][j]
        if dn and on:
            pairs.append((i, dn, j, on))
        i, j = i + dn, j + on
    return pairs, cost[0][0]


# -- a whole document --------------------------------------------------------------------------------------------

FIELDS = ("title", "plan_text", "status_text")


@dataclass
class Stored:
    """What tiltak holds for the plan a document belongs to, as plain data: per measure number its title and plan
    text and, where the document's round exists, its narrative there; the round's title and introduction; and
    every other stored text of the plan, for its word list."""

    measures: dict[str, dict[str, str | None]] = field(default_factory=dict)
    round: dict[str, str] | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class KeptText:
    """A text of the document that is worse than the stored one: ``whole`` when the stored text is kept as it is,
    else how many of its words keep their stored spelling within a real change."""

    measure: str | None  # None for the round's own texts
    field: str  # title, plan_text, status_text, introduction
    seen: str
    stored: str
    whole: bool
    kept_words: int

    def as_dict(self) -> dict:
        return {"measure": self.measure, "field": self.field, "whole": self.whole, "kept_words": self.kept_words}

    @property
    def diff(self) -> list[tuple[str, str]]:
        """Word by word from the stored text («removed») to the document's («added»)."""
        return word_diff(self.stored, self.seen)


def reconcile_document(document: dict, stored: Stored) -> tuple[dict, list[KeptText]]:
    """``document`` (report JSON) with every text read against the stored one; and what was kept, and where."""
    vocabulary = Vocabulary([*stored.texts, *(text for item in stored.measures.values()
                                               for text in item.values() if text)])
    kept: list[KeptText] = []
    measures = []
    for item in document.get("measures") or []:
        old = stored.measures.get(str(item.get("number")))
        item = dict(item)
        if old:
            for name in FIELDS:
                item[name] = _one(item.get(name) or "", old.get(name), vocabulary, kept, str(item["number"]), name)
        measures.append(item)
    report = dict(document.get("report") or {})
    if stored.round:
        for name in ("title", "introduction"):
            if name in report:
                report[name] = _one(report.get(name) or "", stored.round.get(name), vocabulary, kept, None, name)
    return {**document, "report": report, "measures": measures}, kept


def _one(seen: str, old: str | None, vocabulary: Vocabulary, kept: list[KeptText], number: str | None,
         name: str) -> str:
    result = reconcile_text(seen, old, vocabulary)
    if result.worse and old is not None:
        kept.append(KeptText(number, name, seen, old, result.whole, result.kept_words))
    return result.text
