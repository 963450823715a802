"""Loading the reference data (the ministry register and the known status scales, JSON in ``plans/data``).

The data migrations that bring a database's register up to date call these, with their historical models: the
functions take the model classes as arguments. They are idempotent: running them again updates rows in place and
creates nothing twice. (The register is read-only in the admin: a change is a change of the JSON and a migration.)
"""

import datetime
from collections import Counter

from tiltak.plans.reference import read_json


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_ministries(Ministry, rows: list[dict] | None = None) -> None:
    """Create or update the register's rows. A row is found again by its abbreviation and name where that pair is
    unique in the data (so a corrected start date moves the existing row rather than adding one), else by its
    abbreviation and start date."""
    rows = read_json("ministries.json") if rows is None else rows
    names = Counter((row["abbreviation"], row["name"]) for row in rows)
    by_key = {}
    matched: set[int] = set()
    pending = []
    for row in rows:
        ministry = None
        if names[row["abbreviation"], row["name"]] == 1:
            found = [m for m in Ministry.objects.filter(abbreviation=row["abbreviation"], name=row["name"])
                     if m.pk not in matched]
            ministry = found[0] if len(found) == 1 else None
        if ministry is None:
            pending.append(row)
            continue
        matched.add(ministry.pk)
        ministry.valid_from, ministry.valid_to = _date(row["valid_from"]), _date(row["valid_to"])
        ministry.name_en = row["name_en"]
        ministry.save(update_fields=["valid_from", "valid_to", "name_en"])
        by_key[(row["abbreviation"], row["valid_from"])] = ministry
    for row in pending:
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
