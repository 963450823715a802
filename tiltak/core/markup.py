"""Narratives are stored as the text people typed. Shown, they are a small Markdown subset, made safe.

The text is HTML-escaped *before* Markdown sees it, so any HTML a person typed is shown as the characters
they typed (never run, never silently dropped); nh3 then keeps only the few tags the subset produces, as
a second guard (against a «javascript:» link, say).
"""

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from tiltak.lib.textdiff import kept_words, word_diff

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_narrative(text: str) -> SafeString:
    escaped = html.escape(text or "", quote=False)
    rendered = markdown.markdown(escaped, output_format="html")
    cleaned = nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow")
    return mark_safe(cleaned)  # noqa: S308 - escaped above, then sanitised by nh3


_TAGS = {"removed": "del", "added": "ins"}


def diff_words(before: str, after: str) -> SafeString:
    """``after`` with words removed since ``before`` in <del> and words added in <ins>, all text escaped (the word
    diff itself is tiltak.lib.textdiff's, the one the import's preview shows too)."""
    parts = []
    for kind, piece in word_diff(before, after):
        tag = _TAGS.get(kind)
        parts.append(f"<{tag}>{html.escape(piece)}</{tag}>" if tag else html.escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


REWRITTEN_BELOW = 0.5  # under half the words kept: shown before and after, not word by word


def mostly_rewritten(before: str, after: str) -> bool:
    """Whether most of the old text is gone and most of the new text is new (less than half of either's words
    kept), so a word diff would interleave two different texts into nonsense. Text added to or cut from a
    narrative that stays is not a rewrite; both texts must hold something."""
    old, new, kept = kept_words(before, after)
    if not old or not new:
        return False
    return kept < REWRITTEN_BELOW * min(old, new)
