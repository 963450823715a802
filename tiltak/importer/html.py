"""A saved web page (HTML) into the text the parser reads: its tables as ``|`` rows, headings, paragraphs and list
items one a line, the site's header, menus, breadcrumbs, cookie notices and footer left out.

Python's own ``html.parser`` reads it (tolerant of what browsers save, no network, no entities beyond HTML's, no
scripts run); the work is linear in the page's size, kept by a stack of open elements rather than recursion, and
the text it gives is capped like every reader's (:func:`tiltak.importer.readers.check_text_length`). Where the
page marks its main content (``<main>``, ``role="main"``), only that is read, with the page's ``<h1>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HTML_RE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6])\b",
                     re.I | re.S)
# Elements whose content is never the document's.
SKIPPED = frozenset({"script", "style", "noscript", "template", "header", "nav", "footer", "aside", "form", "button",
                     "select", "svg", "iframe", "object", "canvas", "dialog", "menu"})
SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alert"})
SKIPPED_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|header|cookies?|skip|share|"
                           r"social|sidebar|related|print|search)(?:$|[\s_-])", re.I)
BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl",
                    "dt", "dd", "blockquote", "figure", "figcaption", "caption", "pre", "address", "hr", "body"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track",
                  "wbr", "param"})
SITE_SUFFIX = re.compile(r"\s+[-–|]\s+[^-–|]{2,40}$")  # «Title - regjeringen.no»


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(HTML_RE.match(text[:2000]))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped) of the open elements
        self.skip_depth = 0
        self.main_depth = 0
        self.saw_main = False
        self.out: list[str] = []  # lines of the whole page
        self.main_out: list[str] = []  # lines inside <main>
        self.h1: list[str] = []
        self.title = ""
        self._in_title = False
        self.line: list[str] = []
        self.tables: list[dict] = []  # open tables: rows, the current row's cells, the current cell's words
        self.lists: list[list[int | None]] = []  # open lists: [counter] for <ol>, [None] for <ul>

    # -- the structure --------------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.lower()
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self._text("\n")
            return
        attributes = {k.lower(): (v or "") for k, v in attrs}
        skipped = self.skip_depth > 0 or self._skipped(tag, attributes)
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
            return
        if tag == "title":
            self._in_title = True
        if tag == "main" or attributes.get("role") == "main":
            self.main_depth += 1
            self.saw_main = True
            self.stack[-1] = (tag + ":main", False)
        if tag == "table":
            self._flush()
            self.tables.append({"rows": [], "cells": None, "cell": None})
        elif self.tables and tag == "tr":
            self._end_row(self.tables[-1])  # the row before, if left open
            self.tables[-1]["cells"] = []
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            self._end_cell(table)  # the cell before, if left open
            if table["cells"] is None:
                table["cells"] = []
            table["cell"] = []
            span = attributes.get("colspan", "1")
            table["span"] = int(span) if span.isdigit() and 0 < int(span) < 100 else 1
        elif tag in ("ol", "ul"):
            self._flush()
            start = attributes.get("start", "1")
            self.lists.append([int(start) if tag == "ol" and start.isdigit() else (1 if tag == "ol" else None)])
        elif tag == "li":
            self._flush()
            if self.lists and self.lists[-1][0] is not None:
                self._text(f"{self.lists[-1][0]}. ")
                self.lists[-1][0] += 1
        elif tag in BLOCKS:
            self._flush(paragraph=True)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in VOID:
            return
        # Close up to the matching open element (HTML leaves some unclosed).
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0].split(":")[0] == tag:
                break
        else:
            return
        while len(self.stack) > k:
            self._close(*self.stack.pop())

    def _close(self, tag: str, skipped: bool) -> None:
        if skipped:
            self.skip_depth -= 1
            return
        tag, _, main = tag.partition(":")
        if tag == "title":
            self._in_title = False
        if tag in ("td", "th") and self.tables:
            self._end_cell(self.tables[-1])
        elif tag == "tr" and self.tables:
            self._end_row(self.tables[-1])
        elif tag == "table" and self.tables:
            self._emit_table(self.tables.pop())
        elif tag in ("ol", "ul") and self.lists:
            self._flush(paragraph=True)
            self.lists.pop()
        elif tag == "li":
            self._flush(paragraph=True)
        elif tag in BLOCKS:
            if tag == "h1":
                self.h1.append(" ".join("".join(self.line).split()))
            self._flush(paragraph=True)
        if main:
            self._flush(paragraph=True)
            self.main_depth -= 1

    @staticmethod
    def _end_cell(table: dict) -> None:
        if table["cell"] is None:
            return
        table["cells"] = table["cells"] if table["cells"] is not None else []
        table["cells"].append(" ".join("".join(table["cell"]).split()))
        table["cells"].extend([""] * (table.get("span", 1) - 1))
        table["cell"] = None

    def _end_row(self, table: dict) -> None:
        self._end_cell(table)
        if table["cells"] is not None and any(table["cells"]):
            table["rows"].append(table["cells"])
        table["cells"] = None

    def _skipped(self, tag: str, attributes: dict) -> bool:
        if tag == "header" and self.main_depth:
            return False  # the article's own header: its title
        if tag in SKIPPED or attributes.get("role", "").lower() in SKIPPED_ROLES:
            return True
        if "hidden" in attributes or attributes.get("aria-hidden") == "true":
            return True
        marks = f"{attributes.get('class', '')} {attributes.get('id', '')}"
        return bool(SKIPPED_CLASS.search(marks)) and tag not in ("main", "article", "body", "html", "table")

    # -- the text -------------------------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self._in_title:
            self.title += data
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"].append(" " if data == "\n" else data)
        elif self.tables:
            return  # text between a table's cells
        else:
            self.line.append(data)

    def _write(self, line: str) -> None:
        self.out.append(line)
        if self.main_depth:
            self.main_out.append(line)

    def _flush(self, *, paragraph: bool = False) -> None:
        text = "".join(self.line)
        self.line = []
        for part in text.split("\n"):
            part = " ".join(part.split())
            if part:
                self._write(part)
        if paragraph:
            self._write("")

    def _emit_table(self, table: dict) -> None:
        self._end_row(table)
        rows = table["rows"]
        width = max((len(r) for r in rows), default=0)
        self._write("")
        for k, row in enumerate(rows):
            if k and width > 1 and len([c for c in row if c]) == 1:
                continue  # a group or chapter heading spanning the table
            self._write(" | ".join(c.replace("|", "/") for c in row))
        self._write("")

    def text(self) -> str:
        while self.tables:  # left open at the end of the page
            self._emit_table(self.tables.pop())
        self._flush(paragraph=True)
        lines = self.main_out if self.saw_main and any(x.strip() for x in self.main_out) else self.out
        if self.saw_main and self.h1 and not any(self.h1[0] == x for x in lines[:5]):
            lines = [self.h1[0], "", *lines]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def read_html(text: str) -> tuple[str, str]:
    """The page's text and its title (without the site's name)."""
    page = _Page()
    page.feed(text)
    page.close()
    title = " ".join(page.title.split())
    title = SITE_SUFFIX.sub("", title) if title else ""
    return page.text(), title
