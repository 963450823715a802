"""Reference data the parser needs, read from the JSON files of ``tiltak/plans/data`` (no database)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "plans" / "data"


@dataclass(frozen=True)
class Scale:
    slug: str
    grades: tuple[str, ...]  # grade names, in order, as the scale spells them
    labels: dict[str, str]  # every label (bokmål, nynorsk, English) → the label to write (as the document has it)

    grade_of: dict[str, str] = field(default_factory=dict)  # every label → the name of its grade


@cache
def ministry_abbreviations() -> frozenset[str]:
    """Every abbreviation the register knows (its own and the other common ones)."""
    return frozenset(a for row in ministry_register().rows for a in row.abbreviations)


@cache
def scales() -> tuple[Scale, ...]:
    rows = json.loads((DATA_DIR / "scales.json").read_text(encoding="utf-8"))
    out = []
    for row in rows:
        labels: dict[str, str] = {}
        grade_of: dict[str, str] = {}
        for grade in row["grades"]:
            for label in (grade["name"], grade["name_en"], *(x for pair in grade.get("labels", []) for x in pair)):
                grade_of.setdefault(label, grade["name"])
            labels[grade["name"]] = grade["name"]
            labels[grade["name_en"]] = grade["name"]
            for nb, en in grade.get("labels", []):
                labels[nb] = nb
                labels.setdefault(en, nb)  # an English label reads as the first (bokmål) label it translates
        out.append(Scale(row["slug"], tuple(g["name"] for g in row["grades"]), labels, grade_of))
    return tuple(out)


def scale_by_slug(slug: str) -> Scale | None:
    return next((s for s in scales() if s.slug == slug), None)


@dataclass(frozen=True)
class MinistryRow:
    """One name period of a ministry, as ``ministries.json`` has it."""

    abbreviation: str
    name: str
    name_en: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor: tuple[str, str | None] | None
    abbreviations: tuple[str, ...]  # its own first, then the other common ones
    names: tuple[str, ...]  # the full name first, then the English and the informal ones

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def key(self) -> tuple[str, str | None]:
        return self.abbreviation, self.valid_from.isoformat() if self.valid_from else None


class MinistryRegister:
    """Every ministry since 2000 by any of its names and abbreviations, resolved to the one of a given day."""

    def __init__(self, rows: list[MinistryRow]):
        self.rows = rows
        self._by_key = {row.key: row for row in rows}
        self._by_token: dict[str, list[MinistryRow]] = {}
        for row in rows:
            for token in row.abbreviations:
                self._by_token.setdefault(token, []).append(row)
            for name in row.names:
                self._by_token.setdefault(_name_key(name), []).append(row)
                self._by_token.setdefault(_squashed(name), []).append(row)
        names = sorted({name for row in rows for name in row.names}, key=len, reverse=True)
        self.name_re = re.compile(
            r"(?<![\w-])(" + "|".join(_name_pattern(n) for n in names) + r")(?![\w-])", re.IGNORECASE
        )

    def on(self, row: MinistryRow, day: datetime.date) -> MinistryRow:
        """The row that followed ``row`` by ``day`` (renamings, merges, the main part of a split)."""
        seen = set()
        while row.valid_to and row.valid_to < day and row.successor and row.key not in seen:
            seen.add(row.key)
            row = self._by_key.get(row.successor, row)
        return row

    def resolve(self, token: str, on: datetime.date | None = None) -> MinistryRow | None:
        """The ministry an abbreviation or name stands for on ``on``: one valid that day, else the latest one that
        went by it, moved forward past renamings to that day; without a day, the latest that went by it."""
        rows = self._by_token.get(token) or self._by_token.get(_name_key(token)) or self._by_token.get(_squashed(token))
        if not rows:
            return None
        if on is not None:
            valid = [row for row in rows if row.valid_on(on)]
            if valid:
                return valid[0]
            earlier = [row for row in rows if row.valid_from is None or row.valid_from <= on]
            if earlier:
                return self.on(earlier[-1], on)
            return rows[0]
        return max(rows, key=lambda row: row.valid_from or datetime.date.min)

    def rows_for(self, token: str) -> list[MinistryRow]:
        """Every row that went by ``token`` (an abbreviation or a name), at any time."""
        return (self._by_token.get(token) or self._by_token.get(_name_key(token))
                or self._by_token.get(_squashed(token)) or [])

    def valid_on(self, day: datetime.date | None) -> list[MinistryRow]:
        day = day or datetime.date.today()
        return [row for row in self.rows if row.valid_on(day)]


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).casefold()


def _squashed(name: str) -> str:
    """A name without its spaces, for names a narrow cell broke inside a word."""
    return "~" + re.sub(r"\s+", "", name).casefold()


def _name_pattern(name: str) -> str:
    """A name as a pattern: any run of spaces (a line break among them) where it has one, and a space that a narrow
    table cell put inside the long last word («Justis- og beredskapsdepartemen tet»)."""
    *head, last = name.split()
    tail = re.escape(last[:4]) + "".join(r"\s?" + re.escape(ch) for ch in last[4:])
    return r"\s+".join([*(re.escape(part) for part in head), tail])


@cache
def ministry_register() -> MinistryRegister:
    rows = json.loads((DATA_DIR / "ministries.json").read_text(encoding="utf-8"))
    out = []
    for row in rows:
        out.append(MinistryRow(
            abbreviation=row["abbreviation"],
            name=row["name"],
            name_en=row["name_en"],
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
            successor=tuple(row["successor"]) if row["successor"] else None,
            abbreviations=(row["abbreviation"], *row.get("other_abbreviations", [])),
            names=(row["name"], row["name_en"], *row.get("other_names", [])),
        ))
    return MinistryRegister(out)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


_MINISTRY_TOKEN = re.compile(r"^[A-ZÆØÅ\]\[|]{1,5}$")


def normalise_ministry(token: str, on: datetime.date | None = None) -> str | None:
    """A ministry's abbreviation as the register knows it on ``on``, from an abbreviation, an OCR'd one
    (``]D`` → ``JD``) or a name; None when it is none."""
    register = ministry_register()
    tok = token.strip().strip(",.;:|()").replace(" ", "")
    if not tok:
        return None
    candidates = [tok]
    fixed = re.sub(r"J+", "J", re.sub(r"[\]\[|]", "J", tok))
    candidates += [fixed, "J" + fixed]  # the J lost altogether: «(D)»
    for candidate in candidates:
        if candidate.isupper() and (row := register.resolve(candidate, on)) is not None:
            return row.abbreviation
    row = register.resolve(token.strip().strip(",.;:|()"), on)
    return row.abbreviation if row else None


def looks_like_ministry(token: str) -> bool:
    tok = token.strip().strip(",.;:|()")
    return bool(_MINISTRY_TOKEN.match(tok))
