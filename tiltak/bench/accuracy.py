"""How right the importer is: word and title accuracy against a gold transcription, and orthography restoration
measured on Norwegian text it was not tuned on (Django's own bokmål translations with æ, ø, å stripped).

Used by the tests (with floors) and by the benchmark (``tiltak bench``) for the figures.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

WORD_RE = re.compile(r"\w+")
NORWEGIAN = re.compile(r"[æøåÆØÅ]")


@dataclass
class WordScore:
    words: int = 0
    right: int = 0
    norwegian_words: int = 0  # gold words holding æ, ø or å
    norwegian_right: int = 0

    def add(self, other: WordScore) -> None:
        self.words += other.words
        self.right += other.right
        self.norwegian_words += other.norwegian_words
        self.norwegian_right += other.norwegian_right

    @property
    def accuracy(self) -> float:
        return self.right / self.words if self.words else 1.0

    @property
    def norwegian_accuracy(self) -> float:
        return self.norwegian_right / self.norwegian_words if self.norwegian_words else 1.0


def score_words(predicted: str, gold: str) -> WordScore:
    """Gold words found, in order and spelled exactly, in the predicted text."""
    p, g = WORD_RE.findall(predicted), WORD_RE.findall(gold)
    score = WordScore(words=len(g), norwegian_words=sum(1 for w in g if NORWEGIAN.search(w)))
    for block in difflib.SequenceMatcher(None, p, g, autojunk=False).get_matching_blocks():
        for w in g[block.b : block.b + block.size]:
            score.right += 1
            if NORWEGIAN.search(w):
                score.norwegian_right += 1
    return score


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def compare_reports(parsed: dict, gold: dict) -> dict:
    """Figures for a parsed report JSON against the gold one."""
    gold_measures = {m["number"]: m for m in gold["measures"]}
    ours = {m["number"]: m for m in parsed["measures"]}
    words = WordScore()
    title_chars = title_same = 0.0
    wrong: dict[str, list[str]] = {"responsible": [], "status": [], "status_overview": [], "missing": []}
    for number, g in gold_measures.items():
        m = ours.get(number)
        if m is None:
            wrong["missing"].append(number)
            continue
        for key in ("responsible", "status", "status_overview"):
            if m.get(key) != g.get(key):
                wrong[key].append(number)
        n = len(g["title"]) + len(m["title"])
        title_chars += n
        title_same += similarity(m["title"], g["title"]) * n
        for key in ("title", "plan_text", "status_text"):
            words.add(score_words(m.get(key, ""), g.get(key, "")))
    return {
        "measures": len(ours),
        "title_similarity": title_same / title_chars if title_chars else 1.0,
        "word_accuracy": words.accuracy,
        "norwegian_word_accuracy": words.norwegian_accuracy,
        "words": words.words,
        "wrong": wrong,
    }


# -- Django's bokmål translations ------------------------------------------------------------------------------

LOST = str.maketrans({"å": "a", "ø": "o", "æ": "ae", "Å": "A", "Ø": "O", "Æ": "Ae"})
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;")


def po_messages(path: Path) -> list[str]:
    """The translated strings (msgstr) of a .po file, placeholders and markup taken out."""
    out: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.split('"', 1)[1].rsplit('"', 1)[0]] if '"' in line else []
            out.append("")
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            if current is not None and out:
                out[-1] = "".join(current)
            current = None
    if current is not None and out:
        out[-1] = "".join(current)
    texts = [PLACEHOLDER.sub(" ", m.replace("\\n", " ").replace('\\"', '"')) for m in out]
    return [t for t in texts if t.strip()]


def django_po_files() -> list[Path]:
    import django  # only to find its files; the core does not otherwise touch Django

    root = Path(django.__file__).parent
    return sorted(root.glob("**/locale/nb/LC_MESSAGES/django.po"))


def strip_norwegian_letters(text: str) -> str:
    return text.translate(LOST)


def po_restoration_accuracy(files: list[Path] | None = None, restorer=None) -> dict:
    """Strip æ/ø/å from Django's nb translations, restore them, count the words restored right."""
    from tiltak.importer.orthography import Restorer

    files = files if files is not None else django_po_files()
    messages = [m for f in files for m in po_messages(f)]
    gold = "\n".join(messages)
    damaged = strip_norwegian_letters(gold)
    restorer = restorer or Restorer()
    restorer.learn(damaged)
    restored = "\n".join(restorer.restore_text(line)[0] for line in damaged.split("\n"))
    score = WordScore()
    for r_line, g_line in zip(restored.split("\n"), gold.split("\n"), strict=True):
        score.add(score_words(r_line, g_line))
    changed = sum(1 for a, b in zip(WORD_RE.findall(damaged), WORD_RE.findall(gold), strict=False) if a != b)
    return {
        "files": len(files),
        "words": score.words,
        "word_accuracy": score.accuracy,
        "norwegian_words": score.norwegian_words,
        "norwegian_word_accuracy": score.norwegian_accuracy,
        "baseline_word_accuracy": 1 - changed / score.words if score.words else 1.0,
    }
