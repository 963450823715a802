import datetime

import pytest
from django.db import IntegrityError, transaction

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Measure, Ministry, Responsibility, Round, StatusEntry

from .documents import document

pytestmark = pytest.mark.django_db


def test_justice_ministry_changed_name_on_1_january_2012():
    old = Ministry.objects.by_abbreviation("JD", on=datetime.date(2011, 6, 1))
    new = Ministry.objects.by_abbreviation("JD", on=datetime.date(2012, 2, 1))
    assert old.name == "Justis- og politidepartementet"
    assert new.name == "Justis- og beredskapsdepartementet"
    assert old.successor == new
    assert old.on(datetime.date(2012, 2, 1)) == new
    assert old.on(datetime.date(2011, 12, 31)) == old


def test_ministry_register_holds_the_plans_ministries():
    for abbreviation in ["UD", "JD", "BLD", "FD", "HOD", "AD", "KRD"]:
        assert Ministry.objects.by_abbreviation(abbreviation, on=datetime.date(2012, 2, 1)) is not None


def test_measure_numbers_are_unique_in_a_plan():
    result = import_report(acting_user=SYSTEM, document=document())
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(plan=result.plan, number="2", sort_key="x", title="Dobbel")


def test_a_measure_has_one_lead():
    import_report(acting_user=SYSTEM, document=document())
    measure = Measure.objects.get(number="2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(measure=measure, ministry=Ministry.objects.get(abbreviation="FD"), position=0)


def test_one_entry_per_measure_and_round():
    import_report(acting_user=SYSTEM, document=document())
    entry = StatusEntry.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEntry.objects.create(measure=entry.measure, round=entry.round, updated_at=entry.updated_at)


def test_a_published_round_must_have_a_publication_time():
    result = import_report(acting_user=SYSTEM, document=document())
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=result.round.pk).update(published_at=None)


def test_for_ministry_finds_lead_and_co_responsible_measures():
    import_report(acting_user=SYSTEM, document=document())
    jd = Ministry.objects.by_abbreviation("JD", on=datetime.date(2021, 1, 1))
    ud = Ministry.objects.by_abbreviation("UD")
    assert sorted(Measure.objects.for_ministry(jd).values_list("number", flat=True)) == ["10", "2"]
    assert list(Measure.objects.for_ministry(ud).values_list("number", flat=True)) == ["2"]
