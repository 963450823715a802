"""The ministry register in the database: every ministry since 2000, and a register loaded by an older version of
the data moved onto the new one without losing the rows plans point to."""

import datetime

import pytest

from tiltak.plans.actions.reference import load_ministries
from tiltak.plans.models import Ministry
from tiltak.plans.reference import read_json

pytestmark = pytest.mark.django_db


def test_the_migrations_load_every_row_of_the_data():
    assert Ministry.objects.count() == len(read_json("ministries.json"))
    kmd = Ministry.objects.get(abbreviation="KMD")
    assert kmd.on(datetime.date(2023, 1, 1)).abbreviation == "KDD"
    assert Ministry.objects.by_abbreviation("AID", on=datetime.date(2008, 1, 1)).valid_to == datetime.date(2009, 12, 31)
    assert Ministry.objects.by_abbreviation("AID", on=datetime.date(2023, 1, 1)).valid_from == datetime.date(2022, 1, 1)


def test_an_older_register_is_updated_in_place():
    # As the first version of the data had them: HOD from 2002, Kunnskapsdepartementet with no start, and no
    # Kulturdepartementet abbreviated KD before 2002.
    hod = Ministry.objects.get(abbreviation="HOD")
    kd = Ministry.objects.get(abbreviation="KD", name="Kunnskapsdepartementet")
    Ministry.objects.filter(abbreviation="KD", name="Kulturdepartementet").delete()
    Ministry.objects.filter(pk=hod.pk).update(valid_from=datetime.date(2002, 1, 1))
    Ministry.objects.filter(pk=kd.pk).update(valid_from=None)
    count = Ministry.objects.count()

    load_ministries(Ministry)

    assert Ministry.objects.get(pk=hod.pk).valid_from == datetime.date(2004, 10, 1)
    assert Ministry.objects.get(pk=kd.pk).valid_from == datetime.date(2006, 1, 1)
    assert Ministry.objects.filter(abbreviation="KD", name="Kulturdepartementet").count() == 1
    assert Ministry.objects.count() == count + 1
    load_ministries(Ministry)  # and a second run changes nothing
    assert Ministry.objects.count() == count + 1
