"""A write-only worksheet's data rows as openpyxl writes them, made as plain strings.

openpyxl writes a cell through half a dozen lxml calls and a style lookup, about 20 µs each; the all-rounds
workbook of a 1,000-round plan has 780,000 cells. Every one of them is an inline string with a fixed style, so its
XML is a line of text, made here in about 1 µs. The text is openpyxl's byte for byte (tests/reports/test_xlsx.py
holds the two side by side): escaped as lxml escapes text, characters outside ASCII as character references,
``xml:space="preserve"`` where the text has spaces at either end, and openpyxl's checks on the value (at most
32,767 characters; control characters refused).
"""

from collections.abc import Iterable, Iterator, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

MAX_TEXT = 32767  # Excel's limit for a cell, where openpyxl cuts
# Rows are handed on in pieces of about this many characters (few writes, little memory).
CHUNK = 1 << 20


def _escaped(text: str) -> str:
    """Text as lxml escapes it (``str.replace`` is many times faster than ``str.translate`` on text beyond ASCII)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def cell_xml(reference: str, style_id: int, value: str | None) -> str:
    """One cell holding ``value`` as text (never a formula), in the cell style ``style_id``."""
    if not value:
        return f'<c r="{reference}" s="{style_id}" t="inlineStr"></c>'
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{reference}" s="{style_id}" t="inlineStr"><is><t{space}>{_escaped(value)}</t></is></c>'


def rows_xml(rows: Iterable[tuple[Sequence[str | None], Sequence[int]]], *, first_row: int) -> Iterator[bytes]:
    """``<row>`` elements numbered from ``first_row``, for ``(values, style ids)`` pairs, in encoded chunks."""
    letters: list[str] = []
    pieces: list[str] = []
    size = 0
    for number, (values, style_ids) in enumerate(rows, start=first_row):
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        row = "".join([f'<row r="{number}">',
                       *(cell_xml(f"{letter}{number}", style, value)
                         for letter, value, style in zip(letters, values, style_ids, strict=False)),
                       "</row>"])
        pieces.append(row)
        size += len(row)
        if size >= CHUNK:
            yield "".join(pieces).encode("ascii", "xmlcharrefreplace")
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces).encode("ascii", "xmlcharrefreplace")
