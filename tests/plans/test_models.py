import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import (
    DataQualityNote,
    Measure,
    Ministry,
    Reminder,
    Responsibility,
    Role,
    Round,
    StatusEntry,
)

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


# --- Constraints that hold where fields are NULL (SQLite and PostgreSQL) -----------------------------------


def _duplicate_refused(make) -> None:
    make()
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["nothing", "ministry", "plan", "both"])
def test_a_duplicate_role_is_refused_whichever_fields_are_empty(builtin_plan, where):
    user = get_user_model().objects.create(username="dobbel")
    ministry = Ministry.objects.by_abbreviation("JD") if where in ("ministry", "both") else None
    plan = builtin_plan if where in ("plan", "both") else None
    kind = Role.Kind.REPORTER if ministry else Role.Kind.COORDINATOR
    _duplicate_refused(lambda: Role.objects.create(user=user, kind=kind, ministry=ministry, plan=plan))
    assert Role.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_plan_wide_note_is_stored_once_per_code(builtin_plan):
    the_round = builtin_plan.rounds.get()
    _duplicate_refused(lambda: DataQualityNote.objects.create(round=the_round, measure=None, code="x", message="m"))


@pytest.mark.django_db
def test_a_ministry_has_one_period_without_a_start_date():
    _duplicate_refused(lambda: Ministry.objects.create(abbreviation="XYZ", name="Nytt departement"))


@pytest.mark.django_db
def test_one_reminder_per_round_person_kind_and_window(builtin_plan):
    user = get_user_model().objects.create(username="minnet")
    the_round = builtin_plan.rounds.get()
    _duplicate_refused(lambda: Reminder.objects.create(round=the_round, user=user, kind="overdue",
                                                       window=datetime.date(2022, 4, 1), sent_at=timezone.now()))
    Reminder.objects.create(round=the_round, user=user, kind="overdue", window=datetime.date(2022, 4, 8),
                            sent_at=timezone.now())
    assert Reminder.objects.filter(user=user).count() == 2
