"""The Norwegian bokmål lexicon behind orthography restoration.

Built from wordfreq's large ``nb`` list (word forms with corpus frequencies, offline, from PyPI). Besides the
frequencies it keeps an index from each word's *skeleton* — the word with æ, ø, å (and ü, é) written as the OCR of a
document that lost them writes them — to the real words, so that ``ogsa`` finds ``også`` in one lookup.

Debian's full-form dictionaries (package wnorwegian) add what a frequency list cannot say: whether a form is a word
of the language at all (:meth:`Lexicon.is_form`), so that a rare but correct form is never «restored» into another.

The built lexicon is cached as a pickle in ``$XDG_CACHE_HOME/tiltak`` (or ``TILTAK_LEXICON_CACHE``) so that loading it
costs a fraction of building it.
"""

from __future__ import annotations

import math
import os
import pickle
from array import array
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tiltak.lib.env import env_file

LANG = "nb"
WORDLIST = "large"

# How a word looks once its Norwegian letters are lost: å → a, ø → o, æ → ae, ü → u, é → e.
STRIP = str.maketrans({"å": "a", "ø": "o", "æ": "ae", "ü": "u", "é": "e", "è": "e"})
NORWEGIAN_LETTERS = frozenset("æøåüé")


def strip_letters(word: str) -> str:
    """The word as an OCR that loses æ, ø and å writes it (lower case)."""
    return word.lower().translate(STRIP)


@dataclass
class Lexicon:
    """Word forms with Zipf frequencies, and the skeleton index."""

    zipf: dict[str, float]
    restorations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language: str = "nb"  # whose full forms :meth:`is_form` knows (Debian's word list of that language)

    @classmethod
    def from_frequencies(cls, frequencies: dict[str, float]) -> Lexicon:
        zipf: dict[str, float] = {}
        index: dict[str, list[str]] = {}
        for word, freq in frequencies.items():
            if not word.isalpha() and "-" not in word:
                continue
            z = round(math.log10(freq) + 9, 2)
            zipf[word] = z
            if not NORWEGIAN_LETTERS.isdisjoint(word):
                index.setdefault(strip_letters(word), []).append(word)
        return cls(zipf=zipf, restorations={k: tuple(v) for k, v in index.items()})

    def frequency(self, word: str) -> float:
        """Zipf frequency of a lower-case word form, 0.0 if unknown."""
        return self.zipf.get(word, 0.0)

    def __contains__(self, word: str) -> bool:
        return word in self.zipf

    def words_with_skeleton(self, skeleton: str) -> tuple[str, ...]:
        """Real words that lost their Norwegian letters look like ``skeleton``."""
        return self.restorations.get(skeleton, ())

    def is_form(self, word: str) -> bool:
        """Whether a lower-case word is a form the dictionary of the lexicon's language writes (every inflection,
        however rare in wordfreq's texts: bokmål «forebyggingen», nynorsk «førebygginga»). Loaded on first use."""
        return word in full_forms(self.language)


def _cache_path() -> Path:
    explicit = env_file("TILTAK_LEXICON_CACHE")
    if explicit:
        return explicit
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    import wordfreq

    version = getattr(wordfreq, "__version__", "3")
    return base / "tiltak" / f"lexicon-{LANG}-{WORDLIST}-{version}.pickle"


def build_lexicon() -> Lexicon:
    from wordfreq import get_frequency_dict

    return Lexicon.from_frequencies(get_frequency_dict(LANG, WORDLIST))


@cache
def load_lexicon() -> Lexicon:
    """The lexicon, from the pickle cache when there is one, else built from wordfreq and cached."""
    try:
        path = _cache_path()
    except ImportError:  # pragma: no cover - wordfreq is a hard dependency
        raise
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - our own cache file
        return Lexicon(zipf=data["zipf"], restorations=data["restorations"])
    except (OSError, EOFError, KeyError, pickle.UnpicklingError, TypeError):
        pass
    lexicon = build_lexicon()
    _store(lexicon, path)
    return lexicon


# Debian's word lists (package wnorwegian): every inflected form of the Norwegian Academy's dictionaries, Latin-1.
NYNORSK_LIST = Path("/usr/share/dict/nynorsk")
BOKMAL_LIST = Path("/usr/share/dict/bokmaal")
NYNORSK_ZIPF = 2.5  # a nynorsk form wordfreq's bokmål list lacks counts as a word of this frequency
BOKMAL_ONLY_PENALTY = 3.0  # Zipf points a form only bokmål writes loses in a nynorsk document
NYNORSK_BONUS = 1.0  # and a form nynorsk writes gains


