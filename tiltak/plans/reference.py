"""Reference data (the ministry register and the known status scales) kept as JSON in ``plans/data``.

The functions take the model classes as arguments so a data migration can pass its historical models.
They are idempotent: running them again updates rows in place and creates nothing twice.
"""

import datetime
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_ministries(Ministry, rows: list[dict] | None = None) -> None:
    rows = read_json("ministries.json") if rows is None else rows
    by_key = {}
    for row in rows:
        ministry, _ = Ministry.objects.update_or_create(
            abbreviation=row["abbreviation"], valid_from=_date(row["valid_from"]),
            defaults={"name": row["name"], "name_en": row["name_en"], "valid_to": _date(row["valid_to"])},
        )
        by_key[(row["abbreviation"], row["valid_from"])] = ministry
    for row in rows:
        if row["successor"]:
            ministry = by_key[(row["abbreviation"], row["valid_from"])]
            ministry.successor = by_key[tuple(row["successor"])]
            ministry.save(update_fields=["successor"])


def load_scales(StatusScale, Grade, StatusLabel, rows: list[dict] | None = None) -> None:
    rows = read_json("scales.json") if rows is None else rows
    for row in rows:
        scale, _ = StatusScale.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"]})
        for position, grade_row in enumerate(row["grades"]):
            grade, _ = Grade.objects.update_or_create(
                scale=scale, position=position,
                defaults={key: grade_row[key] for key in (
                    "name", "name_en", "meaning", "colour", "description", "description_en")},
            )
            for label_position, (text, text_en) in enumerate(grade_row["labels"]):
                StatusLabel.objects.update_or_create(
                    grade=grade, text=text, defaults={"text_en": text_en, "position": label_position}
                )
