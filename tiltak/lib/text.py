"""Text as tiltak stores it: one normal form, whatever typed, pasted, imported or restored it.

No Django here: the importer's parsing core and the report format use it too.

The normal form of a text (``normalise_text``):
- line endings are «\\n» (browsers send CRLF; old Macs CR); Word's manual line break (Shift+Enter, U+000B),
  the form feed (U+000C), NEL (U+0085) and U+2028 become a line break, U+2029 a blank line;
- Unicode NFC, so «å» typed as a + ring compares equal to «å»;
- no blanks at the end of a line, no blank lines at the start or the end;
- no characters XML 1.0 cannot hold (DOCX, XLSX) or that carry nothing visible: other C0/C1 control characters,
  DEL, the non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …) and a byte-order mark are dropped.
A one-line value (titles, labels, numbers, slugs) is also stripped at both ends.

Two things are never normalised but refused, because they mean the input is broken rather than typed: NUL
(PostgreSQL cannot store it) and lone surrogates (not text; no UTF-8 encoding exists). ``text_problem`` names them.

Lengths count characters as a person sees them, approximated as Unicode code points after NFC (an «å» is one
character however it was typed; an emoji with skin tone counts as two).
"""

import re
import unicodedata

# Line separators other than «\n» (CRLF first, so it becomes one break).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028]")
_PARAGRAPH_BREAK = re.compile("\u2029")
# Dropped: C0 controls but TAB, LF (and NUL, refused), DEL, C1 controls, BOM/ZWNBSP, non-characters.
_DROPPED = re.compile(
    "[\x01-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufeff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff\U0005fffe\U0005ffff"
    "\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff"
    "\U000bfffe\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)
_TRAILING_BLANKS = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """A multi-line text in tiltak's normal form (see the module's docstring). Idempotent."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    text = _DROPPED.sub("", text)
    if not _SURROGATE.search(text):
        # NFC of a string with a lone surrogate is undefined; such a text is refused by text_problem anyway.
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_BLANKS.sub("", text)
    return text.strip("\n")


def normalise_line(text: str) -> str:
    """A one-line value in normal form: as a text, and stripped of blanks at both ends. Line breaks are kept
    (so that ``line_problem`` can refuse them): a one-line value must not silently lose its second line."""
    return normalise_text(text).strip()


def text_problem(text: str) -> str | None:
    """What makes ``text`` unstorable even after normalising, in English, or None. For messages in other
    languages, compare with the constants below."""
    if "\x00" in text:
        return NUL
    if _SURROGATE.search(text):
        return SURROGATE
    return None


def line_problem(text: str) -> str | None:
    """As ``text_problem``, and a one-line value must have no line break (it goes into e-mail subjects and
    headings; a CR/LF there is a header injection)."""
    problem = text_problem(text)
    if problem is None and ("\n" in text or "\r" in text):
        return LINE_BREAK
    return problem


def length(text: str) -> int:
    """The length a person sees, as the limits count it: code points of the NFC form."""
    if _SURROGATE.search(text):
        return len(text)
    return len(unicodedata.normalize("NFC", text))


NUL = "contains a NUL character (U+0000)"
SURROGATE = "contains a lone surrogate (not valid Unicode text)"
LINE_BREAK = "must be one line (it contains a line break)"
