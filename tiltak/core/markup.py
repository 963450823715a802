"""Narratives are stored as the text people typed. Shown, they are a small Markdown subset, made safe.

The text is HTML-escaped *before* Markdown sees it, so any HTML a person typed is shown as the characters
they typed (never run, never silently dropped); nh3 then keeps only the few tags the subset produces, as
a second guard (against a «javascript:» link, say).
"""

import difflib
import html
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_narrative(text: str) -> SafeString:
    escaped = html.escape(text or "", quote=False)
    rendered = markdown.markdown(escaped, output_format="html")
    cleaned = nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow")
    return mark_safe(cleaned)  # noqa: S308 - escaped above, then sanitised by nh3


_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_words(before: str, after: str) -> SafeString:
    """``after`` with words removed since ``before`` in <del> and words added in <ins>, all text escaped."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(''.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(''.join(new[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(html.escape("".join(new[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


REWRITTEN_BELOW = 0.5  # under half the words kept: shown before and after, not word by word


def mostly_rewritten(before: str, after: str) -> bool:
    """Whether most of the old text is gone and most of the new text is new (less than half of either's words
    kept), so a word diff would interleave two different texts into nonsense. Text added to or cut from a
    narrative that stays is not a rewrite; both texts must hold something."""
    old = [t for t in _TOKENS.findall(before or "") if not t.isspace()]
    new = [t for t in _TOKENS.findall(after or "") if not t.isspace()]
    if not old or not new:
        return False
    kept = sum(block.size for block in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_matching_blocks())
    return kept < REWRITTEN_BELOW * min(len(old), len(new))
