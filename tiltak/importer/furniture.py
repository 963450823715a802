"""Page furniture: running headers and footers that repeat at the top or bottom of every page.

A line is furniture when it sits at a page's edge (among the first or last few lines) and the same text, its
digits aside, stands at the same place on at least half the pages (two at the least); or when it is a page number
(«Side 3 av 22», «Page 3 of 22», «Side 3»). Only runs of such lines from the edge inwards are dropped, so a body
line that happens to read like a header is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from .text import TERMINAL

PAGE_NUMBER_RE = re.compile(r"^(?:side|page|s\.|p\.)\s*\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?$", re.IGNORECASE)
EDGE = 3  # how many lines at each end of a page may be furniture


@dataclass
class PageLine:
    """A line of a page; ``top`` and ``bottom`` (its distance from the page's top and from its bottom) are None
    for blank lines, table rows and text without positions."""

    text: str
    top: float | None = None
    bottom: float | None = None
    room: float | None = None  # the width left free at the line's end
    first_word: float | None = None  # the width of its first word and a space
    font: tuple | None = None  # the font most of its letters are in (name, size)

    def continues(self, last: PageLine, floor: float | None = None, pitch: float | None = None) -> bool:
        """Whether this line, first on its page, goes on with the paragraph the line ``last`` ended the page before:
        in the same font, and the page broke mid-sentence, or after a sentence where this line's first word could
        not fit and the page had no room for two more lines (``floor``: where the pages' text ends, ``pitch``: the
        distance between lines)."""
        if not self.text.strip() or not last.text.strip():
            return False
        if self.font is not None and last.font is not None and self.font != last.font:
            return False
        if not last.text.rstrip().endswith(TERMINAL):
            return True
        if floor is not None and pitch is not None and last.bottom is not None and last.bottom - floor >= 2 * pitch:
            return False
        return last.room is not None and self.first_word is not None and self.first_word > last.room


def text_area(pages: list[list[PageLine]]) -> tuple[float | None, float | None]:
    """(the least distance from a page's last line to the bottom of its page, the usual distance between lines)."""
    bottoms = [page[-1].bottom for page in pages if page and page[-1].bottom is not None]
    steps = sorted(
        a.bottom - b.bottom
        for page in pages
        for a, b in pairwise(page)
        if a.bottom is not None and b.bottom is not None and a.font == b.font and a.bottom > b.bottom
    )
    return (min(bottoms) if bottoms else None), (steps[len(steps) // 2] if steps else None)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip())).casefold()


def _place(pos: float | None) -> int | None:
    return None if pos is None else round(pos / 2)


def _edges(page: list[PageLine]) -> tuple[list[int], list[int]]:
    """The indexes of the first and of the last few text lines (not blank, not table rows)."""
    text = [i for i, line in enumerate(page) if line.text.strip() and not (line.top is None and " | " in line.text)]
    return text[:EDGE], text[::-1][:EDGE]


def running_lines(pages: list[list[PageLine]]) -> set[tuple[int, int]]:
    """(page, line) of every running header, footer and page number."""
    seen: dict[tuple, set[int]] = defaultdict(set)
    for p, page in enumerate(pages):
        head, foot = _edges(page)
        for i in head:
            seen["top", _key(page[i].text), _place(page[i].top)].add(p)
        for i in foot:
            seen["bottom", _key(page[i].text), _place(page[i].bottom)].add(p)
    needed = max(2, len(pages) / 2)

    def running(where: str, line: PageLine) -> bool:
        if PAGE_NUMBER_RE.match(line.text.strip()):
            return True
        pos = line.top if where == "top" else line.bottom
        return len(seen[where, _key(line.text), _place(pos)]) >= needed

    drop: set[tuple[int, int]] = set()
    for p, page in enumerate(pages):
        head, foot = _edges(page)
        for where, indexes in (("top", head), ("bottom", foot)):
            for i in indexes:
                if (p, i) in drop or not running(where, page[i]):
                    break
                drop.add((p, i))
    return drop


def drop_running_lines(pages: list[list[PageLine]]) -> list[list[PageLine]]:
    """The pages without their furniture, and without the blank lines it leaves at their ends."""
    drop = running_lines(pages)
    out = []
    for p, page in enumerate(pages):
        kept = [line for i, line in enumerate(page) if (p, i) not in drop]
        while kept and not kept[0].text.strip():
            kept.pop(0)
        while kept and not kept[-1].text.strip():
            kept.pop()
        out.append(kept)
    return out


def drop_running_text(text: str) -> str:
    """Plain text whose pages a form feed separates, without the lines that repeat at the pages' edges."""
    if "\f" not in text:
        return text
    pages = [[PageLine(x) for x in page.split("\n")] for page in text.split("\f")]
    return "\f".join("\n".join(line.text for line in page) for page in drop_running_lines(pages))
