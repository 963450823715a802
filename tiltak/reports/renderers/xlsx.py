"""XLSX with openpyxl: a sheet per round (the report's round opens first) and one with all rounds; header row
frozen with a filter, status cells filled in the grade's colour with the grade's name as text.

A plan with a thousand rounds makes 780,000 cells, which openpyxl writes at about 20 µs each. So openpyxl makes
the workbook — every sheet with its settings, header row and filter, the styles, the properties — in write-only
mode, and the data rows, plain text cells in a handful of styles, are written as openpyxl would write them
(tiltak.reports.renderers.sheetrows) into its sheets as the package is copied, streamed row by row: time linear in
the rows and about twenty times less of it, memory bounded by a chunk of rows.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tiltak.reports.data import EntryData, ReportData
from tiltak.reports.labels import labels
from tiltak.reports.renderers.common import text_colour_on
from tiltak.reports.renderers.sheetrows import rows_xml
from tiltak.reports.renderers.tabular import GRADE_COLUMN, header, rows_for_round

WIDTHS = [10, 11, 6, 50, 10, 16, 24, 24, 80, 40, 60]
HEADER_FILL = PatternFill("solid", fgColor="E8EAED")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
WRAPPED_COLUMNS = frozenset({4, 9, 10, 11})  # the measure, the narrative, the links, the plan text (1-based)
GRADED_COLUMNS = frozenset({GRADE_COLUMN + 1, GRADE_COLUMN + 2})  # the grade and the status label (1-based)
SHEET_DATA_END = b"</sheetData>"

Rows = Iterable[tuple[list[str], EntryData | None]]


def _sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


@lru_cache(maxsize=64)
def _grade_style(colour: str) -> tuple[PatternFill, Font]:
    return (PatternFill("solid", fgColor=colour.lstrip("#").upper()),
            Font(color=text_colour_on(colour).lstrip("#").upper()))


class _RowStyles:
    """The cell style of each column of a data row, per grade colour: openpyxl's index of it in the workbook,
    registered there (through a cell styled the ordinary way) the first time a row needs it."""

    def __init__(self, sheet):
        self._sheet = sheet
        self._by_colour: dict[str | None, list[int]] = {}

    def ids(self, entry: EntryData | None) -> list[int]:
        colour = entry.grade.colour if entry is not None and entry.grade is not None else None
        ids = self._by_colour.get(colour)
        if ids is None:
            ids = self._by_colour[colour] = [self._register(column, colour) for column in range(1, len(WIDTHS) + 1)]
        return ids

    def _register(self, column: int, colour: str | None) -> int:
        cell = WriteOnlyCell(self._sheet)  # the styles belong to the workbook: any sheet of it will do
        cell.alignment = WRAP if column in WRAPPED_COLUMNS else TOP
        if colour is not None and column in GRADED_COLUMNS:
            cell.fill, cell.font = _grade_style(colour)
        return cell.style_id


def _start_sheet(sheet, head: list[str], row_count: int) -> None:
    """Settings, header and filter (over ``row_count`` rows to come) through openpyxl; the sheet is closed."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{row_count + 1}"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for value in head:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.close()  # its file is closed now, not when the workbook is saved: one open file, however many rounds


def _with_styles(rows: Rows, styles: _RowStyles) -> Iterator[tuple[list[str], list[int]]]:
    for values, entry in rows:
        yield values, styles.ids(entry)


def _add_corrections(workbook: Workbook, report: ReportData, words) -> None:
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


def _copy_with_rows(package: bytes, rows_of: dict[str, Callable[[], Iterator[bytes]]], out) -> None:
    """openpyxl's package again, with each data sheet's rows (``rows_of[member]()``) after its header row."""
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename not in rows_of:
                target.writestr(info, content)
                continue
            head, end, tail = content.partition(SHEET_DATA_END)
            if not end:
                raise ValueError(f"{info.filename} has no sheet data to add rows to")
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type = info.compress_type
            with target.open(member, "w", force_zip64=True) as sheet:
                sheet.write(head)
                for chunk in rows_of[info.filename]():
                    sheet.write(chunk)
                sheet.write(end + tail)


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    words = labels(lang)
    head = header(words)
    workbook = Workbook(write_only=True)
    per_round = len(report.measures)
    sheets: list[tuple[object, Callable[[], Rows]]] = []
    for index, the_round in enumerate(report.rounds):
        sheet = workbook.create_sheet(_sheet_title(the_round.slug))
        _start_sheet(sheet, head, per_round)
        sheets.append((sheet, lambda index=index: rows_for_round(report, index, words)))
    everything = workbook.create_sheet(_sheet_title(words.all_rounds))
    _start_sheet(everything, head, per_round * len(report.rounds))
    # The rows are made again rather than kept from the round sheets: memory stays that of a chunk of rows.
    sheets.append((everything, lambda: (row for index in range(len(report.rounds))
                                        for row in rows_for_round(report, index, words))))
    # Every style the rows use is registered before openpyxl writes the styles: one pass over the entries, in
    # the order the rows come (so the style indexes are those openpyxl would have given cell by cell).
    styles = _RowStyles(everything)
    for index in range(len(report.rounds)):
        for measure in report.measures:
            styles.ids(measure.history[index])
    if report.corrections:
        _add_corrections(workbook, report, words)
    workbook.active = len(report.rounds) - 1
    workbook.properties.title = f"{words.title(report)} – {words.round_label(report)}"
    workbook.properties.language = words.locale
    workbook.properties.creator = "tiltak"
    package = io.BytesIO()
    workbook.save(package)
    # Saving numbered the sheets: their paths in the package are known now.
    rows_of = {sheet.path.lstrip("/"): lambda rows=rows: rows_xml(_with_styles(rows(), styles), first_row=2)
               for sheet, rows in sheets}
    buffer = io.BytesIO()
    _copy_with_rows(package.getvalue(), rows_of, buffer)
    return buffer.getvalue()
