"""Narratives in every format from one parse: the Markdown subset the entry form offers (paragraphs, «- » and
«1.» lists, *emphasis*, **strong**, `code`, links), rendered once to safe HTML (tiltak.core.markup), and that HTML
read into plain blocks that DOCX and the Markdown download write in their own terms. So a reporter's ``**bold**``
is bold in the web page, the HTML file, the PDF, DOCX and Markdown alike, and a «- » list is a list.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tiltak.reports.renderers.common import web_link


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Block:
    kind: str  # "p", "ul" or "ol"
    runs: list[Run] = field(default_factory=list)  # for "p"
    items: list[list[Run]] = field(default_factory=list)  # for "ul" and "ol"


def narrative_html(text: str) -> SafeString:
    from tiltak.core.markup import render_narrative

    return render_narrative(text)


class _Reader(HTMLParser):
    """Reads the few tags render_narrative lets through (p, br, em, strong, ul, ol, li, a, code)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.bold = self.italic = self.code = 0
        self.href: str | None = None
        self.list: Block | None = None
        self.current: list[Run] | None = None

    def _target(self) -> list[Run]:
        if self.current is None:  # text outside any paragraph or item
            block = Block("p")
            self.blocks.append(block)
            self.current = block.runs
        return self.current

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.list = Block(tag)
            self.blocks.append(self.list)
            self.current = None
        elif tag == "li" and self.list is not None:
            self.list.items.append([])
            self.current = self.list.items[-1]
        elif tag == "p":
            if self.list is not None and self.list.items:
                # A loose list's item holds paragraphs: keep them in the item.
                if self.list.items[-1]:
                    self.list.items[-1].append(Run(" "))
                self.current = self.list.items[-1]
            else:
                block = Block("p")
                self.blocks.append(block)
                self.current = block.runs
        elif tag == "br":
            self._target().append(Run("\n"))
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.list = None
            self.current = None
        elif tag == "p" and self.list is None:
            self.current = None
        elif tag == "strong":
            self.bold -= 1
        elif tag == "em":
            self.italic -= 1
        elif tag == "code":
            self.code -= 1
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if not data.strip("\n") or (self.current is None and not data.strip()):
            return
        self._target().append(Run(data, bold=self.bold > 0, italic=self.italic > 0, code=self.code > 0,
                                  href=self.href))


@lru_cache(maxsize=4096)
def _blocks(text: str) -> tuple[Block, ...]:
    reader = _Reader()
    reader.feed(str(narrative_html(text)))
    reader.close()
    return tuple(b for b in reader.blocks if b.runs or b.items)


def narrative_blocks(text: str) -> tuple[Block, ...]:
    return _blocks(text or "")


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _md_escape(text: str) -> str:
    from tiltak.reports.renderers.markdown import escape

    return escape(text)


def _md_runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = "`" + r.text.replace("`", "'") + "`" if r.code else _md_escape(r.text)
        if r.bold and text.strip():
            text = f"**{text}**"
        if r.italic and text.strip():
            text = f"*{text}*"
        href = web_link(r.href) if r.href else None
        if href and not any(c in href for c in " <>()"):
            text = f"[{text}]({href})"
        out.append(text)
    return "".join(out)


def narrative_markdown(text: str) -> list[str]:
    """The narrative as Markdown paragraphs and lists (text escaped; only the subset's own markup)."""
    out: list[str] = []
    for block in narrative_blocks(text):
        if block.kind == "p":
            out += [_md_runs(block.runs), ""]
        else:
            for number, item in enumerate(block.items, start=1):
                marker = f"{number}." if block.kind == "ol" else "-"
                out.append(f"{marker} {_md_runs(item).strip()}")
            out.append("")
    return out


def _html_runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = escape(r.text)
        if r.code:
            text = f"<code>{text}</code>"
        if r.bold:
            text = f"<strong>{text}</strong>"
        if r.italic:
            text = f"<em>{text}</em>"
        href = web_link(r.href) if r.href else None
        if href:
            text = f'<a href="{escape(href)}">{text}</a>'
        out.append(text)
    return "".join(out)


def narrative_report_html(text: str) -> SafeString:
    """The narrative for the report file and its PDF: one ``<p>`` per paragraph and one ``<li>`` per list item
    (no paragraphs inside items), every piece of text escaped."""
    out = []
    for block in narrative_blocks(text):
        if block.kind == "p":
            out.append(f"<p>{_html_runs(block.runs)}</p>")
        else:
            items = "".join(f"<li>{_html_runs(item).strip()}</li>" for item in block.items)
            out.append(f"<{block.kind}>{items}</{block.kind}>")
    return mark_safe("\n".join(out))  # noqa: S308 - every piece escaped above
