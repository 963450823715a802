"""The overview table as the seed's OCR gives it, without a header row to go by: one value a line (title lines,
``(MIN)``, status) or one row a line with ``|`` between cells (``16.| Drive Lauras Hus som et (BLD,]D,AD,
Gjennomfort``), rows running over several lines. (Tables with a header row: :mod:`tiltak.importer.tables`.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .ministries import parse_ministries
from .refdata import looks_like_ministry
from .text import join_lines

TABLE_ROW_RE = re.compile(r"^\s*(\d{1,3})\s*[.,]?\s*\|\s*(.*)$")


@dataclass
class OverviewRow:
    number: str | None
    title: str
    responsible: list[str]
    unknown_ministries: list[str]
    status_raw: str



def _split_row_rest(rest: str) -> tuple[str, str, str, bool]:
    """(title part, ministries text, status text, whether the ministries' parenthesis is still open)."""
    rest = rest.replace("|", " ")
    opening = re.search(r"\((?=(?:\s*[A-ZÆØÅ\]\[|]{1,5}\s*,?)+\s*(?:\)|$|[A-ZÆØÅa-zæøå]))", rest)
    p = opening.start() if opening else -1
    if p < 0:
        return rest.strip(), "", "", False
    title = rest[:p].strip()
    after = rest[p + 1 :]
    q = after.find(")")
    if q >= 0:
        return title, after[:q], after[q + 1 :].strip(), False
    # The parenthesis runs on to the next line: ministries up to the first cell that is none, then the status.
    parts = after.split(",")
    for k, part in enumerate(parts):
        if part.strip() and not looks_like_ministry(part):
            return title, ",".join(parts[:k]) + ",", ",".join(parts[k:]).strip(), True
    return title, after + ",", "", True


MINISTRY_TAIL_RE = re.compile(r"\s*((?:[A-ZÆØÅ\]\[|]{1,5}\s*,?\s*)+)\)\s*$")


def parse_pipe_rows(lines: list[str], is_word: Callable[[str], bool]) -> list[OverviewRow]:
    """The pipe-separated layout: ``16.| Drive Lauras Hus som et (BLD,]D,AD, Gjennomfort`` and continuation lines."""
    rows: list[OverviewRow] = []
    current: dict | None = None

    def close() -> None:
        if current:
            known, unknown = parse_ministries(current["ministries"])
            rows.append(OverviewRow(current["number"], join_lines(current["title"], is_word), known, unknown,
                                    current["status"].strip()))

    after_blank = False
    for line in lines:
        m = TABLE_ROW_RE.match(line)
        if m:
            close()
            title, ministries, status, open_paren = _split_row_rest(m.group(2))
            current = {"number": m.group(1), "title": [title], "ministries": ministries, "status": status,
                       "open": open_paren}
            after_blank = False
            continue
        if current is None:
            continue
        if not line.strip():
            after_blank = True
            continue
        if after_blank and not current["open"]:
            break  # a row goes on in the lines right below it; what follows a gap is the next part of the report
        text = line.strip()
        if current["open"]:
            tm = MINISTRY_TAIL_RE.search(text)
            if tm:
                current["ministries"] += tm.group(1)
                text = text[: tm.start()]
                current["open"] = False
        current["title"].append(text.strip())
    close()
    return rows


def parse_line_rows(lines: list[str], is_word: Callable[[str], bool]) -> list[OverviewRow]:
    """The one-value-per-line layout: [``N.``] title lines, ``(MIN,MIN)``, status, blocks apart by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    rows: list[OverviewRow] = []
    number: str | None = None
    title: list[str] = []
    ministries: tuple[list[str], list[str]] | None = None
    for block in blocks:
        text = " ".join(block)
        nm = re.fullmatch(r"(\d{1,3})\s*[.,]?", text)
        if nm:
            number = nm.group(1)
            continue
        gm = re.fullmatch(r"\(\s*([^()]*)\)", text)
        if gm and title:
            ministries = parse_ministries(gm.group(1))
            continue
        if ministries is not None:
            rows.append(OverviewRow(number, join_lines(title, is_word), ministries[0], ministries[1], text))
            number, title, ministries = None, [], None
            continue
        if text.casefold() in {"tiltak", "nr.", "nr", "ansvarlig", "status", "tiltak ansvarlig status"}:
            continue
        title.extend(block)
    return rows


def find_overview(lines: list[str], is_word: Callable[[str], bool]) -> list[OverviewRow]:
    """Rows of the overview table from the lines between the legend and the first section."""
    pipe_start = next((i for i, x in enumerate(lines) if TABLE_ROW_RE.match(x)), None)
    rows: list[OverviewRow] = []
    if pipe_start is None:
        return parse_line_rows(lines, is_word)
    rows = parse_line_rows(lines[:pipe_start], is_word) + parse_pipe_rows(lines[pipe_start:], is_word)
    return rows


def number_rows(rows: list[OverviewRow]) -> None:
    """Rows whose number the OCR lost take the one after the row before (or count back from the next)."""
    for k, row in enumerate(rows):
        if row.number is None and k > 0 and rows[k - 1].number and rows[k - 1].number.isdigit():
            row.number = str(int(rows[k - 1].number) + 1)
    # Count back from the first numbered row for the rows before it.
    first = next((k for k, r in enumerate(rows) if r.number and r.number.isdigit()), None)
    if first is None:
        for k, row in enumerate(rows):
            row.number = str(k + 1)
        return
    for k in range(first - 1, -1, -1):
        rows[k].number = str(int(rows[k + 1].number) - 1)
