"""The importer's entry point for commands and views: a file (or its bytes) into a :class:`ParsedReport`."""

from __future__ import annotations

import re
from pathlib import Path

from tiltak.lib import values
from tiltak.lib.text import length

from .document import MalformedReport, ParsedReport
from .readers import DEFAULT_MAX_BYTES, Source, UnreadableDocument, read_bytes, read_path
from .refdata import scale_by_slug, scales
from .structure import NoMeasures, parse_text


class ImportFailure(ValueError):
    """The document cannot be parsed; the message is one line that says what and where."""


class TooLong(ImportFailure):
    """A text of the document is over its limit (tiltak.lib.values): which measure (None for the report's own
    texts), which part (``title``, ``plan_text``, ``status_text``, …), its length and the limit, for a message in
    the person's language."""

    def __init__(self, message: str, *, measure: str | None, part: str, size: int, limit: int):
        super().__init__(message)
        self.measure, self.part, self.size, self.limit = measure, part, size, limit

    def as_dict(self) -> dict:
        return {"measure": self.measure, "part": self.part, "size": self.size, "limit": self.limit}


def needs_restoration(text: str) -> bool:
    """Whether a text lost its Norwegian letters: bokmål has some 2 % æ/ø/å among its letters; OCR'd text none."""
    letters = sum(1 for ch in text if ch.isalpha())
    norwegian = len(re.findall(r"[æøåÆØÅ]", text))
    return letters > 0 and norwegian / letters < 0.004


def parse_source(source: Source, *, name: str, scale: str | None = None) -> ParsedReport:
    if scale is not None and scale_by_slug(scale) is None:
        known = ", ".join(s.slug for s in scales())
        raise ImportFailure(f"unknown scale {scale!r} (known: {known})")
    if source.kind == "json":
        try:
            report = ParsedReport.from_json(source.report or {})
        except MalformedReport as exc:
            raise ImportFailure(f"{name}: {exc}") from None
        if not report.measures:
            raise ImportFailure(f"{name}: the report holds no measures")
        return report
    try:
        report = parse_text(
            source.text,
            scale=scale,
            restore=source.kind != "html" and needs_restoration(source.text),  # a web page is never OCR'd
            exact_paragraphs=source.exact_paragraphs,
            title_hint=source.title,
        )
    except NoMeasures as exc:
        raise ImportFailure(f"{name}: {exc}") from None
    check_limits(report, name=name)
    return report


# What a parsed document may hold, measured as the report format measures it (tiltak.lib.values): the first value
# over its limit refuses the document in one line that names the measure, the part and its length.
_REPORT_LIMITS = (("plan_title", "the plan's title", values.PLAN_TITLE),
                  ("title", "the report's title", values.ROUND_TITLE),
                  ("introduction", "the introduction", values.LONG_TEXT))
_MEASURE_LIMITS = (("number", "the number", values.MEASURE_NUMBER),
                   ("title", "the title", values.MEASURE_TITLE),
                   ("plan_text", "the plan text", values.LONG_TEXT),
                   ("status_text", "the narrative", values.LONG_TEXT))


def check_limits(report: ParsedReport, *, name: str) -> None:
    """:class:`TooLong` for the first text of ``report`` over its limit, said in one line («rapport.txt: tiltak 1:
    the narrative is 25 900 characters long; at most 20 000 are allowed»)."""
    texts = [(None, report, part) for part in _REPORT_LIMITS]
    texts += [(m.number, m, part) for m in report.measures for part in _MEASURE_LIMITS]
    for number, holder, (attribute, what, limit) in texts:
        text = getattr(holder, attribute) or ""
        problem = values.too_long(text, limit)
        if problem:
            where = f"tiltak {number[:values.MEASURE_NUMBER]}: " if number is not None else ""
            raise TooLong(f"{name}: {where}{what} {problem}", measure=number, part=attribute,
                          size=length(text), limit=limit)


def parse_file(path: str | Path, *, scale: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedReport:
    """Parse a status report file (text, DOCX, PDF or report JSON); :class:`ImportFailure` on bad input."""
    try:
        source = read_path(path, max_bytes=max_bytes)
    except UnreadableDocument as exc:
        raise ImportFailure(str(exc)) from None
    return parse_source(source, name=str(path), scale=scale)


def parse_bytes(
    data: bytes, *, name: str = "document", scale: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedReport:
    try:
        source = read_bytes(data, name=name, max_bytes=max_bytes)
    except UnreadableDocument as exc:
        raise ImportFailure(str(exc)) from None
    return parse_source(source, name=name, scale=scale)
