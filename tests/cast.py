"""The named cast: a coordinator, a reporter in JD, a reporter in UD, a reader, an anonymous visitor.

And the plan they work on: two measures from tests/plans/documents.py, «2» led by UD with JD
co-responsible and «10» led by JD, with one published round (2021-03). ``open_round`` opens the next.
"""

import datetime
from functools import cache

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser

from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, import_report, open_round
from tiltak.plans.models import Ministry, Plan, Role, Round

PASSWORD = "Riktig-hest-batteri-42"


@cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the cast's shared password once per test run, not once per user.
    return make_password(PASSWORD)


def make_user(username: str, kind: str | None = None, *, ministry: str | None = None, **fields):
    user = get_user_model().objects.create(username=username, password=_password_hash(),
                                           email=f"{username}@example.no", **fields)
    if kind:
        Role.objects.create(user=user, kind=kind,
                            ministry=Ministry.objects.by_abbreviation(ministry) if ministry else None)
    return user


@pytest.fixture
def plan(db) -> Plan:
    return import_report(acting_user=SYSTEM, document=document()).plan


@pytest.fixture
def coordinator(db):
    return make_user("koordinator", Role.Kind.COORDINATOR)


@pytest.fixture
def reporter_jd(db):
    return make_user("rapportor-jd", Role.Kind.REPORTER, ministry="JD")


@pytest.fixture
def reporter_ud(db):
    return make_user("rapportor-ud", Role.Kind.REPORTER, ministry="UD")


@pytest.fixture
def reader(db):
    return make_user("leser", Role.Kind.READER)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def cast(coordinator, reporter_jd, reporter_ud, reader, anonymous) -> dict:
    return {"coordinator": coordinator, "reporter_jd": reporter_jd, "reporter_ud": reporter_ud, "reader": reader,
            "anonymous": anonymous}


@pytest.fixture
def round_open(plan, coordinator) -> Round:
    """The 2022 round, open, every entry carried forward from 2021-03."""
    return open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                      deadline=datetime.date(2022, 4, 1), acting_user=coordinator)


# --- Bringing the 2022 round to a given point, for tests that start there ---------------------------------------


def open_2022(plan, coordinator) -> Round:
    return open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                      deadline=datetime.date(2022, 4, 1), acting_user=coordinator)


def confirmed(the_round, number, user):
    """Entry ``number`` confirmed unchanged by ``user``: ready to submit."""
    from tiltak.plans.actions import update_entry

    entry = the_round.entries.for_work().get(measure__number=number)
    return update_entry(entry=entry, status=entry.status, narrative=entry.narrative,
                        expected_version=entry.version, acting_user=user)


def submitted(the_round, number, coordinator):
    from tiltak.plans.actions import submit_entry

    return submit_entry(entry=confirmed(the_round, number, coordinator), acting_user=coordinator)


def all_approved(the_round, coordinator):
    from tiltak.plans.actions import approve_entry

    for entry in the_round.entries.for_work():
        approve_entry(entry=submitted(the_round, entry.measure.number, coordinator), acting_user=coordinator)
