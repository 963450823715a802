"""The register actions: a plan and its measures made by hand; changes apply from the next round and never change
a published round; every change recorded; only the plan's coordinator or an administrator."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.cast import make_user
from tiltak.plans.actions import open_round, register
from tiltak.plans.models import Ministry, PlanChange, Role, StatusEntry, StatusScale
from tiltak.reports.data import build_report

pytestmark = pytest.mark.django_db


def _new_plan(user, **overrides):
    fields = {"title": "Handlingsplan mot vold (2025–2028)", "title_en": "Action plan against violence",
              "period_start": 2025, "period_end": 2028, "scale": StatusScale.objects.get(slug="handlingsplan"),
              "coordinator": Ministry.objects.by_abbreviation("JD")}
    fields.update(overrides)
    return register.create_plan(acting_user=user, **fields)


def test_a_plan_by_hand_with_measures_and_its_history(coordinator):
    plan = _new_plan(coordinator)
    assert plan.slug == "handlingsplan-mot-vold-2025-2028"
    assert plan.scale.slug != "handlingsplan"  # its own copy of the scale
    assert plan.scale.grades.order_by("position").first().name == "Gjennomført"
    measure = register.add_measure(plan=plan, number="1", title="Styrke hjelpetilbudet", plan_text="Tekst.",
                                   responsible=["bld", "JD"], acting_user=coordinator)
    assert measure.responsible_abbreviations() == ["BLD", "JD"]
    change = PlanChange.objects.filter(plan=plan).first()
    assert change.action == PlanChange.Action.MEASURE_ADDED and change.changed_by == coordinator
    assert change.after["responsible"] == ["BLD", "JD"]
    assert PlanChange.objects.filter(plan=plan, action=PlanChange.Action.PLAN_CREATED).exists()


def test_bad_input_is_a_validation_error_on_the_field(coordinator):
    plan = _new_plan(coordinator)
    with pytest.raises(ValidationError) as caught:
        register.add_measure(plan=plan, number="9/9", title="x", responsible=["JD"], acting_user=coordinator)
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        register.add_measure(plan=plan, number="1", title="x", responsible=["XYZ"], acting_user=coordinator)
    assert "responsible" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _new_plan(coordinator, period_start=2028, period_end=2025)
    assert "period_end" in caught.value.message_dict


def test_only_the_plans_coordinator_or_an_administrator(plan, reporter_jd):
    other = make_user("koordinator-annen")
    other_plan = _new_plan(make_user("sjef", is_superuser=True), title="En annen plan")
    Role.objects.create(user=other, kind=Role.Kind.COORDINATOR, plan=other_plan)
    with pytest.raises(PermissionDenied):
        register.add_measure(plan=plan, number="99", title="x", responsible=["JD"], acting_user=other)
    with pytest.raises(PermissionDenied):
        register.add_measure(plan=plan, number="99", title="x", responsible=["JD"], acting_user=reporter_jd)
    with pytest.raises(PermissionDenied):
        _new_plan(reporter_jd, title="Rapportørens plan")
    assert not plan.measures.filter(number="99").exists()


def test_a_coordinator_of_one_plan_coordinates_the_plan_they_create(plan):
    other = make_user("koordinator-en")
    Role.objects.create(user=other, kind=Role.Kind.COORDINATOR, plan=plan)
    created = _new_plan(other)
    assert Role.objects.filter(user=other, kind=Role.Kind.COORDINATOR, plan=created).exists()


def test_changes_apply_from_the_next_round_and_never_change_a_published_round(plan, coordinator):
    published = plan.rounds.get(slug="2021-03")
    before = build_report(plan, published)
    measure = plan.measures.get(number="10")
    register.edit_measure(measure=measure, title="Øke innsatsen kraftig", plan_text="Ny tekst.",
                          responsible=["JD", "UD"], acting_user=coordinator)
    register.renumber_measure(measure=plan.measures.get(number="2"), number="20", acting_user=coordinator)
    register.add_measure(plan=plan, number="11", title="Nytt tiltak", responsible=["BLD"], acting_user=coordinator)
    register.retire_measure(measure=plan.measures.get(number="20"), acting_user=coordinator)
    grade = plan.scale.grades.get(position=0)
    register.reword_grade(plan=plan, grade=grade, name="Fullført", name_en="Done", acting_user=coordinator)

    published.refresh_from_db()
    after = build_report(plan, published)
    assert [(m.number, m.title, m.responsible, m.plan_text) for m in after.measures] == [
        (m.number, m.title, m.responsible, m.plan_text) for m in before.measures]
    assert [g.name for g in after.grades] == [g.name for g in before.grades]
    assert [m.status for m in after.measures] == [m.status for m in before.measures]

    # The next round has the new measure, not the retired one, and the edited measure as it is now.
    new_round = open_round(plan=plan, slug="2022-03", label="Status per mars 2022",
                           as_of=datetime.date(2022, 3, 1), deadline=None, acting_user=coordinator)
    numbers = sorted(StatusEntry.objects.filter(round=new_round).values_list("measure__number", flat=True))
    assert numbers == ["10", "11"]
    current = build_report(plan, new_round)
    assert [(m.number, m.title) for m in current.measures] == [("10", "Øke innsatsen kraftig"), ("11", "Nytt tiltak")]
    assert current.grades[0].name == "Fullført"
    assert PlanChange.objects.filter(plan=plan).count() == 5


def test_a_scale_shared_with_another_plan_is_not_reworded(plan, coordinator):
    # The test plan shares the shipped scale with nobody yet; a second plan on the same scale makes it shared.
    from tiltak.plans.models import Plan

    Plan.objects.create(slug="deler-skala", title="Deler skala", period_start=2020, period_end=2021,
                        scale=plan.scale)
    with pytest.raises(ValidationError):
        register.reword_grade(plan=plan, grade=plan.scale.grades.first(), name="Ny", name_en="New",
                              acting_user=coordinator)


def test_ministries_are_taken_by_full_or_informal_name_as_well_as_abbreviation(coordinator):
    plan = _new_plan(coordinator)
    measure = register.add_measure(plan=plan, number="1", title="Styrke hjelpetilbudet", acting_user=coordinator,
                                   responsible=["Justisdepartementet", "barne-, likestillings- og "
                                                "inkluderingsdepartementet", "kd"])
    assert measure.responsible_abbreviations()[0] == "JD" and measure.responsible_abbreviations()[2] == "KD"
    assert len(measure.responsible_abbreviations()) == 3
    with pytest.raises(ValidationError) as refused:  # the same ministry twice, by name and abbreviation
        register.add_measure(plan=plan, number="2", title="To ganger", acting_user=coordinator,
                             responsible=["JD", "Justis- og beredskapsdepartementet"])
    assert "bare én gang" in str(refused.value)
    with pytest.raises(ValidationError, match="Ukjent departement: Trolldepartementet"):
        register.add_measure(plan=plan, number="2", title="Ukjent", acting_user=coordinator,
                             responsible=["Trolldepartementet"])
