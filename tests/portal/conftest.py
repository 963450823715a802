"""The built-in plan with a history: its February 2012 round, a published February 2013 round in which some
measures moved and one was corrected after publishing, and an open 2014 round whose draft must stay hidden."""

import datetime

import pytest

from tests.cast import make_user
from tiltak.plans.actions import SYSTEM, import_report, open_round, update_entry
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG, builtin_document
from tiltak.plans.models import Role, StatusEntry

SECRET = "Hemmelig utkast om zyxoplanen som ikke er publisert"
CORRECTION_REASON = "Feil status ble publisert ved en inkurie"


@pytest.fixture
def history(builtin_plan):
    return make_history(builtin_plan)


def make_history(builtin_plan):
    doc = builtin_document()
    doc["report"] = {**doc["report"], "slug": "2013-02", "label": "Status per februar 2013", "as_of": "2013-02",
                     "introduction": ""}
    doc["warnings"] = []
    for item in doc["measures"]:
        if item["number"] == "1":
            item["status"] = "Gjennomført"
            item["status_text"] = "Samarbeidet med Europarådet er fullført og evaluert i 2013."
        if item["number"] == "3":
            item["status"] = "Under forberedelse"
    import_report(acting_user=SYSTEM, document=doc, plan_slug=BUILTIN_PLAN_SLUG)
    coordinator = make_user("koordinator", Role.Kind.COORDINATOR)
    entry = StatusEntry.objects.for_work().get(round__slug="2013-02", measure__number="2")
    label = entry.round.plan.scale.grades.get(position=1).labels.first()
    update_entry(entry=entry, status=label, narrative=entry.narrative + " Rettet tekst.",
                 expected_version=entry.version, acting_user=coordinator, reason=CORRECTION_REASON)
    draft = open_round(plan=builtin_plan, slug="2014-02", label="Status per februar 2014",
                       as_of=datetime.date(2014, 2, 1), deadline=None, acting_user=coordinator)
    entry = StatusEntry.objects.for_work().get(round=draft, measure__number="1")
    update_entry(entry=entry, status=entry.status, narrative=SECRET, expected_version=entry.version,
                 acting_user=coordinator)
    return builtin_plan
