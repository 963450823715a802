"""Two texts compared word by word, for showing a change as a diff (no Django)."""

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` → ``after`` as ("same" | "removed" | "added", text) pieces, whitespace kept with the words."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    pieces: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    return pieces


def kept_words(before: str, after: str) -> tuple[int, int, int]:
    """(words in ``before``, words in ``after``, words the word diff keeps of both), white space not counted."""
    old = [t for t in _TOKENS.findall(before or "") if not t.isspace()]
    new = [t for t in _TOKENS.findall(after or "") if not t.isspace()]
    kept = sum(block.size for block in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_matching_blocks())
    return len(old), len(new), kept
