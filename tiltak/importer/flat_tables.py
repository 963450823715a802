"""Tables and contents as people copy them, put back into the lines the parser reads.

- A table copied from a browser with tabs between its cells: «1⇥Title⇥JD⇥Status» becomes «1 | Title | JD | Status»
  (when the tabs hold a header row naming the columns, so a tab before a page number stays a leader).
- A web page's table copied one cell per line (blank lines between, or «cell |» lines), with group headings
  between its rows: «Nr» / «Tiltak» / «Ansvarlig departement» / «Kunnskap og kompetanse» / «1» / a title / a
  ministry … becomes one «|» row a measure; the headings are left out.
- A table of contents run together in one paragraph: «Tiltak 1 Title (JD)... 5 Tiltak 2 Title (JD)... 5 …»
  becomes one entry a line.

Each step only rewrites what it recognises, line for line where it can, and leaves every other line as it was.
"""

from __future__ import annotations

import re

from .tables import NUMBER_CELL, ROLE_WORDS, header_roles

MAX_CELL = 600  # a longer line is prose, not a cell
TOC_ENTRY_RE = re.compile(r"(?:(?:\.\s?){3,}|…+|_{3,})\s*(\d{1,3})\s+(?=(?:Tiltak|Tiltak\s+nr\.?)\s+\d)", re.I)


def unflatten(lines: list[str]) -> list[str]:
    lines = _tabs(lines)
    lines = _spaced_rows(lines)
    lines = _cell_lines(lines)
    lines = _label_columns(lines)
    return _run_together_contents(lines)


# -- labels in one column, values in the next ----------------------------------------------------------------------

LABEL_RE = re.compile(r"^\s*([A-ZÆØÅ][\wæøåÆØÅ ]{1,30}):\s*$")


def _label_columns(lines: list[str]) -> list[str]:
    """«Ansvarlig:» / «Gjennomføring:» / «JD, AD» / «2014-2017» (a PDF's two columns read one after the other)
    becomes «Ansvarlig: JD, AD» / «Gjennomføring: 2014-2017». The status label stays as it is."""
    out = list(lines)
    i = 0
    while i < len(out):
        k = i
        while k < len(out) and LABEL_RE.match(out[k]) and not out[k].strip().lower().startswith("status"):
            k += 1
        labels = k - i
        values = out[k:k + labels]
        if labels >= 2 and len(values) == labels and all(v.strip() and not LABEL_RE.match(v) and len(v) < 200
                                                         for v in values):
            for n in range(labels):
                out[i + n] = f"{out[i + n].strip()} {values[n].strip()}"
                out[k + n] = ""
            i = k + labels
            continue
        i = max(k, i + 1)
    return out


# -- tabs --------------------------------------------------------------------------------------------------------


def _tab_row(line: str) -> str | None:
    cells = [c.strip() for c in line.split("\t")]
    if len([c for c in cells if c]) < 2:
        return None
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


def _tabs(lines: list[str]) -> list[str]:
    rows = {i: row for i, line in enumerate(lines) if "\t" in line and (row := _tab_row(line))}
    if not any(header_roles(row) for row in rows.values()):
        return lines
    out = [rows.get(i, line) for i, line in enumerate(lines)]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for before, here, after in zip(filled, filled[1:], filled[2:], strict=False):
        if here not in rows and before in rows and after in rows and len(lines[here]) <= 200:
            out[here] = ""  # a group or chapter heading between the rows
    return out


# -- a status table flattened to text, its cells run together with spaces (Prop. 1 S, Meld. St.) ---------------

SPACED_HEADER_RE = re.compile(r"^\s*(Nr\.?|Nummer)\s+(Tiltak(?:et|a)?)\s+(Ansvarl[ie]g(?:e)?(?:\s+departement\w*)?|"
                              r"Departement)\s+(Status(?:\s+per\s+\S+(?:\s+\d{4})?)?)\s*$", re.I)
# «12 Title JD, BFD Under gjennomføring»: the ministries are the last abbreviations before the status, which
# begins with a capital and a small letter.
SPACED_ROW_RE = re.compile(r"^\s*(\d{1,3})\.?\s+(\S.*\S)\s+([A-ZÆØÅ]{2,5}(?:\s*,\s*[A-ZÆØÅ]{2,5})*)\s+"
                           r"([A-ZÆØÅ][a-zæøå].*?)\s*$")


def _spaced_rows(lines: list[str]) -> list[str]:
    """After a header «Nr. Tiltak Ansvarlig Status» in words, rows «N Title MIN Status» become «|» rows (a group
    heading between them is left out)."""
    out = list(lines)
    for i, line in enumerate(lines):
        header = SPACED_HEADER_RE.match(line)
        if not header or "|" in line:
            continue
        rows: list[tuple[int, str]] = []
        k = i + 1
        while k < len(lines):
            row = SPACED_ROW_RE.match(lines[k])
            if row:
                number, title, ministries, status = row.groups()
                while tail := re.search(r"\s+([A-ZÆØÅ]{2,5}),$", title):  # «JD, BFD»: the first went with the title
                    title, ministries = title[: tail.start()], f"{tail.group(1)}, {ministries}"
                rows.append((k, " | ".join((number, title, ministries, status))))
            elif lines[k].strip() and not (len(lines[k]) <= 200 and k + 1 < len(lines)
                                           and SPACED_ROW_RE.match(lines[k + 1])):
                break  # neither a row nor a group heading before one
            k += 1
        if len(rows) >= 2:
            out[i] = " | ".join(header.groups())
            for k2 in range(i + 1, k):
                out[k2] = ""
            for n, (_k, row) in enumerate(rows, start=1):
                out[i + n] = row
    return out


