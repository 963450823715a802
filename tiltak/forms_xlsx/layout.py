"""The fill-in form's shape: its sheets, its columns and their words in bokmål and English.

The reader (Django-free) knows the shape by position only; the words are checked here, in both languages,
after the file is read.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

FORMAT = "tiltak.form/1"
META_SHEET = "tiltak"
LANGUAGES = ("nb", "en")

# 1-based columns of the form's sheet
NUMBER, MEASURE, RESPONSIBLE, STATUS, TEXT, LINKS, PREVIOUS_STATUS, PREVIOUS_TEXT = range(1, 9)
FILLED = (STATUS, TEXT, LINKS)
WIDTHS = {NUMBER: 8, MEASURE: 45, RESPONSIBLE: 20, STATUS: 28, TEXT: 80, LINKS: 40, PREVIOUS_STATUS: 24,
          PREVIOUS_TEXT: 70}
HEADER_ROW = 1
FIRST_ROW = 2
# The metadata sheet: key/value rows, then from META_ROWS one row per entry: number, version, digest, role.
META_KEYS = ("format", "plan", "round", "ministry", "language", "exported_at", "signature")
META_ROWS = 10


def headers(lang: str) -> list[str]:
    with translation.override(lang):
        # In their own context: other catalogues translate «Tiltak» as the plural «Measures».
        return [pgettext("form column", "Nr."), pgettext("form column", "Tiltak"),
                pgettext("form column", "Ansvarlige"), pgettext("form column", "Status"),
                pgettext("form column", "Statustekst"), pgettext("form column", "Lenker"),
                pgettext("form column", "Forrige status"), pgettext("form column", "Forrige statustekst")]


def instructions_title(lang: str) -> str:
    with translation.override(lang):
        return _("Veiledning")


def known_headers() -> list[list[str]]:
    return [headers(lang) for lang in LANGUAGES]
