"""Tables without rules in a PDF, found by their header row: the header's words give the columns, and each line
below it is cut into cells where the columns start. Without this, the cells of such a table run together into one
line of text («1 Styrke krisesentrene BFD Ferdig»).

A table goes on over a page break: a page whose first lines fit the columns of the table that ended the page
before is read with those columns, header or no header.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tables import header_roles


@dataclass
class Columns:
    starts: list[float]  # the x where each column starts, left to right
    left: float  # the table's left edge
    right: float

    def cut(self, words: list[dict]) -> list[str] | None:
        """The line's words as cells, or None when a word crosses a column's start (the line is no row)."""
        cells: list[list[str]] = [[] for _ in self.starts]
        tolerance = 2.0
        for word in words:
            if word["x0"] < self.left - 3 * tolerance:
                return None
            k = max((i for i, x in enumerate(self.starts) if x <= word["x0"] + tolerance), default=0)
            if k + 1 < len(self.starts) and word["x1"] > self.starts[k + 1] + tolerance:
                return None
            cells[k].append(word["text"])
        return [" ".join(c) for c in cells]


@dataclass
class FoundTable:
    top: float
    bottom: float
    lines: list[str]  # the header (where the page has it) and the rows, cells apart by « | »
    columns: Columns
    reaches_bottom: bool  # whether the table runs to the end of the page's text


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their top, each line left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2.0:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _phrases(line: list[dict]) -> list[list[dict]]:
    """A line's words grouped where the gap between them is wider than a few spaces."""
    out: list[list[dict]] = []
    for word in line:
        size = word.get("size") or (word["bottom"] - word["top"])
        if out and word["x0"] - out[-1][-1]["x1"] <= 0.55 * size:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _header(line: list[dict]) -> Columns | None:
    phrases = _phrases(line)
    if len(phrases) < 2:
        return None
    text = " | ".join(" ".join(w["text"] for w in p) for p in phrases)
    roles = header_roles(text)
    if roles is None or len(roles) != len(phrases):
        return None
    starts = [p[0]["x0"] for p in phrases]
    return Columns(starts=starts, left=starts[0], right=max(w["x1"] for w in line))


def _goes_on(lines: list, carried: Columns) -> bool:
    """Whether these lines at the top of a page go on with the table of the page before: they fit its columns
    and one of them fills two cells at least (the first may be the rest of a cell wrapped over the page)."""
    fitting = [line for line in lines if carried.cut(line) is not None]
    return bool(fitting) and any(len(_phrases(line)) >= 2 for line in fitting)


def find_unruled_table(page, carried: Columns | None = None) -> FoundTable | None:
    """The first table without rules on the page: from its header row, or, with ``carried`` columns, the rows at
    the top of the page that go on with the table of the page before."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    lines = _lines(words)
    if not lines:
        return None
    start, columns, out = None, None, []
    # Running headers may stand above the rows that go on from the page before.
    going_on = next((k for k, line in enumerate(lines[:4]) if carried is not None and carried.cut(line) is not None
                     and _header(line) is None and _goes_on(lines[k:k + 12], carried)), None)
    if any(_header(line) is not None for line in lines[:4]):
        going_on = None  # the header again at the top of the page: read the page's table by it
    if going_on is not None:
        start, columns = going_on, carried
    else:
        for k, line in enumerate(lines):
            columns = _header(line)
            if columns is not None:
                start = k
                out.append(" | ".join(" ".join(w["text"] for w in p) for p in _phrases(line)))
                break
    if start is None or columns is None:
        return None
    first_row = start + 1 if out else start
    heights = sorted(w["bottom"] - w["top"] for line in lines for w in line)
    height = heights[len(heights) // 2]
    end = first_row
    previous_bottom = lines[start][0]["top"] if not out else max(w["bottom"] for w in lines[start])
    for k in range(first_row, len(lines)):
        line = lines[k]
        if line[0]["top"] - previous_bottom > 1.8 * height:
            break  # a gap: the table has ended
        cells = columns.cut(line)
        if cells is None:
            break
        out.append(" | ".join(cells))
        previous_bottom = max(w["bottom"] for w in line)
        end = k + 1
    if end == first_row:
        return None
    top = min(w["top"] for w in lines[start])
    bottom = max(w["bottom"] for w in lines[end - 1])
    return FoundTable(top=top, bottom=bottom, lines=out, columns=columns, reaches_bottom=end == len(lines))
