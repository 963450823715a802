"""build_report: a fixed number of queries, the history, and the comparison and summaries derived from it."""

import datetime

import pytest

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG
from tiltak.plans.models import Round
from tiltak.reports.data import build_report

from .conftest import LATER_STATUS, UNCHANGED_NARRATIVES, later_document

# The module-wide fixtures need the test database, even where a test itself reads no row.
pytestmark = pytest.mark.django_db


def test_the_report_matches_the_register(reports):
    report = reports["first"]
    assert len(report.measures) == 35
    assert [(m.number, m.title, m.responsible, m.status, m.grade.name) for m in report.measures] == [
        (r["number"], r["title"], r["responsible"], r["status"], r["grade"]) for r in reports["register"]
    ]
    assert [g.name for g in report.grades] == [name for name, _ in reports["grades"]]


def test_the_first_round_has_no_comparison(first_report):
    assert first_report.previous_round is None
    assert first_report.changes is None
    assert [len(m.history) for m in first_report.measures] == [1] * 35


def test_the_later_round_is_compared_with_the_previous_published_round(first_report, later_report):
    changes = later_report.changes
    assert changes.previous.slug == "2012-02"
    grade_changed = {n for n, s in LATER_STATUS.items() if n != "3"}  # 3 moves within one grade
    assert {m.number for m in changes.changed} == grade_changed
    assert {m.number for m in changes.unchanged_narratives} == UNCHANGED_NARRATIVES
    assert changes.new == []
    assert sum(t.count for t in changes.transitions) == 35
    by_name = {g.name: g for g in later_report.grades}
    # February: 3 completed; measure 2 left that grade and 12 joined it.
    assert changes.count(by_name["Gjennomført"], by_name["Gjennomført"]) == 2
    assert changes.count(by_name["Under forberedelse"], by_name["Gjennomført"]) == 1
    assert changes.count(by_name["Ikke igangsatt"], by_name["Under forberedelse"]) == 1
    assert changes.count(by_name["Ikke igangsatt"], by_name["Ikke igangsatt"]) == 0
    before = {g.name: n for g, n in first_report.distribution}
    after = {g.name: n for g, n in later_report.distribution}
    assert before == {"Gjennomført": 3, "Løpende/under gjennomføring": 24, "Under forberedelse": 7,
                      "Ikke igangsatt": 1}
    assert after == {"Gjennomført": 3, "Løpende/under gjennomføring": 26, "Under forberedelse": 6,
                     "Ikke igangsatt": 0}


def test_ministry_summary_counts_lead_and_co_responsibility(reports):
    report = reports["first"]
    summary = {s.ministry.abbreviation: s for s in report.ministry_summary}
    lead, co = {}, {}
    for r in reports["register"]:
        for position, abbreviation in enumerate(r["responsible"]):
            (lead if position == 0 else co)[abbreviation] = (lead if position == 0 else co).get(abbreviation, 0) + 1
    assert {a: s.lead_total for a, s in summary.items() if s.lead_total} == lead
    assert {a: s.co_total for a, s in summary.items() if s.co_total} == co
    assert summary["JD"].ministry.name == "Justis- og beredskapsdepartementet"  # its name in February 2012
    # Measure 19 (AD, JD, KRD, BLD) is the one not started: AD leads it, the others share it.
    not_started = len(report.grades) - 1
    assert summary["AD"].lead[not_started] == 1
    assert summary["KRD"].co[not_started] == 1
    assert sum(s.lead_total for s in report.ministry_summary) == 35


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_rounds(builtin_plan, django_assert_num_queries):
    # Six, whatever the number of rounds or corrections (the round's corrections are one query of them).
    first = builtin_plan.rounds.get()
    with django_assert_num_queries(6):
        build_report(builtin_plan, first)
    import_report(acting_user=SYSTEM, document=later_document(), plan_slug=BUILTIN_PLAN_SLUG)
    later = builtin_plan.rounds.get(slug="2012-09")
    with django_assert_num_queries(6):
        report = build_report(builtin_plan, later)
    with django_assert_num_queries(0):
        report.changes, report.ministry_summary, report.distribution  # noqa: B018 — derived without queries


@pytest.mark.django_db
def test_an_unpublished_round_between_is_not_the_previous_report(builtin_plan):
    import_report(acting_user=SYSTEM, document=later_document(), plan_slug=BUILTIN_PLAN_SLUG)
    later = builtin_plan.rounds.get(slug="2012-09")
    Round.objects.create(plan=builtin_plan, slug="2012-05", label="Status per mai 2012",
                         as_of=datetime.date(2012, 5, 1), state=Round.State.CLOSED)
    report = build_report(builtin_plan, later)
    assert [r.slug for r in report.rounds] == ["2012-02", "2012-09"]
    assert report.changes.previous.slug == "2012-02"


@pytest.mark.django_db
def test_a_draft_round_is_reported_as_a_preview_with_its_history(builtin_plan):
    draft = Round.objects.create(plan=builtin_plan, slug="2013-02", label="Status per februar 2013",
                                 as_of=datetime.date(2013, 2, 1), state=Round.State.OPEN)
    report = build_report(builtin_plan, draft)
    assert not report.published
    assert [r.slug for r in report.rounds] == ["2012-02", "2013-02"]
    assert all(m.status is None for m in report.measures)  # nothing written yet
    assert report.distribution[-1] == (None, 35)
    assert report.changes.transitions[0].after is None and report.changes.changed
