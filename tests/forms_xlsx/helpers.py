"""Filling in a form as a person would in a spreadsheet program (openpyxl keeps what it does not change)."""

import io

from openpyxl import load_workbook

from tiltak.forms_xlsx import layout


def fill(data: bytes, changes: dict[str, dict], *, sheet: str | None = None) -> bytes:
    """``changes``: per measure number, the new cell values by column name (status, text, links)."""
    workbook = load_workbook(io.BytesIO(data))
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    columns = {"status": layout.STATUS, "text": layout.TEXT, "links": layout.LINKS, "number": layout.NUMBER}
    for row in range(layout.FIRST_ROW, ws.max_row + 1):
        number = ws.cell(row, layout.NUMBER).value
        for name, value in changes.get(number, {}).items():
            ws.cell(row, columns[name]).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def edit_workbook(data: bytes, change) -> bytes:
    """Any change to the workbook: ``change(workbook)``."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rows_of(data: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]
