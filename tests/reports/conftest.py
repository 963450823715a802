"""Fixtures for the report tests: the built-in round (35 measures), a later round to compare it with, and the
register's own view of them, read straight from the models so the renderers are checked against the database
rather than against ``build_report``.

Rendering a PDF takes seconds, so the data is built once per module inside a transaction that is rolled back,
and each format is rendered once per module from the resulting plain data.
"""

import copy

import pytest
from django.db import transaction

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG, builtin_document, load_builtin_plan
from tiltak.plans.models import Plan, StatusEntry
from tiltak.reports.data import build_report

# The later round: what moved, and what stayed, relative to February 2012.
LATER_STATUS = {"10": "Under gjennomføring", "12": "Gjennomført", "19": "Under forberedelse", "2": "Løpende",
                "3": "Under gjennomføring"}
UNCHANGED_NARRATIVES = {"1", "4", "5"}


def later_document() -> dict:
    doc = copy.deepcopy(builtin_document())
    doc["report"].update(slug="2012-09", as_of="2012-09", label="Status per september 2012")
    for m in doc["measures"]:
        m["status"] = m["status_overview"] = LATER_STATUS.get(m["number"], m["status"])
        if m["number"] not in UNCHANGED_NARRATIVES:
            m["status_text"] = f"Oppdatert i september: arbeidet med tiltak {m['number']} går videre."
    doc["warnings"] = []
    return doc


def register(plan: Plan, round_slug: str) -> list[dict]:
    """What the database says about each measure in a round, in the report's order."""
    entries = (StatusEntry.objects.filter(round__plan=plan, round__slug=round_slug)
               .select_related("measure", "status__grade").order_by("measure__sort_key"))
    return [
        {"number": e.measure.number, "title": e.measure.title, "responsible": e.measure.responsible_abbreviations(),
         "status": e.status.text, "status_en": e.status.text_en, "grade": e.status.grade.name,
         "grade_en": e.status.grade.name_en, "narrative": e.narrative, "links": list(e.links)}
        for e in entries
    ]


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """{"first": ReportData of 2012-02, "later": of 2012-09, "register": …, "register_later": …}."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_builtin_plan()
        plan = Plan.objects.select_related("scale", "coordinator").get(slug=BUILTIN_PLAN_SLUG)
        first = plan.rounds.get(slug="2012-02")
        import_report(acting_user=SYSTEM, document=later_document(), plan_slug=BUILTIN_PLAN_SLUG)
        later = plan.rounds.get(slug="2012-09")
        result = {
            "first": build_report(plan, first),
            "later": build_report(plan, later),
            "register": register(plan, "2012-02"),
            "register_later": register(plan, "2012-09"),
            "grades": [(g.name, g.name_en) for g in plan.scale.grades.order_by("position")],
        }
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def first_report(reports):
    return reports["first"]


@pytest.fixture(scope="module")
def later_report(reports):
    return reports["later"]

