"""CSV: one row per measure and round, oldest round first; UTF-8 with a BOM so Excel reads æøå right."""

import csv
import io

from tiltak.reports.data import ReportData
from tiltak.reports.labels import labels
from tiltak.reports.renderers.tabular import header, rows_for_round

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for CSV)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    words = labels(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(words))
    for index in range(len(report.rounds)):
        for values, _entry in rows_for_round(report, index, words):
            writer.writerow([_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")
