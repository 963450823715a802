"""Responsible ministries as documents write them: abbreviations («BLD, JD»), OCR'd ones («]D»), full and
informal names («Justis- og beredskapsdepartementet», «Justisdepartementet»), English names, and the words
around them («m.fl.», «alle departementer», «i samarbeid med»), resolved to the ministries of the document's date.
"""

from __future__ import annotations

import contextvars
import datetime
import re
from dataclasses import dataclass, field

from .refdata import ministry_register, normalise_ministry

OTHERS_RE = re.compile(r"\b(?:m\.\s?fl\.?|mfl\.?|med\s+fleire|med\s+flere|and\s+others|et\s+al\.?)", re.IGNORECASE)
ALL_RE = re.compile(r"\balle\s+(?:departement(?:ene|er|a)?|dep\.)|\ball\s+ministries\b"
                    # «Alle» alone in a list of ministries («Alle», «JD/Alle»), as a responsible column writes it
                    r"|(?:^|[/,]\s*)alle\s*(?=$|[/,])", re.IGNORECASE)
# Words that may stand between ministries without being one.
CONNECTORS = {
    "og", "and", "&", "+", "i", "samarbeid", "med", "sammen", "saman", "in", "cooperation", "with", "ansvarlig",
    "ansvarleg", "hovedansvar", "hovudansvar", "medansvar", "koordinerende", "koordinerande", "lead", "mfl",
    "m", "fl", "flere", "fleire", "er", "ansvar", "for", "departement", "departementet", "dep", "alle",
    "departementene", "departementa", "departementer",
}
# The names a parse read as the ministry that had taken over by the document's date («AD» in 2016 → ASD), for
# its notes: (what the document wrote, the abbreviation read, the name read).
RENAMED: contextvars.ContextVar[list[tuple[str, str, str]] | None] = contextvars.ContextVar("renamed", default=None)
TOKEN_RE = re.compile(r"[\w\]\[|æøåÆØÅ.&+-]+")


@dataclass
class MinistryReading:
    """What a text says about who is responsible."""

    known: list[str] = field(default_factory=list)  # abbreviations, the lead first, no repeats
    unknown: list[str] = field(default_factory=list)  # tokens that look like abbreviations the register lacks
    others: bool = False  # «m.fl.»: more ministries than those named
    everyone: bool = False  # «alle departementer»
    words: list[str] = field(default_factory=list)  # other words found (a title's, not a ministry list's)

    @property
    def is_list(self) -> bool:
        """Whether the text is a list of ministries and nothing else."""
        return bool(self.known or self.everyone) and not self.words


def read_ministries(text: str, on: datetime.date | None = None) -> MinistryReading:
    """The ministries ``text`` names, in order; full names are found first, then abbreviations."""
    reading = MinistryReading()
    register = ministry_register()
    text = re.sub(r"(\w)-\s*\n\s*(?=og\b|\w)", lambda m: m.group(1) + "- ", text)  # «Justis-\nog …»
    text = text.strip().strip("()")
    if ALL_RE.search(text):
        reading.everyone = True
        text = ALL_RE.sub(" ", text)
    if OTHERS_RE.search(text):
        reading.others = True
        text = OTHERS_RE.sub(" ", text)
    pieces: list[tuple[int, str]] = []
    for m in register.name_re.finditer(text):
        pieces.append((m.start(), ("name", m.group(1))))
    rest = register.name_re.sub(lambda m: " " * len(m.group(0)), text)
    for m in TOKEN_RE.finditer(rest):
        pieces.append((m.start(), ("token", m.group(0))))
    for _, (kind, value) in sorted(pieces):
        if kind == "name":
            row = register.resolve(value, on)
            abbr = row.abbreviation if row else None
            _note_renamed(value, row, on)
        else:
            tok = value.strip(" |.;:,")
            if not tok or tok.casefold().strip(".") in CONNECTORS:
                continue
            abbr = normalise_ministry(tok, on) if _looks_abbreviated(tok) else None
            if abbr is not None:
                _note_renamed(tok, register.resolve(abbr, on), on)
            if abbr is None:
                if _looks_abbreviated(tok):
                    reading.unknown.append(tok)
                else:
                    reading.words.append(tok)
                continue
        if abbr and abbr not in reading.known:
            reading.known.append(abbr)
    if reading.everyone:
        for row in register.valid_on(on):
            if row.abbreviation not in reading.known and row.abbreviation != "SMK":
                reading.known.append(row.abbreviation)
    return reading


def _note_renamed(written: str, row, on: datetime.date | None) -> None:
    """Remember a name that stood for another ministry by the document's date."""
    seen = RENAMED.get()
    if seen is None or row is None or on is None:
        return
    register = ministry_register()
    known = register.rows_for(written)
    if known and row not in known and (written, row.abbreviation, row.name) not in seen:
        seen.append((written, row.abbreviation, row.name))


def _looks_abbreviated(token: str) -> bool:
    return bool(re.fullmatch(r"[A-ZÆØÅ\]\[|]{1,5}", token))


def parse_ministries(text: str, on: datetime.date | None = None) -> tuple[list[str], list[str]]:
    """Known abbreviations (in order, no repeats) and the tokens that are none; names in full are read too."""
    reading = read_ministries(text, on)
    return reading.known, reading.unknown + reading.words
