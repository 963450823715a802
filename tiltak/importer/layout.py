"""What a document is as a whole, apart from its measures: its date, its language, its table of contents, and
whether it is a status report or a plan's list of measures; and the notes on what could not be read for certain."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from tiltak.lib.language import MONTHS_NB

from .document import ParsedMeasure, ParsedReport, ParseWarning
from .refdata import Scale
from .tables import Table

MONTHS = MONTHS_NB
# «per mars 2015», «pr. 1. juni 2019»
AS_OF_RE = re.compile(r"\b(?:pr\.?|per)\s+(?:\d{1,2}\.\s*)?(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)\b",
                      re.IGNORECASE)
PERIOD_RE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
# «Tiltak 1 Title (JD) ......... 5», «1.2 Title … 7», «Tiltak 3: Title<TAB>12»
CONTENTS_RE = re.compile(r"^\s*(\S.*?\S)\s*(?:(?:\.\s?){3,}|…+|_{3,}|\t+|\s{3,})\s*\d{1,3}\s*$")
NYNORSK = frozenset({
    "ikkje", "eit", "frå", "korleis", "kva", "dei", "vere", "vore", "berre", "noko", "mykje", "fleire", "heile",
    "kvar", "sjølv", "difor", "òg", "vart", "førebuing", "tiltaka", "departementa", "ho", "medan", "kommunane",
    "utgreiing", "byrja", "saman", "ein", "vidare", "nokre", "fekk", "eigen",
})
BOKMAL = frozenset({
    "ikke", "et", "fra", "hvordan", "hva", "de", "være", "vært", "bare", "noe", "mye", "flere", "hele", "hver",
    "selv", "derfor", "ble", "forberedelse", "tiltakene", "departementene", "hun", "mens", "kommunene",
    "utredning", "igangsatt", "sammen", "en", "videre", "noen", "forskjellige", "fikk", "egen",
})


def document_date(text: str) -> datetime.date | None:
    """The day the document speaks of, for its ministries' names: the month of «Status per mars 2015», else the
    first day of its period («2011–2014»), else None."""
    head = "\n".join(text.split("\n")[:120])
    am = AS_OF_RE.search(head)
    if am:
        return datetime.date(int(am.group(2)), MONTHS.index(am.group(1).lower()) + 1, 1)
    pm = PERIOD_RE.search(head)
    if pm:
        return datetime.date(int(pm.group(1)), 1, 1)
    return None


def take_contents(lines: list[str]) -> tuple[list[str], list[str], int]:
    """The lines without a table of contents, its entries (leaders and page numbers taken off), and where it
    stood. Two entries in a row at the least make a table of contents."""
    entries: list[tuple[int, str]] = [(i, m.group(1)) for i, x in enumerate(lines) if (m := CONTENTS_RE.match(x))
                                      and re.match(r"\s*(?:tiltak\s+)?\d", m.group(1), re.IGNORECASE)]
    if len(entries) < 2:
        return lines, [], -1
    out = list(lines)
    for i, _ in entries:
        out[i] = ""
    contents: list[str] = []
    for _, entry in entries:
        contents.extend([entry, ""])
    return out, contents, entries[0][0]


def language_of(text: str) -> str:
    """«nn» for nynorsk, «nb» for bokmål, by the words only one of them writes. One nynorsk word alone does not make
    a text nynorsk: in a short bokmål excerpt an OCR'd «være» reads «vere», and a bokmål text read as nynorsk would
    have its bokmål forms «restored» into nynorsk ones."""
    words = re.findall(r"[a-zæøåòôé]+", text.casefold())
    nn = sum(1 for w in words if w in NYNORSK)
    nb = sum(1 for w in words if w in BOKMAL)
    return "nn" if nn > nb and nn >= 2 else "nb"


def measures_of_table(table: Table, restore: Callable[[str], str], report: ParsedReport) -> list[ParsedMeasure]:
    """The measures of a document that is its table: number, title, ministries (statuses are matched later)."""
    measures = []
    for row in table.rows:
        measures.append(ParsedMeasure(number=row.number, title=restore(row.title), responsible=list(row.responsible)))
        for tok in row.unknown_ministries:
            report.warnings.append(ParseWarning(row.number, "unknown_ministry",
                                                f"Ukjent departement «{tok}» i tabellen."))
    if "number" not in table.roles:
        report.uncertain.append(ParseWarning(None, "numbers_counted",
                                             "Tabellen har ingen nummerkolonne; tiltakene er nummerert i rekkefølge."))
    return measures


def others_note(number: str) -> ParseWarning:
    return ParseWarning(number, "ministries_others",
                        "Ansvaret deles med flere departementer enn dem som er nevnt («m.fl.»); "
                        "bare de nevnte er tatt med.")


def scale_note(scale: Scale | None) -> ParseWarning:
    name = f"{' / '.join(scale.grades)} ({scale.slug})" if scale else "ingen"
    return ParseWarning(None, "scale_proposed",
                        f"Dokumentet har ingen tegnforklaring; foreslått statusskala: {name}. Er den feil, velg "
                        f"skalaen ved opplastingen (tiltak import --scale).")


def as_list_of_measures(report: ParsedReport) -> None:
    """A document with measures and no status at all is a plan's list of measures: a plan without a round."""
    report.as_of = None
    report.label = ""
    report.kind = "plan"
    if not report.plan_title and report.title:
        report.plan_title = report.title
    if report.title == report.plan_title:
        report.title = ""
