"""From OCR lines to clean paragraphs: page-break junk, lines joined, words split over lines joined, lists, quotes."""

from __future__ import annotations

import re
from collections.abc import Callable

TERMINAL = tuple(".!?:»\"”")
BULLET_RE = re.compile(r"^\s*(?:[¢•·▪■●*o e–-])\s+(?=[A-ZÆØÅ«\"(])")
NUMBERED_RE = re.compile(r"^\s*\d{1,2}\)\s+")
URL_RE = re.compile(r"(?:https?://|www\.)\S+")
LINK_ITEM_RE = re.compile(r"^(?:[-•·▪■●*–]\s+)?((?:https?://|www\.)\S+)$")
URL_AT_END_RE = re.compile(r"(?:https?://|www\.)\S+(?: \S+\.\w{2,5})?$")
YEAR_RANGE_RE = re.compile(r"\b((?:19|20)\d\d)(\s?)-(\s?)(?=(?:19|20)\d\d\b|\s?[a-zæøå]+ (?:19|20)\d\d\b)")
# A URL whose underscore the OCR read as a space: «…/Vedlegg 1407.pdf».
URL_SPACE_RE = re.compile(r"((?:https?://|www\.)\S*[^/\s]) (\S+\.(?:pdf|docx?|xlsx?|html?|xhtml|aspx?))\b")


def normalise_characters(text: str) -> str:
    """Line endings, spaces, and characters no document means (form feeds, soft hyphens)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u200b", "")
    return text


def normalise_quotes(text: str) -> str:
    """Curly quotes the OCR made of straight ones become straight; «» and apostrophes inside words stay."""
    text = re.sub(r"[”“„]", '"', text)
    text = re.sub(r"(^|[\s(])[’‘](?=\w)", r'\1"', text)
    text = re.sub(r"(?<=[\w.])[’‘](?=[\s).,;:]|$)", '"', text)
    text = re.sub(r"(^|[\s(])\*(?=[A-ZÆØÅa-zæøå])", r'\1"', text)
    return text


def tidy(text: str) -> str:
    text = normalise_quotes(text)
    text = YEAR_RANGE_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}–{m.group(3)}", text)
    text = URL_SPACE_RE.sub(r"\1_\2", text)
    text = re.sub(r"[ \t]+", " ", text)
    return text.strip()


def _address_goes_on(last: str, line: str) -> bool:
    """Whether ``line`` continues the web address ``last`` that a line break cut."""
    if not URL_RE.match(last):
        return False
    if last.endswith(("/", "?", "=", "&", "_", "-", ".")):
        return True
    head = line.split(" ", 1)[0]
    return not line[:1].isupper() and "/" in head and bool(re.fullmatch(r"[\w/?=&%.+-]+", head))


def join_lines(lines: list[str], is_word: Callable[[str], bool]) -> str:
    """Join the lines of one paragraph; a word split over two lines is joined only where the whole is a word."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        m = re.search(r"([\w@&\]]+)-$", out)
        if m and not URL_RE.search(out.rsplit(" ", 1)[-1]):
            left = m.group(1)
            right_m = re.match(r"[\w@&\]]+", line)
            right = right_m.group() if right_m else ""
            if right and right[0].islower() and not left.isupper() and right not in {"og", "eller", "samt"}:
                if is_word(left + right):
                    out = out[:-1] + line
                    continue
                out = out + line
                continue
            if right in {"og", "eller", "samt"}:
                out = out + " " + line
                continue
            out = out + line  # «NAV-kontoret», «Vest-Balkan», «ID-dokumenter»
            continue
        if _address_goes_on(out.rsplit(" ", 1)[-1], line):
            out = out + line  # an address broken over two lines
            continue
        if out.endswith(("/", "/-")) or (out.endswith("–") and line[:1].isdigit()):
            out = out + line  # «kriminelle-/rusmiljøer», «2011–2013»
            continue
        out = out + " " + line
    return out


def paragraphs(
    lines: list[str], is_word: Callable[[str], bool], width: int | None = None, *, exact: bool = False
) -> list[str]:
    """Group OCR lines into paragraphs.

    A blank line ends a paragraph only where the text before it ends a sentence (page breaks fall mid-sentence);
    a list item starts one; a line indented after a finished sentence starts one; a short line that ends a sentence
    ends one. With ``exact`` (DOCX, PDF) every blank line ends a paragraph and nothing else does but a list item.
    """
    if width is None:
        lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
        width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    groups: list[list[str]] = []
    current: list[str] = []
    pending_blank = False
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            pending_blank = True
            continue
        prev = current[-1].strip() if current else ""
        ends = (
            prev.endswith(TERMINAL)
            or (prev.endswith(")") and prev[-2:-1] in {".", '"'})
            or bool(URL_AT_END_RE.search(prev))  # an address closes its paragraph
        )
        is_item = bool(BULLET_RE.match(line) or NUMBERED_RE.match(line))
        if exact:
            starts_new = not current or is_item or pending_blank
        else:
            starts_new = (
            not current
            or is_item
            or (pending_blank and ends)
            or (line.startswith(" ") and ends)
            or (ends and len(prev) < 0.7 * width and not URL_RE.match(line.strip()))
            or (
                current
                and (BULLET_RE.match(current[0]) or NUMBERED_RE.match(current[0]))
                and (ends or pending_blank)
            )
            )
        if starts_new and current:
            groups.append(current)
            current = []
        current.append(line)
        pending_blank = False
    if current:
        groups.append(current)
    out = []
    for group in groups:
        first = group[0]
        bullet = BULLET_RE.match(first)
        if bullet:
            group = [first[bullet.end() :], *group[1:]]
        text = join_lines(group, is_word)
        if bullet:
            text = "- " + text
        out.append(text)
    return [p for p in out if p]


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def split_links(pars: list[str]) -> tuple[list[str], list[str]]:
    """A section's closing list of links (paragraphs that are only addresses, with or without a bullet) apart from
    its text: (the paragraphs before it, the addresses). Where some of them carry bullets, only those are the list."""
    items: list[tuple[str, bool]] = []
    for par in reversed(pars):
        tokens = re.split(r"\s+(?=[-•·▪■●*–]\s)", par.strip())  # items a line break did not keep apart
        matches = [LINK_ITEM_RE.match(t) for t in tokens]
        if not all(matches):
            break
        items.append((par, any(t[:1] in "-•·▪■●*–" for t in tokens)))
    if any(bulleted for _, bulleted in items):
        while items and not items[-1][1]:
            items.pop()
    if not items:
        return pars, []
    kept = pars[: len(pars) - len(items)]
    links = [m.group(1) for par, _ in reversed(items) for t in re.split(r"\s+(?=[-•·▪■●*–]\s)", par.strip())
             if (m := LINK_ITEM_RE.match(t))]
    return kept, unique(links)
