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

# The characters the rules below treat specially, as code point ranges: the one source of the regular expressions
# here and of the API's patterns (``char_class``), so the description can never say other than what is done.
LINE_BREAKS = [(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)]  # LF, VT, FF, CR, NEL, LS, PS
# Dropped: C0 controls but TAB, LF, VT, FF, CR (and NUL, refused), DEL, C1 controls but NEL, BOM/ZWNBSP,
# non-characters.
DROPPED = [(0x01, 0x08), (0x0E, 0x1F), (0x7F, 0x84), (0x86, 0x9F), (0xFEFF, 0xFEFF), (0xFDD0, 0xFDEF),
           *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))]
# What Python's str.isspace() and str.strip() call white space (U+001C–U+001F among them, unlike ECMAScript's \s).
WHITE_SPACE = [(0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
               (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000)]
NUL_RANGE = [(0x00, 0x00)]


def char_class(*ranges: list[tuple[int, int]], negated: bool = False) -> str:
    """A regular-expression character class of the code points in ``ranges`` that means the same in Python's re,
    ECMAScript (the JSON Schema dialect, with the u flag) and Rust's regex (pydantic): \\uXXXX escapes in the BMP,
    the characters themselves beyond it (no \\s, \\S or \\w, whose meaning differs)."""
    merged: list[list[int]] = []
    for start, end in sorted(r for group in ranges for r in group):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])

    def one(code: int) -> str:
        return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)

    body = "".join(one(start) if start == end else f"{one(start)}-{one(end)}" for start, end in merged)
    return f"[{'^' if negated else ''}{body}]"


_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028]")  # CRLF first, so it becomes one break
_PARAGRAPH_BREAK = re.compile("\u2029")
_DROPPED = re.compile(char_class(DROPPED))
_TRAILING_BLANKS = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ANY_LINE_BREAK = re.compile(char_class(LINE_BREAKS))


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
    if problem is None and _ANY_LINE_BREAK.search(text):
        return LINE_BREAK
    return problem


def blank(text: str) -> bool:
    """Whether ``text`` shows nothing once normalised: only white space and dropped characters (a required
    text must have more)."""
    return not _VISIBLE.search(text)


def length(text: str) -> int:
    """The length a person sees, as the limits count it: code points of the NFC form."""
    if _SURROGATE.search(text):
        return len(text)
    return len(unicodedata.normalize("NFC", text))


NUL = "contains a NUL character (U+0000)"
SURROGATE = "contains a lone surrogate (not valid Unicode text)"
LINE_BREAK = "must be one line (it contains a line break)"


# The rules above as patterns (for the API's description: JSON Schema patterns have no flags; each is anchored and
# means the same in ECMAScript as in Python's re.fullmatch). Surrogates are left out: no JSON text tiltak reads
# holds one (tiltak.api.parser refuses it), and Rust's regex cannot name them.
VISIBLE = char_class(NUL_RANGE, WHITE_SPACE, DROPPED, negated=True)  # stays after normalising, and shows
_VISIBLE = re.compile(VISIBLE)
_SPACE_OR_DROPPED = char_class(WHITE_SPACE, DROPPED)
_NOT_NUL = char_class(NUL_RANGE, negated=True)
_NOT_NUL_OR_BREAK = char_class(NUL_RANGE, LINE_BREAKS, negated=True)
# Any text without NUL (it is normalised on the way in).
TEXT_PATTERN = f"^{_NOT_NUL}*$"
# A text with something visible in it.
SOME_TEXT_PATTERN = f"^{_NOT_NUL}*{VISIBLE}{_NOT_NUL}*$"
# One line with something visible; white space and line breaks at either end are stripped on the way in.
ONE_LINE_PATTERN = f"^{_SPACE_OR_DROPPED}*{VISIBLE}(?:{_NOT_NUL_OR_BREAK}*{VISIBLE})?{_SPACE_OR_DROPPED}*$"
