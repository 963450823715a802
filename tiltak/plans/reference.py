"""Reference data (the ministry register and the known status scales) kept as JSON in ``plans/data``; loaded
into the database by the data migrations through :mod:`tiltak.plans.actions.reference`."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
