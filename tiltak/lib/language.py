"""Words tiltak writes in both its languages: month names, a round's label, and the English-when-there-is-one rule.

No Django here: the importer reads the labels it writes, the actions and the models write them, the report renders
them; all of them with these few lines.
"""

import datetime

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip


def round_label(as_of: datetime.date, lang: str = "nb") -> str:
    """«Status per februar 2012» (bokmål, as the reports say it), or «Status as of February 2012» in English."""
    if lang == "en":
        return f"Status as of {MONTHS_EN[as_of.month - 1]} {as_of.year}"
    return f"Status per {MONTHS_NB[as_of.month - 1]} {as_of.year}"


def round_in_language(lang: str, label: str, as_of: datetime.date) -> str:
    """A round's label as a reader sees it: in English made from the as-of date, as the English report says it."""
    return round_label(as_of, "en") if lang == "en" else label


def in_language(lang: str, text: str, text_en: str | None) -> str:
    """``text_en`` for an English reader where there is one, else ``text`` (bokmål or nynorsk, as written)."""
    return text_en if lang == "en" and text_en else text
