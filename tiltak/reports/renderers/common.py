"""Small helpers every renderer shares: paragraphs, safe links and readable text on a grade's colour."""

import re

from tiltak.lib.values import safe_link

_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line (report JSON's rule); single line breaks stay inside one."""
    return [p.strip() for p in _BLANK_LINE.split(text or "") if p.strip()]


def web_link(url: str) -> str | None:
    """``url`` if it is safe to make clickable (http, https, mailto); None for anything else (javascript:, …)."""
    return safe_link(url)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour_on(colour: str) -> str:
    """Black or white, whichever has the higher WCAG contrast on ``colour`` (#rrggbb)."""
    light = _luminance(colour)
    on_black = (light + 0.05) / 0.05
    on_white = 1.05 / (light + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def colour_class(colour: str) -> str:
    """The class name for a #rrggbb colour (empty for anything else, so no text reaches the CSS).

    Pages run under a Content-Security-Policy without inline style attributes, so a colour that is data is
    given as a class, and `colour_rules` writes the class's custom properties into one nonce-carrying style.
    """
    if not isinstance(colour, str) or not HEX_COLOUR.fullmatch(colour):
        return ""
    return f"colour-{colour[1:].lower()}"


def colour_rules(colours) -> str:
    """CSS rules setting --grade-colour and --grade-text for each #rrggbb colour (others are left out)."""
    valid = sorted({c.lower() for c in colours if isinstance(c, str) and HEX_COLOUR.fullmatch(c)})
    return "".join(f".{colour_class(c)}{{--grade-colour:{c};--grade-text:{text_colour_on(c)}}}" for c in valid)
