"""`tiltak restore`: an export (:mod:`tiltak.plans.backup`) back into an empty database, in one transaction.

The one bulk write of every model at once: each object is checked by the same rules as every other way in
(:func:`tiltak.plans.validation.clean_instance`), and nothing is kept unless all of it loads.
"""

import json

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from tiltak.lib.text import text_problem
from tiltak.plans import validation
from tiltak.plans.actions import search_index
from tiltak.plans.backup import EXPORT_FORMAT, exported_models


class RestoreRefused(ValueError):
    """The document or the database is not fit for a restore; the message says why."""


def _unlink_self_references(model) -> None:
    """Clear nullable links from a model to itself (a ministry's successor) so its rows can be deleted."""
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is model and field.null:
            model._default_manager.exclude(**{f"{field.name}__isnull": True}).update(**{field.name: None})


def _broken_text(objects: list) -> str | None:
    """NUL or a lone surrogate anywhere in the export (in a field the rules do not cover, a user's name say)."""
    stack = [(f"objects[{i}]", obj) for i, obj in enumerate(objects)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                return f"{where}: {problem}"
        elif isinstance(value, dict):
            stack.extend((f"{where}.{key}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None


def _from_older_versions(objects: list) -> list:
    """An export made by an earlier tiltak, in today's shape: chapters (a model never used, dropped by migration
    plans/0011) and the measures' empty link to them are left out."""
    upgraded = []
    for obj in objects:
        if isinstance(obj, dict) and obj.get("model") == "plans.chapter":
            continue
        if isinstance(obj, dict) and obj.get("model") == "plans.measure" and isinstance(obj.get("fields"), dict):
            obj = {**obj, "fields": {k: v for k, v in obj["fields"].items() if k != "chapter"}}
        upgraded.append(obj)
    return upgraded


def restore_document(*, document: dict) -> int:
    """Load an export into a database that holds no plan and no user. Returns the number of objects."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise RestoreRefused(f"not a tiltak export: 'format' must be {EXPORT_FORMAT!r}")
    if not isinstance(document.get("objects"), list):
        raise RestoreRefused("'objects' must be a list")
    problem = _broken_text(document["objects"])
    if problem:
        raise RestoreRefused(problem)
    Plan = apps.get_model("plans", "Plan")
    User = apps.get_model("auth", "User")
    if Plan.objects.exists() or User.objects.exists():
        raise RestoreRefused("the database is not empty (it holds plans or users); restore needs an empty one")
    models = exported_models()
    try:
        with transaction.atomic():
            # Reference data that migrations loaded is replaced by the export's own rows (same keys).
            for model in reversed(models):
                _unlink_self_references(model)
                model._default_manager.all().delete()
            count = 0
            objects = _from_older_versions(document["objects"])
            for obj in serializers.deserialize("json", json.dumps(objects), handle_forward_references=True):
                # Deserialising normalised the text (the fields' to_python); this refuses what the rules refuse.
                validation.clean_instance(obj.object)
                obj.save()
                count += 1
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            search_index.rebuild()
    except ValidationError as exc:
        raise RestoreRefused(f"the export cannot be loaded: {' '.join(exc.messages)}") from None
    except (DeserializationError, IntegrityError, DatabaseError, LookupError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RestoreRefused(f"the export cannot be loaded: {message}") from None
    return count
