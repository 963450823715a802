"""Reference data the parser needs, read from the JSON files of ``tiltak/plans/data`` (no database)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "plans" / "data"


@dataclass(frozen=True)
class Scale:
    slug: str
    grades: tuple[str, ...]  # grade names, in order, as the scale spells them
    labels: dict[str, str]  # every label (bokmål and English) → the label to write (bokmål)

    def label_names(self) -> list[str]:
        return list(dict.fromkeys(self.labels.values()))


@cache
def ministry_abbreviations() -> frozenset[str]:
    rows = json.loads((DATA_DIR / "ministries.json").read_text(encoding="utf-8"))
    return frozenset(row["abbreviation"] for row in rows)


@cache
def scales() -> tuple[Scale, ...]:
    rows = json.loads((DATA_DIR / "scales.json").read_text(encoding="utf-8"))
    out = []
    for row in rows:
        labels: dict[str, str] = {}
        for grade in row["grades"]:
            labels[grade["name"]] = grade["name"]
            labels[grade["name_en"]] = grade["name"]
            for nb, en in grade.get("labels", []):
                labels[nb] = nb
                labels[en] = nb
        out.append(Scale(row["slug"], tuple(g["name"] for g in row["grades"]), labels))
    return tuple(out)


def scale_by_slug(slug: str) -> Scale | None:
    return next((s for s in scales() if s.slug == slug), None)


_MINISTRY_TOKEN = re.compile(r"^[A-ZÆØÅ\]\[|]{1,5}$")


def normalise_ministry(token: str) -> str | None:
    """A ministry abbreviation as the register knows it, from an OCR token (``]D`` → ``JD``), or None."""
    known = ministry_abbreviations()
    tok = token.strip().strip(",.;:|()").replace(" ", "")
    if not tok:
        return None
    if tok in known:
        return tok
    fixed = re.sub(r"[\]\[|]", "J", tok)
    fixed = re.sub(r"J+", "J", fixed)
    if fixed in known:
        return fixed
    if "J" + fixed in known:  # the J lost altogether: «(D)»
        return "J" + fixed
    return None


def looks_like_ministry(token: str) -> bool:
    tok = token.strip().strip(",.;:|()")
    return bool(_MINISTRY_TOKEN.match(tok))
