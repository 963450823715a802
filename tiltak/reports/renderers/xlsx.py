"""XLSX with openpyxl: a sheet per round (the report's round opens first) and one with all rounds; header row
frozen with a filter, status cells filled in the grade's colour with the grade's name as text.
"""

import io
import re
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tiltak.reports.data import ReportData
from tiltak.reports.labels import labels
from tiltak.reports.renderers.common import text_colour_on
from tiltak.reports.renderers.tabular import GRADE_COLUMN, header, rows_for_round

WIDTHS = [10, 11, 6, 50, 10, 16, 24, 24, 80, 40, 60]
HEADER_FILL = PatternFill("solid", fgColor="E8EAED")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)


def _sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def _fill_sheet(sheet, head: list[str], rows) -> None:
    """Rows are streamed (openpyxl's write-only mode): time linear in the rows, memory bounded by the styles."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for value in head:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for values, entry in rows:
        grade = entry.grade if entry else None
        fill = font = None
        if grade is not None:
            fill, font = _grade_style(grade.colour)
        cells = []
        for column, value in enumerate(values, start=1):
            cell = WriteOnlyCell(sheet, value=value)
            # Text that starts with «=» is text here, never a formula.
            cell.data_type = "s"
            cell.alignment = WRAP if column in (4, 9, 10, 11) else TOP
            if fill is not None and column - 1 in (GRADE_COLUMN, GRADE_COLUMN + 1):
                cell.fill = fill
                cell.font = font
            cells.append(cell)
        sheet.append(cells)


@lru_cache(maxsize=64)
def _grade_style(colour: str) -> tuple[PatternFill, Font]:
    return (PatternFill("solid", fgColor=colour.lstrip("#").upper()),
            Font(color=text_colour_on(colour).lstrip("#").upper()))


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    words = labels(lang)
    head = header(words)
    workbook = Workbook(write_only=True)
    everything = []
    for index, the_round in enumerate(report.rounds):
        rows = rows_for_round(report, index, words)
        everything += rows
        _fill_sheet(workbook.create_sheet(_sheet_title(the_round.slug)), head, rows)
    _fill_sheet(workbook.create_sheet(_sheet_title(words.all_rounds)), head, everything)
    if report.corrections:
        # A write-only workbook: the sheet takes whole rows of cells, styled before they are appended.
        sheet = workbook.create_sheet(_sheet_title(words.corrections))
        sheet.column_dimensions["A"].width = 100
        heading = WriteOnlyCell(sheet, value=words.corrections)
        heading.font = Font(bold=True)
        sheet.append([heading])
        for note in report.corrections:
            cell = WriteOnlyCell(sheet, value=words.correction(note))
            cell.data_type = "s"
            sheet.append([cell])
    workbook.active = len(report.rounds) - 1
    workbook.properties.title = f"{words.title(report)} – {words.round_label(report)}"
    workbook.properties.language = words.locale
    workbook.properties.creator = "tiltak"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
