"""Checks every format's extracted text must pass against the register."""

import re
from html.parser import HTMLParser


def flat(text: str) -> str:
    return " ".join(text.split())


def status_lines(text: str, labels: set[str]) -> list[str]:
    """The X of every «Status: X» in reading order (the longest label wins: «Løpende/under gjennomføring»)."""
    choices = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.findall(rf"Status: ({choices})", flat(text))


def assert_holds_register(text: str, register: list[dict], grades: list[tuple[str, str]], *, lang: str = "nb"):
    """The legend, every title, and one «Status: X» per measure with the register's status, in order."""
    text = flat(text)
    english = lang == "en"
    for name, name_en in grades:
        assert (name_en if english else name) in text
    for row in register:
        assert flat(row["title"]) in text, f"title of measure {row['number']} is missing"
    key = "status_en" if english else "status"
    labels = {r[key] for r in register} | {g[1] if english else g[0] for g in grades}
    assert status_lines(text, labels) == [r[key] for r in register]


class _Text(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "li", "tr", "td", "th", "div", "caption", "title", "br"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
