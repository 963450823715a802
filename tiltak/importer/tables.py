"""Overview tables with a header row, in any column order: «Nr. | Tiltak | Ansvarlig departement | Status».

The readers write a table one row a line with ``|`` between the cells (DOCX and ruled PDF tables, unruled PDF
tables found by their header's columns); plain text may hold the same. The header names each column's role
(number, title, responsible, status) with any of the usual words, bokmål, nynorsk or English. A row without a
number goes on with the row above (a row broken over a page), unless it is a heading row spanning the table.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .ministries import read_ministries

ROLE_WORDS: dict[str, re.Pattern] = {
    "number": re.compile(r"^(?:nr\.?|nummer|no\.?|#|tiltak\s*nr\.?|tiltaksnummer|tiltak\s+nummer)$", re.I),
    "title": re.compile(r"^(?:tiltak(?:et|a)?|tiltaksbeskrivelse|tittel|beskrivelse|measures?|action|"
                        r"tiltak\s*/\s*beskrivelse|namn|navn|innhald|innhold)$", re.I),
    "responsible": re.compile(r"^(?:ansvarl[ie]g(?:e)?(?:\s+departement(?:er|a)?)?|ansvar|hovud?ansvar|"
                              r"(?:ansvarl[ie]g\s+)?dep(?:artement(?:er|a)?)?\.?|ministry|ministries|"
                              r"responsible(?:\s+ministry)?)$", re.I),
    "status": re.compile(r"^(?:status(?:\s+.*)?|statusvurdering|vurdering|gjennomføring|framdrift|fremdrift|"
                         r"progress)$", re.I),
}
NUMBER_CELL = re.compile(r"^(?:tiltak\s+)?(\d{1,3}(?:\.\d{1,2}){0,2}[a-h]?|[ivx]{1,5})[.):]?$", re.I)


@dataclass
class TableRow:
    number: str
    title: str
    responsible: list[str] = field(default_factory=list)
    unknown_ministries: list[str] = field(default_factory=list)
    status_raw: str = ""
    others: bool = False  # «m.fl.»
    ministry_text: str = ""


@dataclass
class Table:
    start: int  # index of the header line
    end: int  # index of the line after the last row
    roles: dict[str, int]
    rows: list[TableRow]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|")]


def header_roles(line: str) -> dict[str, int] | None:
    """The column of each role a header row names, or None when ``line`` is no header of a measures table."""
    if "|" not in line:
        return None
    roles: dict[str, int] = {}
    for k, cell in enumerate(_cells(line)):
        cell = re.sub(r"\s+", " ", cell).strip(" :")
        for role, pattern in ROLE_WORDS.items():
            if role not in roles and pattern.match(cell):
                roles[role] = k
                break
    if "title" not in roles or len(roles) < 2:
        return None
    return roles


def find_tables(lines: list[str], on: datetime.date | None = None) -> list[Table]:
    """Every measures table with a header row in ``lines``."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        roles = header_roles(lines[i])
        if roles is None:
            i += 1
            continue
        table = _read_table(lines, i, roles, on)
        if table.rows:
            tables.append(table)
        i = max(table.end, i + 1)
    return tables


def _read_table(lines: list[str], start: int, roles: dict[str, int], on) -> Table:
    raw: list[list[str]] = []
    i = start + 1
    gap = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            gap += 1
            if gap > 2:
                break
            i += 1
            continue
        if "|" not in line:
            break
        gap = 0
        if header_roles(line) == roles:  # the header again, on the next page
            i += 1
            continue
        raw.append(_cells(line))
        i += 1
    end = i
    rows = _rows(raw, roles)
    # A table whose «title» column holds the numbers and whose number column does not (swapped headers).
    out: list[TableRow] = []
    for number, cells in rows:
        title = _cell(cells, roles.get("title"))
        ministry_text = _cell(cells, roles.get("responsible"))
        reading = read_ministries(ministry_text, on) if ministry_text else None
        out.append(TableRow(
            number=number,
            title=re.sub(r"\s+", " ", title).strip(),
            responsible=reading.known if reading else [],
            unknown_ministries=(reading.unknown + reading.words) if reading else [],
            status_raw=_cell(cells, roles.get("status")),
            others=bool(reading and reading.others),
            ministry_text=ministry_text,
        ))
    return Table(start, end, roles, out)


def _cell(cells: list[str], k: int | None) -> str:
    if k is None or k >= len(cells):
        return ""
    return cells[k].strip()


def _rows(raw: list[list[str]], roles: dict[str, int]) -> list[tuple[str, list[str]]]:
    """(number, cells) per row; rows without a number joined to the row above."""
    rows: list[tuple[str, list[str]]] = []
    number_col = roles.get("number")
    for cells in raw:
        number = None
        if number_col is not None and number_col < len(cells):
            nm = NUMBER_CELL.match(cells[number_col].strip())
            number = nm.group(1) if nm else None
        elif number_col is None:
            # No number column: a number leading the title («3. Styrke …»), else counted.
            title = _cell(cells, roles.get("title"))
            nm = re.match(r"^(\d{1,3}(?:\.\d{1,2})?[a-h]?)[.)]?\s+(?=\S)", title)
            if nm:
                number = nm.group(1)
                cells = list(cells)
                cells[roles["title"]] = title[nm.end():]
            elif title:
                number = str(len(rows) + 1)
        filled = [c for c in cells if c.strip()]
        if number is None:
            spanning = len(filled) == 1 and len(cells) > 2 and cells[0].strip() and roles.get("title") != 0
            if not rows or spanning:
                continue  # a heading row spanning the table, or a row before the first numbered one
            if len(filled) == 1 and len(set(cells) - {""}) == 1 and cells.count(filled[0]) > 1:
                continue  # a merged row repeated over every cell: a chapter heading
            previous = rows[-1][1]
            width = max(len(previous), len(cells))
            previous.extend([""] * (width - len(previous)))
            for k, cell in enumerate(cells):
                if cell.strip() and k != number_col:
                    previous[k] = f"{previous[k]} {cell}".strip()
            continue
        rows.append((number, list(cells)))
    return rows
