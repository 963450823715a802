"""Natural ordering of measure numbers: «2» before «10», «3.2» before «3.10»."""

import re

_PART = re.compile(r"(\d+)|(\D+)")
WIDTH = 6


def natural_key(number: str) -> str:
    """A string that sorts, as plain text, in the natural order of measure numbers.

    Runs of digits are zero-padded to a fixed width so the database can order by it with a plain
    ORDER BY, on SQLite and PostgreSQL alike.
    """
    parts = []
    for digits, other in _PART.findall(number.strip()):
        parts.append(digits.zfill(WIDTH) if digits else other.lower())
    return "".join(parts)