# -- one cell a line ---------------------------------------------------------------------------------------------


BULLET_RE = re.compile(r"^[•·▪■●*]\s+")  # a cell a page shows as a list item («• Byrja»)


def _cell_text(line: str) -> str:
    return BULLET_RE.sub("", line.strip().removesuffix("|").strip()).strip()


def _role(cell: str) -> str | None:
    cell = re.sub(r"\s+", " ", cell).strip(" :")
    return next((role for role, pattern in ROLE_WORDS.items() if pattern.match(cell)), None)


def _cell_lines(lines: list[str]) -> list[str]:
    """Where a header stands one cell a line, the table that follows as «|» rows."""
    if any(header_roles(line) for line in lines if line.count("|") >= 2):
        return lines  # the document has its rows already
    cells = [(i, _cell_text(line)) for i, line in enumerate(lines) if _cell_text(line)]
    out = list(lines)
    k = 0
    changed = False
    while k < len(cells):
        header = _header_at(cells, k)
        if header is None:
            k += 1
            continue
        names, width = header
        rows, end = _rows_after(cells, k + width, [_role(name) for name in names])
        if len(rows) < 2:
            k += 1
            continue
        first, last = cells[k][0], cells[end - 1][0]
        out[first:last + 1] = [""] * (last - first + 1)
        out[first] = " | ".join(names)
        for n, row in enumerate(rows, start=1):
            out[first + n] = " | ".join(row)
        changed = True
        k = end
    return out if changed else lines


def _header_at(cells: list[tuple[int, str]], k: int) -> tuple[list[str], int] | None:
    """The header cells starting at ``k`` (at least a title and one other role, each role once)."""
    names: list[str] = []
    seen: set[str] = set()
    while k + len(names) < len(cells):
        text = cells[k + len(names)][1]
        role = _role(text) if len(text) < 60 else None
        if role is None or role in seen:
            break
        seen.add(role)
        names.append(text)
    # The number or the title first, or (a budget proposition's «Ansvarleg departement / Tiltak / Status») three
    # columns named, the title among them.
    if "title" in seen and (len(seen) >= 3 or (len(seen) >= 2 and _role(names[0]) in ("number", "title"))):
        return names, len(names)
    return None


NUMBERED_TITLE = re.compile(r"^\d{1,3}(?:\.\d{1,2}){0,2}[a-h]?[.)]\s+\S")


def _rows_after(cells: list[tuple[int, str]], k: int, roles: list[str | None]) -> tuple[list[list[str]], int]:
    """The rows after a header of ``roles``: each begins with a measure number, or (no number column) holds one at
    the start of its title («1. Gjennomgå …»); a lone cell before a row is a group heading and is left out. Stops
    at the first cell that is neither."""
    width = len(roles)
    if roles[0] != "number" and "number" not in roles:
        return _rows_by_numbered_title(cells, k, width, roles.index("title"))
    rows: list[list[str]] = []
    while k < len(cells):
        text = cells[k][1]
        if NUMBER_CELL.match(text):
            row = [text]
            j = k + 1
            while len(row) < width and j < len(cells) and not NUMBER_CELL.match(cells[j][1]) \
                    and len(cells[j][1]) <= MAX_CELL:
                row.append(cells[j][1])
                j += 1
            if len(row) < 2:
                break
            rows.append(row + [""] * (width - len(row)))
            k = j
            continue
        if len(text) <= 200 and k + 1 < len(cells) and NUMBER_CELL.match(cells[k + 1][1]) and rows is not None:
            k += 1  # a group or chapter heading between the rows
            continue
        break
    return rows, k


def _rows_by_numbered_title(cells: list[tuple[int, str]], k: int, width: int,
                            title_at: int) -> tuple[list[list[str]], int]:
    """Rows of ``width`` cells whose title cell (column ``title_at``) begins with the measure's number and whose
    other cells are short and hold none."""
    def row_at(j: int) -> list[str] | None:
        if j + width > len(cells):
            return None
        row = [text for _, text in cells[j:j + width]]
        if not NUMBERED_TITLE.match(row[title_at]) or len(row[title_at]) > MAX_CELL:
            return None
        if any(NUMBERED_TITLE.match(cell) or len(cell) > 200 for n, cell in enumerate(row) if n != title_at):
            return None
        return row

    rows: list[list[str]] = []
    while k < len(cells):
        if row := row_at(k):
            rows.append(row)
            k += width
        elif len(cells[k][1]) <= 200 and row_at(k + 1):
            k += 1  # a group or chapter heading between the rows
        else:
            break
    return rows, k


# -- contents run together -----------------------------------------------------------------------------------------


def _run_together_contents(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(TOC_ENTRY_RE.findall(line)) >= 2:
            out.extend(part.strip() for part in TOC_ENTRY_RE.sub(lambda m: m.group(0)[: m.end(1) - m.start()] + "\n",
                                                              line).split("\n"))
        else:
            out.append(line)
    return out
