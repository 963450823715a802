"""The built-in plan: the action plan against human trafficking 2011–2014, status per February 2012."""

import json

from tiltak.plans.actions import SYSTEM, ImportResult, import_report
from tiltak.plans.models import Plan
from tiltak.plans.reference import DATA_DIR

BUILTIN_PLAN_SLUG = "menneskehandel-2011-2014"
BUILTIN_FILE = DATA_DIR / f"{BUILTIN_PLAN_SLUG}.json"


def builtin_document() -> dict:
    return json.loads(BUILTIN_FILE.read_text(encoding="utf-8"))


def load_builtin_plan() -> ImportResult | None:
    """Load the built-in plan into a database that holds no plan; otherwise leave everything as it is."""
    if Plan.objects.exists():
        return None
    return import_report(document=builtin_document(), acting_user=SYSTEM)
