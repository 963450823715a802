"""The shared reads: which round a person may see, «the previous round» (published, or any), the rounds a report
shows, and a round's legend and measures as it published them."""

import pytest
from django.http import Http404

from tests.cast import anonymous, cast, coordinator, plan, reader, reporter_jd, reporter_ud, round_open
from tests.plans.documents import document
from tiltak.plans import selectors
from tiltak.plans.access import SYSTEM, can_view_round
from tiltak.plans.actions import import_report, register

pytestmark = pytest.mark.django_db
# The named cast's fixtures, used by name.
__all__ = ["anonymous", "cast", "coordinator", "plan", "reader", "reporter_jd", "reporter_ud", "round_open"]


@pytest.mark.parametrize("who", ["anonymous", "reader", "reporter_jd", "coordinator"])
def test_who_sees_an_unpublished_round_is_one_rule(who, cast, round_open):
    user = cast[who]
    sees = who != "anonymous"
    assert (selectors.visible_round(user, plan_slug="testplan", round_slug="2022-03") is not None) == sees
    assert can_view_round(user, round_open) == sees
    assert selectors.rounds_visible_to(user).filter(pk=round_open.pk).exists() == sees
    if not sees:
        with pytest.raises(Http404):
            selectors.round_for_user(user, "testplan", "2022-03")
    assert selectors.round_for_user(user, "testplan", "2021-03").slug == "2021-03"  # published: everybody
    assert selectors.visible_round(SYSTEM, plan_slug="testplan", round_slug="2022-03") == round_open


def test_the_previous_round_says_which(plan, round_open):
    published = plan.rounds.get(slug="2021-03")
    later = import_report(acting_user=SYSTEM, document=document(report={
        **document()["report"], "slug": "2023-03", "as_of": "2023-03"})).round
    assert selectors.previous_round(later) == round_open  # any state: open
    assert selectors.previous_published_round(later) == published
    assert selectors.previous_published_round(later, among=selectors.published_rounds(plan)) == published
    assert selectors.latest_published_round(plan) == later
    assert selectors.previous_round(published) is None


def test_a_report_shows_its_round_and_the_previous_published_one_that_was_there(plan):
    published = plan.rounds.get(slug="2021-03")
    older = import_report(acting_user=SYSTEM, document=document(report={
        **document()["report"], "slug": "2020-03", "as_of": "2020-03"})).round
    # The older round came after the 2021 report was made: that report stays as it was; the history has both.
    assert set(selectors.report_rounds(published)) == {published}
    assert set(selectors.report_rounds(published, all_rounds=True)) == {published, older}
    newer = import_report(acting_user=SYSTEM, document=document(report={
        **document()["report"], "slug": "2022-03", "as_of": "2022-03"})).round
    assert set(selectors.report_rounds(newer)) == {newer, published}


def test_legend_and_measures_as_published(plan, coordinator, round_open):
    published = plan.rounds.get(slug="2021-03")
    grade = plan.scale.grades.get(position=0)
    register.reword_grade(plan=plan, grade=grade, name="Fullført", name_en="Done", acting_user=coordinator)
    register.edit_measure(measure=plan.measures.get(number="10"), title="Nytt navn", plan_text="",
                          responsible=["JD"], acting_user=coordinator)
    for the_round in (published, round_open):  # published, and opened: both keep theirs
        the_round.refresh_from_db()
        assert selectors.legend_as_published(the_round)[0].name == "Gjennomført"
        entry = the_round.entries.get(measure__number="10")
        assert selectors.measure_as_published(entry).title == "Øke innsatsen"
    assert selectors.legend_as_published(published)[0].in_language("en") == "Completed"
    # A round made from now on has the scale as it is now.
    later = import_report(acting_user=SYSTEM, document=document(report={
        **document()["report"], "slug": "2023-03", "as_of": "2023-03", "status_scale": []})).round
    assert selectors.legend_as_published(later)[0].name == "Fullført"
