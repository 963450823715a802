"""The status scale: a document's legend in any layout, a status text matched to a scale's label, and the scale
that fits the statuses best where a document has no legend."""

from __future__ import annotations

import difflib
import re

from .orthography import Restorer
from .refdata import Scale, scales
from .text import tidy


def match_label(text: str, scale: Scale | None, restorer: Restorer) -> tuple[str | None, str | None]:
    """(the label as the scale spells it, or None; the nearest label when there is no match)."""
    raw = tidy(text.strip(" |:."))
    if not raw:
        return None, None
    restored = restorer.restore_text(raw)[0]
    candidates = scale.labels if scale else {k: v for s in scales() for k, v in s.labels.items()}
    best, best_ratio = None, 0.0
    key = restored.casefold()
    for label, name in candidates.items():
        ratio = difflib.SequenceMatcher(None, key, label.casefold()).ratio()
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    if best_ratio >= 0.8:
        return best, best
    return None, best


LEGEND_ITEM_RE = re.compile(r"^\s*(?:[-•·▪■●*–]\s+)?(.+?)\s*(?:[:|]\s+.*|\s+[-–]\s+.*)?$")
LEGEND_SPLIT_RE = re.compile(r"\s*(?:\s/\s|\s[-–]\s|[,;|]|\bog\b)\s*")


def _legend_keys(line: str) -> list[str]:
    """What a line of a legend may name: the grade before its meaning («- Gjennomført: tiltaket er ferdig»,
    «Gjennomført | Tiltaket er ferdig»), the line as it stands, or each of the grades a line of grades lists."""
    text = line.strip()
    keys = [text]
    if m := LEGEND_ITEM_RE.match(text):
        keys.append(m.group(1))
    if ":" in text:
        keys.append(text.rsplit(":", 1)[-1].strip())  # «Statusgrader: …» is tried as a line of grades below
    return [k for k in dict.fromkeys(keys) if k]


def find_legend(lines: list[str], restorer: Restorer) -> tuple[int, int, Scale | None, list[str]]:
    """(first line, line after, scale, grade names) of the legend: consecutive lines naming a scale's grades, in
    any layout (a line a grade, a table, a bulleted list with meanings, or all grades on one line). The grades are
    named as the legend writes them (by a grade's name or one of its labels, nynorsk ones too)."""
    best: tuple[int, int, Scale | None, list[str]] = (-1, -1, None, [])
    restored_lines = [(i, restorer.restore_text(x.strip())[0]) for i, x in enumerate(lines) if x.strip()]
    for scale in scales():
        names = _grade_labels(scale)
        run: list[tuple[int, str, str]] = []  # (line, grade, label)
        previous = -2
        for i, restored in restored_lines:
            if i > previous + 3:
                run = []
            previous = i
            one_line = _grades_on_one_line(restored, names)
            if len(one_line) > len(best[3]):
                best = (i, i + 1, scale, one_line)
            grade = next((g for key in _legend_keys(restored) if len(key) <= 60
                          and (g := _close_grade(key, names)) is not None), None)
            if grade and grade[0] not in [g for _, g, _ in run]:
                run.append((i, *grade))
                if len(run) > len(best[3]):
                    best = (run[0][0], i + 1, scale, [label for _, _, label in run])
            else:
                run = []
    if len(best[3]) >= 2:
        return best
    return -1, -1, None, []


def _grade_labels(scale: Scale) -> dict[str, tuple[str, str]]:
    """Every label of the scale (case folded) → (the grade it is of, the label as the scale spells it)."""
    out = {grade.casefold(): (grade, grade) for grade in scale.grades}
    for label, written in scale.labels.items():
        out.setdefault(label.casefold(), (scale.grade_of[label], written))
    return out


def _close_grade(key: str, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    match = difflib.get_close_matches(key.casefold(), list(names), n=1, cutoff=0.85)
    return names[match[0]] if match else None


def _grades_on_one_line(line: str, names: dict[str, tuple[str, str]]) -> list[str]:
    """The grades a line lists all on its own («Gjennomført – Under gjennomføring – Ikkje sett i gang»)."""
    text = line.rsplit(":", 1)[-1] if ":" in line else line
    parts = [p.strip(" .") for p in LEGEND_SPLIT_RE.split(text) if p.strip(" .")]
    if len(parts) < 3:
        return []
    found = [_close_grade(p, names) for p in parts]
    if any(f is None for f in found) or len({g for g, _ in found}) != len(found):
        return []
    return [label for _, label in found]


def guess_scale(raws: list[str], restorer: Restorer) -> Scale | None:
    best, best_hits = None, 0
    for scale in scales():
        hits = sum(1 for raw in raws if raw and match_label(raw, scale, restorer)[0])
        if hits > best_hits:
            best, best_hits = scale, hits
    return best
