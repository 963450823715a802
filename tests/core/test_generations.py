"""What a change expires (tiltak.core.generations): its own plan's pages and the pages listing plans, once per
transaction, never another plan's, never for a draft; reference data everything."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from tests.cast import make_user
from tiltak.core import generations
from tiltak.core.generations import EVERY_PLAN, current, of_plan
from tiltak.plans import selectors
from tiltak.plans.actions import open_round, update_entry
from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.actions.history import record_versions
from tiltak.plans.actions.register import edit_measure
from tiltak.plans.models import Ministry, Role, StatusEntry

pytestmark = pytest.mark.django_db

A = "menneskehandel-2011-2014"


@pytest.fixture
def two_plans(builtin_plan):
    """The built-in plan (A) and a demo plan (B) of three measures and two published rounds."""
    create_demo_data(plans=1, measures=3, rounds=2)
    other = selectors.latest_published_round(builtin_plan.__class__.objects.get(slug="demo-0001"))
    return builtin_plan, other.plan


def _pages(plan) -> list[str]:
    the_round = selectors.latest_published_round(plan)
    return [f"/plan/{plan.slug}/", f"/plan/{plan.slug}/tiltak/1/", f"/rapport/{plan.slug}/{the_round.slug}/",
            f"/api/v1/plans/{plan.slug}/rounds/{the_round.slug}/entries"]


def _correct(plan, number="1", narrative="Rettet etter publisering."):
    entry = StatusEntry.objects.select_related("round__plan", "status").get(
        round=selectors.latest_published_round(plan), measure__number=number)
    return update_entry(entry=entry, status=entry.status, narrative=narrative, expected_version=entry.version,
                        acting_user=make_user(f"koordinator-{plan.pk}", Role.Kind.COORDINATOR), reason="Skrivefeil.")


def _stored(client, paths):
    for path in paths:
        assert client.get(path)["X-Tiltak-Cache"] == "miss", path
        assert client.get(path)["X-Tiltak-Cache"] == "hit", path


def test_a_change_in_one_plan_leaves_another_plans_pages_stored(client, two_plans):
    plan_a, plan_b = two_plans
    _stored(client, _pages(plan_a) + _pages(plan_b))
    _correct(plan_a, narrative="En rettelse i plan A.")
    pages_b = _pages(plan_b)
    with CaptureQueriesContext(connection) as queries:
        for path in pages_b:
            assert client.get(path)["X-Tiltak-Cache"] == "hit", path
    assert len(queries) == 0
    for path in _pages(plan_a):
        response = client.get(path)
        assert response["X-Tiltak-Cache"] == "miss", path
    assert "En rettelse i plan A." in client.get(f"/plan/{A}/tiltak/1/").content.decode()


def test_the_pages_listing_plans_expire_with_any_plan(client, two_plans):
    _plan_a, plan_b = two_plans
    listing = ["/", "/departement/JD/", "/apne-data/", "/api/v1/plans"]
    _stored(client, listing)
    _correct(plan_b)
    for path in listing:
        assert client.get(path)["X-Tiltak-Cache"] == "miss", path


def test_a_measure_edit_expires_its_plan_only(client, two_plans):
    plan_a, plan_b = two_plans
    _stored(client, _pages(plan_a) + _pages(plan_b))
    measure = plan_b.measures.get(number="1")
    edit_measure(measure=measure, title="Et nytt navn på tiltaket", plan_text=measure.plan_text,
                 responsible=[r.ministry.abbreviation for r in measure.responsibilities.select_related("ministry")],
                 acting_user=make_user("koordinator", Role.Kind.COORDINATOR))
    assert all(client.get(path)["X-Tiltak-Cache"] == "hit" for path in _pages(plan_a))
    assert all(client.get(path)["X-Tiltak-Cache"] == "miss" for path in _pages(plan_b))


def test_reference_data_expires_every_plan(client, two_plans):
    plan_a, plan_b = two_plans
    _stored(client, _pages(plan_a) + _pages(plan_b))
    scopes = [of_plan(plan_a.slug), of_plan(plan_b.slug), EVERY_PLAN]
    before = {scope: current([scope])[0] for scope in scopes}
    ministry = Ministry.objects.filter(abbreviation="JD").order_by("valid_from").last()
    ministry.name_en = "Ministry of Justice (renamed)"
    ministry.save(update_fields=["name_en"])
    assert all(current([scope])[0] != before[scope] for scope in scopes)
    assert all(client.get(path)["X-Tiltak-Cache"] == "miss" for path in _pages(plan_a) + _pages(plan_b))


def test_a_draft_in_an_open_round_expires_nothing_public(client, builtin_plan):
    coordinator = make_user("koordinator", Role.Kind.COORDINATOR)
    the_round = open_round(plan=builtin_plan, slug="2013-02", label="Status per februar 2013",
                           as_of=datetime.date(2013, 2, 1), deadline=None, acting_user=coordinator)
    pages = [*_pages(builtin_plan), "/", "/departement/JD/"]
    _stored(client, pages)
    scopes = [of_plan(builtin_plan.slug), EVERY_PLAN]
    before = current(scopes)[0]
    entry = StatusEntry.objects.for_work().get(round=the_round, measure__number="1")
    update_entry(entry=entry, status=entry.status, narrative="Et utkast ingen ser ennå.",
                 expected_version=entry.version, acting_user=coordinator)
    assert current(scopes)[0] == before
    assert all(client.get(path)["X-Tiltak-Cache"] == "hit" for path in pages)


def test_a_correction_in_a_published_round_expires_its_plans_pages(client, builtin_plan):
    _stored(client, _pages(builtin_plan))
    before = current([of_plan(builtin_plan.slug)])[0]
    _correct(builtin_plan, number="2", narrative="Rettet: tiltaket er gjennomført.")
    assert current([of_plan(builtin_plan.slug)])[0] != before
    for path in _pages(builtin_plan):
        assert client.get(path)["X-Tiltak-Cache"] == "miss", path
    assert "Rettet: tiltaket er gjennomført." in client.get(f"/plan/{A}/tiltak/2/").content.decode()


def test_history_rows_written_in_bulk_expire_their_plan(builtin_plan):
    """As opening a round writes its entries' history: one INSERT, which sends no signal."""
    rows = StatusEntry.objects.filter(round=selectors.latest_published_round(builtin_plan),
                                      measure__number__in=["1", "2"])
    rows.update(version=F("version") + 1)
    entries = list(rows)
    other, plan = current([of_plan("en-annen-plan")])[0], current([of_plan(builtin_plan.slug)])[0]
    record_versions([(e, "") for e in entries], action="open")
    assert current([of_plan(builtin_plan.slug)])[0] != plan
    assert current([of_plan("en-annen-plan")])[0] == other


