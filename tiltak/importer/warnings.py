"""Where a report contradicts itself: the overview table against the sections, and the numbering."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from .document import ParsedMeasure, ParseWarning
from .lexicon import strip_letters

if TYPE_CHECKING:
    from .orthography import Restorer
    from .overview import OverviewRow


def _words(title: str) -> list[str]:
    return [w for w in re.split(r"[^\wæøåÆØÅ]+", title.casefold()) if w]


def _ocr_alike(a: str, b: str) -> bool:
    """Whether two spellings differ only the way OCR output differs."""
    x, y = strip_letters(a), strip_letters(b)
    if x == y:
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 and abs(len(x) - len(y)) <= 2


def _joined_alike(a: str, b: str) -> bool:
    """Words split or joined differently (a hyphen lost at a line break), with at most a letter's OCR noise."""
    x, y = strip_letters(a), strip_letters(b)
    return x == y or (difflib.SequenceMatcher(None, x, y).ratio() >= 0.9 and abs(len(x) - len(y)) <= 1)


def titles_disagree(overview: str, section: str) -> bool:
    """Whether the two titles say different things (not merely OCR noise, punctuation or a word split by a hyphen)."""
    a, b = _words(overview), _words(section)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        left, right = a[i1:i2], b[j1:j2]
        if op == "replace" and len(left) == len(right) and all(map(_ocr_alike, left, right)):
            continue
        if left and right and _joined_alike("".join(left), "".join(right)):
            continue
        return True
    return False


def _wordiness(words: list[str], restorer: Restorer) -> tuple[bool, float]:
    """(all are words, the rarest word's frequency) — hyphenated words by their best part."""
    cleaned = [re.sub(r"[^\w-]", "", w) for w in words]
    freq = min(
        (max((restorer.lexicon.frequency(p.casefold()) for p in w.split("-") if p), default=0.0) for w in cleaned),
        default=0.0,
    )
    return all(restorer.is_word(w) for w in cleaned if w), freq


def better_title(section: str, overview: str, restorer: Restorer) -> str:
    """The section's title with words the overview spells as real words where the section's OCR did not."""
    a = re.findall(r"\S+", section)
    b = re.findall(r"\S+", overview)
    key = [re.sub(r"[^\w]", "", w).casefold() for w in a]
    keyb = [re.sub(r"[^\w]", "", w).casefold() for w in b]
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, key, keyb, autojunk=False).get_opcodes():
        left, right = a[i1:i2], b[j1:j2]
        if op == "replace" and left and right and _ocr_alike("".join(key[i1:i2]), "".join(keyb[j1:j2])):
            pairs = list(zip(left, right, strict=True)) if len(left) == len(right) else [(left, right)]
            for lw, rw in pairs:
                lws, rws = ([lw], [rw]) if isinstance(lw, str) else (lw, rw)
                left_ok, score_l = _wordiness(lws, restorer)
                right_ok, score_r = _wordiness(rws, restorer)
                if score_r > score_l + 0.5 and (right_ok or not left_ok):
                    out.extend(_keep_punct(lws, rws))
                else:
                    out.extend(lws)
            continue
        out.extend(left)
    return " ".join(out)


def _keep_punct(left: list[str], right: list[str]) -> list[str]:
    """Right's words with the trailing punctuation of left's last word."""
    tail = re.search(r"[^\w]*$", left[-1]).group()
    words = [re.sub(r"[^\w-]+$", "", w) for w in right]
    words[-1] = words[-1] + tail
    return words


def compare_overview(
    measures: list[ParsedMeasure],
    overview: list[tuple[OverviewRow, str, str | None, str | None]],
    restorer: Restorer,
    raw_titles: dict[str, str] | None = None,
) -> list[ParseWarning]:
    """One warning per contradiction; fills each measure's ``status_overview`` (and mends its title)."""
    found: list[ParseWarning] = []
    # Numbering of the sections.
    seen: set[str] = set()
    previous: int | None = None
    for m in measures:
        if m.number in seen:
            found.append(ParseWarning(m.number, "number_repeated", f"Tiltak {m.number} står to ganger."))
        seen.add(m.number)
        major = int(m.number.split(".")[0]) if m.number.split(".")[0].isdigit() else None
        if major is not None and previous is not None and major > previous + 1:
            gap = ", ".join(str(k) for k in range(previous + 1, major))
            found.append(ParseWarning(m.number, "number_skipped", f"Nummereringen hopper over {gap}."))
        if major is not None:
            previous = major
    if not overview:
        return found
    by_number = {}
    for row, title, label, nearest in overview:
        if row.number in by_number:
            found.append(ParseWarning(row.number, "number_repeated",
                                      f"Tiltak {row.number} står to ganger i oversiktstabellen."))
            continue
        by_number[row.number] = (row, title, label, nearest)
        if label is None and row.status_raw:
            found.append(ParseWarning(row.number, "unknown_status",
                                      f"Ukjent status «{row.status_raw}» i oversiktstabellen; "
                                      f"nærmest kjente er «{nearest}»."))
        for tok in row.unknown_ministries:
            found.append(ParseWarning(row.number, "unknown_ministry",
                                      f"Ukjent departementsforkortelse «{tok}» i oversiktstabellen."))
    section_numbers = {m.number for m in measures}
    for m in measures:
        entry = by_number.get(m.number)
        if entry is None:
            found.append(ParseWarning(m.number, "missing_in_overview",
                                      f"Tiltak {m.number} står ikke i oversiktstabellen."))
            continue
        row, title, label, _ = entry
        m.status_overview = label
        raw_section = (raw_titles or {}).get(m.number)
        raw_alike = raw_section is not None and not titles_disagree(row.title, raw_section)
        if title and titles_disagree(title, m.title) and not raw_alike:
            found.append(ParseWarning(m.number, "title_mismatch",
                                      f"Oversiktstabellen kaller tiltaket «{title}», avsnittet «{m.title}»."))
        elif title:
            m.title = better_title(m.title, title, restorer)
        if row.responsible and m.responsible and row.responsible != m.responsible:
            found.append(ParseWarning(m.number, "ministries_mismatch",
                                      f"Oversiktstabellen sier ({','.join(row.responsible)}), "
                                      f"avsnittet sier ({','.join(m.responsible)})."))
        if not m.responsible and row.responsible:
            m.responsible = list(row.responsible)
        if label and m.status and label != m.status:
            found.append(ParseWarning(m.number, "status_mismatch",
                                      f"Oversiktstabellen sier «{label}», avsnittet sier «{m.status}»."))
        if m.status is None and label and not any(w.measure == m.number and w.code == "unknown_status"
                                                  for w in found):
            m.status = label
    for number in by_number:
        if number not in section_numbers:
            found.append(ParseWarning(number, "missing_section",
                                      f"Tiltak {number} står i oversiktstabellen, men har ikke eget avsnitt."))
    return found
