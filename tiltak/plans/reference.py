"""Reference data (the ministry register and the known status scales) kept as JSON in ``plans/data``; loaded
into the database by the data migrations through :mod:`tiltak.plans.actions.reference`."""

import functools
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def ministry_names() -> dict[str, str]:
    """Every way the register writes a ministry — abbreviation, earlier abbreviations, full name in bokmål and
    English, informal names («Justisdepartementet») — casefolded, to its abbreviation."""
    names: dict[str, str] = {}
    for row in read_json("ministries.json"):
        for written in [row["abbreviation"], row["name"], row.get("name_en") or "",
                        *row.get("other_abbreviations", []), *row.get("other_names", [])]:
            if written:
                names.setdefault(" ".join(written.split()).casefold(), row["abbreviation"])
    return names
