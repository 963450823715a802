"""`tiltak demo-data`: synthetic plans of the asked size, with text, ministries, moving grades and history."""

import pytest
from django.core.management import CommandError, call_command

from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.models import Plan, Responsibility, Round, StatusEntry, StatusEntryVersion

pytestmark = pytest.mark.django_db


def test_counts_are_what_was_asked(builtin_plan):
    result = create_demo_data(plans=3, measures=7, rounds=4)
    assert (result.plans, result.measures, result.rounds, result.entries) == (3, 21, 12, 84)
    demo = Plan.objects.filter(slug__startswith="demo-")
    assert sorted(demo.values_list("slug", flat=True)) == ["demo-0001", "demo-0002", "demo-0003"]
    assert StatusEntry.objects.filter(round__plan__in=demo).count() == 84
    assert StatusEntryVersion.objects.filter(entry__round__plan__in=demo).count() == 84
    assert Round.objects.filter(plan__in=demo, state=Round.State.PUBLISHED).count() == 12
    # Several ministries per measure, the lead first, and Norwegian text of some length.
    per_measure = [Responsibility.objects.filter(measure=m).count() for m in demo[0].measures.all()]
    assert all(1 <= n <= 4 for n in per_measure) and max(per_measure) > 1
    entry = StatusEntry.objects.filter(round__plan__in=demo).first()
    assert len(entry.narrative) > 100 and entry.status_id is not None


def test_grades_move_between_rounds(builtin_plan):
    create_demo_data(plans=2, measures=20, rounds=6)
    grades = {}
    for entry in StatusEntry.objects.filter(round__plan__slug__startswith="demo-").select_related("status"):
        grades.setdefault(entry.measure_id, set()).add(entry.status.grade_id)
    assert any(len(g) > 1 for g in grades.values())


def test_more_demo_data_adds_plans_after_the_last(builtin_plan):
    create_demo_data(plans=1, measures=2, rounds=1)
    create_demo_data(plans=1, measures=2, rounds=1)
    assert Plan.objects.filter(slug="demo-0002").exists()


def test_the_command_reports_and_refuses_bad_sizes(builtin_plan, capsys):
    call_command("demo-data", "--plans", "2", "--measures", "3", "--rounds", "2")
    assert "added 2 plans, 6 measures, 4 rounds and 12 entries" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("demo-data", "--plans", "0")


def test_a_demo_round_is_a_working_report(builtin_plan, client):
    create_demo_data(plans=1, measures=5, rounds=3)
    response = client.get("/rapport/demo-0001/2013-02/")
    assert response.status_code == 200
    assert response.content.decode().count('site-status-line">') == 5
