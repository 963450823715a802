"""Everything in the database as one JSON document (`tiltak export`); :mod:`tiltak.plans.actions.restore` loads
it back into an empty database with nothing lost.

Generic over models: every model of tiltak's own apps plus Django's users and groups, in dependency order,
so a model added later is exported without touching this file.
"""

import json

from django.apps import apps
from django.core import serializers
from django.utils import timezone

EXPORT_FORMAT = "tiltak.export/1"
EXTRA_MODELS = ["auth.Group", "auth.User"]
# Derived from the rest, made again after a restore rather than exported.
DERIVED_MODELS = ["plans.SearchDocument"]


def exported_models() -> list:
    ours = [m for config in apps.get_app_configs() if config.name.startswith("tiltak.") for m in config.get_models()]
    derived = [apps.get_model(label) for label in DERIVED_MODELS]
    wanted = [m for m in ours if m not in derived] + [apps.get_model(label) for label in EXTRA_MODELS]
    ordered = serializers.sort_dependencies([(None, wanted)], allow_cycles=True)
    return [m for m in ordered if m in wanted]


def export_document() -> dict:
    objects = []
    for model in exported_models():
        queryset = model._default_manager.order_by("pk")
        objects.extend(json.loads(serializers.serialize("json", queryset, use_natural_foreign_keys=True)))
    return {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat(), "objects": objects}
