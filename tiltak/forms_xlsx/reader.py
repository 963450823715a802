"""Reading an uploaded fill-in form: the cells of its metadata sheet and of its ministry's sheet, as text.

No Django here: this runs in a child process with limits (tiltak.forms_xlsx.sandbox). Before openpyxl sees the
file, the ZIP it is made of is checked on the sizes its directory declares (an XLSX is a ZIP: a few kilobytes may
inflate to gigabytes), and openpyxl then reads it in read-only mode, row by row, stopping at the row bound.
A refusal is a :class:`Unreadable` with a code and its details, put into words by the caller in the person's
language.

Formulas are read as the text of the formula («=1+1»), never evaluated. Excel writes a carriage return in a cell
as ``_x000D_`` (ECMA-376's escape for characters XML cannot carry); such escapes are read back as characters.
"""

import datetime
import io
import re
import zipfile

MAX_MEMBERS = 200  # files in the archive (our form has about a dozen; LibreOffice's a few more)
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 120 * 1024 * 1024  # all parts, inflated
MAX_ROWS = 2100  # 2,000 measures and the header (the metadata sheet: its keys and a row per entry)
MAX_SHEETS = 10
MAX_CELLS = 100_000  # cells one sheet's XML may hold (a full form has 16,800; its metadata 8,000)
MAX_STRINGS = 200_000  # entries of the shared strings table
FORM_COLUMNS = 8
META_COLUMNS = 4
META_SHEET = "tiltak"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PROTECTED = re.compile(rb'<(?:\w+:)?sheetProtection\b[^>]*\bsheet="(?:1|true)"')


class Unreadable(Exception):
    """Not a form that can be read: ``code`` says why (not_xlsx, too_big, not_ours, sheet_missing, too_many_rows,
    broken), ``details`` what."""

    def __init__(self, code: str, **details):
        self.code = code
        self.details = details
        super().__init__(code)


def check_archive(data: bytes) -> zipfile.ZipFile:
    """The file as a ZIP, if it is one with the parts of a spreadsheet, within the size bounds."""
    if not data.startswith(b"PK\x03\x04"):
        raise Unreadable("not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Unreadable("not_xlsx") from None
    if len(members) > MAX_MEMBERS:
        raise Unreadable("too_big", what="parts", count=len(members), limit=MAX_MEMBERS)
    total = 0
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            raise Unreadable("too_big", what="part", count=member.file_size, limit=MAX_MEMBER_BYTES)
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise Unreadable("too_big", what="total", count=total, limit=MAX_TOTAL_BYTES)
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise Unreadable("not_xlsx")
    return archive


def scan(archive: zipfile.ZipFile) -> bool:
    """The sheets' XML read as a stream (never whole), its rows and cells and the shared strings counted against
    the bounds. Whether every sheet is protected (as every sheet of the form is)."""
    protected = True
    for member in archive.infolist():
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            protected &= _count(archive, member, {b"<row": MAX_ROWS + 10, b"<c ": MAX_CELLS, b"<c>": MAX_CELLS},
                                find=_PROTECTED)
        elif member.filename == "xl/sharedStrings.xml":
            _count(archive, member, {b"<si>": MAX_STRINGS, b"<si ": MAX_STRINGS})
    return protected


def _count(archive: zipfile.ZipFile, member: zipfile.ZipInfo, bounds: dict[bytes, int], *,
           find: re.Pattern | None = None) -> bool:
    """Count the tags in a part as it inflates, a chunk at a time; refuse past a bound. Whether ``find`` matched
    (in a window of two chunks' edge, so a match cut by the edge is found too)."""
    counts = dict.fromkeys(bounds, 0)
    tail = b""
    found = False
    try:
        with archive.open(member) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                found = found or bool(find and find.search(window))
                for tag in bounds:
                    # A tag cut by the chunk's edge is counted once: the tail is shorter than any tag.
                    counts[tag] += window.count(tag)
                    if counts[tag] > bounds[tag]:
                        raise Unreadable("too_many_rows", limit=MAX_ROWS)
                tail = window[-400:]
                for tag in bounds:
                    counts[tag] -= tail.count(tag)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        raise Unreadable("not_xlsx") from None
    return found


def text_of(value) -> str:
    """A cell's value as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _rows(sheet, columns: int) -> list[list[str]]:
    rows = []
    for values in sheet.iter_rows(max_col=columns, values_only=True):
        if len(rows) >= MAX_ROWS:
            raise Unreadable("too_many_rows", limit=MAX_ROWS)
        rows.append([text_of(v) for v in values] + [""] * (columns - len(values)))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # empty rows at the end (a spreadsheet may keep formatted empty rows)
    return rows


def read_form(data: bytes) -> dict:
    """``{"sheets": [...], "meta": [[…]…], "sheet": name, "rows": [[…]…], "protected": every sheet protected}``
    or :class:`Unreadable`."""
    protected = scan(check_archive(data))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Unreadable:
        raise
    except Exception:  # openpyxl raises many kinds for a broken or foreign file
        raise Unreadable("not_xlsx") from None
    try:
        names = list(workbook.sheetnames)
        if len(names) > MAX_SHEETS:
            raise Unreadable("not_ours")
        if META_SHEET not in names:
            raise Unreadable("not_ours")
        meta = _rows(workbook[META_SHEET], META_COLUMNS)
        keys = {row[0]: row[1] for row in meta[:9]}
        ministry = keys.get("ministry", "")
        if ministry not in names:
            raise Unreadable("sheet_missing", sheet=ministry)
        rows = _rows(workbook[ministry], FORM_COLUMNS)
    except Unreadable:
        raise
    except Exception:
        raise Unreadable("broken") from None
    finally:
        workbook.close()
    return {"sheets": names, "meta": meta, "sheet": ministry, "rows": rows, "protected": protected}
