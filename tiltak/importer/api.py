"""The importer's entry point for commands and views: a file (or its bytes) into a :class:`ParsedReport`."""

from __future__ import annotations

import re
from pathlib import Path

from .document import MalformedReport, ParsedReport
from .readers import DEFAULT_MAX_BYTES, Source, UnreadableDocument, read_bytes, read_path
from .refdata import scale_by_slug, scales
from .structure import NoMeasures, parse_text


class ImportFailure(ValueError):
    """The document cannot be parsed; the message is one line that says what and where."""


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
        return parse_text(
            source.text,
            scale=scale,
            restore=needs_restoration(source.text),
            exact_paragraphs=source.exact_paragraphs,
            title_hint=source.title,
        )
    except NoMeasures as exc:
        raise ImportFailure(f"{name}: {exc}") from None


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
