"""URL slugs from Norwegian titles."""

import re
import unicodedata

# Transliterated as Norwegians write them in addresses (www.regjeringen.no/no/tema/…); slugify would drop them.
_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "–": "-", "—": "-"})


def norwegian_slug(text: str, *, max_length: int = 80) -> str:
    """«Handlingsplan mot vold (2014–2017)» → «handlingsplan-mot-vold-2014-2017»."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_NORWEGIAN)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    slug = re.sub(r"[-\s_]+", "-", slug).strip("-")
    return slug[:max_length].rstrip("-")