def test_several_saves_in_one_transaction_renew_once(builtin_plan, monkeypatch):
    renewed = []
    real = generations._renew
    monkeypatch.setattr(generations, "_renew", lambda scopes: (renewed.append(set(scopes)), real(scopes)))
    measures = list(builtin_plan.measures.order_by("sort_key")[:5])
    with transaction.atomic():
        for measure in measures:
            measure.title += " (endret)"
            measure.save(update_fields=["title"])
        _correct(builtin_plan, number="3")
    # At once; the second time on commit, which a test's transaction never reaches.
    assert renewed == [{of_plan(builtin_plan.slug), EVERY_PLAN}]


def test_the_renewal_waits_for_the_commit_and_then_runs_once(builtin_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for measure in builtin_plan.measures.order_by("sort_key")[:3]:
            measure.title += " (endret)"
            measure.save(update_fields=["title"])
    pending = [c for c in callbacks if isinstance(c, generations._AtCommit)]
    assert len(pending) == 1 and pending[0].scopes == {of_plan(builtin_plan.slug), EVERY_PLAN}
    before = current([of_plan(builtin_plan.slug)])[0]
    pending[0]()
    assert current([of_plan(builtin_plan.slug)])[0] != before


def test_the_generations_live_in_the_shared_cache(builtin_plan):
    """Another instance reads the same cache (Redis, when instances share one): what one expires, every one sees."""
    from django.core.cache import caches

    token = current([of_plan(builtin_plan.slug)])[0]
    assert token == caches["pages"].get(f"tiltak:generation:{of_plan(builtin_plan.slug)}")[0]
    caches["pages"].delete(f"tiltak:generation:{of_plan(builtin_plan.slug)}")
    assert current([of_plan(builtin_plan.slug)])[0] != token