FORM_LISTS = {"nb": BOKMAL_LIST, "nn": NYNORSK_LIST}


class SortedWords:
    """A word list as one sorted UTF-8 blob and the offsets of its words: loads in milliseconds where a set of
    900,000 strings takes half a second, and answers ``in`` by binary search."""

    def __init__(self, blob: bytes = b"", offsets: array | None = None):
        self.blob = blob
        self.offsets = offsets if offsets is not None else array("I", [0])

    @classmethod
    def of(cls, words: set[str]) -> SortedWords:
        encoded = sorted(w.encode("utf-8") for w in words)
        offsets = array("I", [0])
        for word in encoded:
            offsets.append(offsets[-1] + len(word))
        return cls(b"".join(encoded), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __contains__(self, word: str) -> bool:
        key = word.encode("utf-8")
        blob, offsets = self.blob, self.offsets
        lo, hi = 0, len(offsets) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            here = blob[offsets[mid]:offsets[mid + 1]]
            if here < key:
                lo = mid + 1
            elif here > key:
                hi = mid
            else:
                return True
        return False


@cache
def full_forms(language: str) -> SortedWords:
    """Every form of the language's dictionary (Debian's wnorwegian), cached as a pickle beside the lexicon; empty
    without the word lists (the restorer then goes by frequencies alone)."""
    source = FORM_LISTS.get(language)
    if source is None or not source.exists():
        return SortedWords()
    path = _cache_path()
    path = path.with_name(f"forms-{language}-{int(source.stat().st_mtime)}-sorted.pickle")
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - our own cache file
        return SortedWords(data["blob"], data["offsets"])
    except (OSError, EOFError, KeyError, pickle.UnpicklingError, TypeError):
        pass
    forms = SortedWords.of({w for w in _word_list(source) if w.isalpha() or "-" in w})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"blob": forms.blob, "offsets": forms.offsets}, fh, protocol=5)
        tmp.replace(path)
    except OSError:
        pass
    return forms


def _word_list(path: Path) -> set[str]:
    return {w.strip().lower() for w in path.read_bytes().decode("latin-1").split("\n") if w.strip()}


@cache
def load_lexicon_for(language: str) -> Lexicon:
    """The lexicon for a document's language. For nynorsk («nn»): the bokmål frequencies with the nynorsk forms
    put in and preferred, so that restoring lost letters gives «frå», «førebuing», never the bokmål «fra», and a
    nynorsk word is never read as a bokmål one. Without Debian's word lists (wnorwegian), the bokmål lexicon."""
    base = load_lexicon()
    if language != "nn" or not NYNORSK_LIST.exists() or not BOKMAL_LIST.exists():
        return base
    path = _cache_path()
    path = path.with_name(path.stem + f"-nn-{int(NYNORSK_LIST.stat().st_mtime)}.pickle")
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - our own cache file
        return Lexicon(zipf=data["zipf"], restorations=data["restorations"], language="nn")
    except (OSError, EOFError, KeyError, pickle.UnpicklingError, TypeError):
        pass
    lexicon = _nynorsk_lexicon(base)
    _store(lexicon, path)
    return lexicon


def _store(lexicon: Lexicon, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"zipf": lexicon.zipf, "restorations": lexicon.restorations}, fh, protocol=5)
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written costs time, nothing else


def _nynorsk_lexicon(base: Lexicon) -> Lexicon:
    nynorsk, bokmal = _word_list(NYNORSK_LIST), _word_list(BOKMAL_LIST)
    zipf = dict(base.zipf)
    for word in nynorsk:
        if word.isalpha() or "-" in word:
            zipf[word] = zipf[word] + NYNORSK_BONUS if word in zipf else NYNORSK_ZIPF
    for word in bokmal - nynorsk:
        if word in zipf:
            zipf[word] -= BOKMAL_ONLY_PENALTY
    index: dict[str, list[str]] = {}
    for word in zipf:
        if not NORWEGIAN_LETTERS.isdisjoint(word):
            index.setdefault(strip_letters(word), []).append(word)
    return Lexicon(zipf=zipf, restorations={k: tuple(v) for k, v in index.items()}, language="nn")
