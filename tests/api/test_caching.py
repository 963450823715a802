"""The API's anonymous reads of published rounds from the page cache: validators, 304, the paging headers kept,
keys only from the window the operation reads; a token's or a session's read never served from it or stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import BASE, ApiClient
from tests.api.test_paging import links
from tests.api.test_rounds import add_measures
from tiltak.plans.models import Round, StatusEntry

pytestmark = pytest.mark.django_db

PUBLISHED = f"{BASE}/rounds/2021-03"
ENTRIES = f"{PUBLISHED}/entries"
READS = ["/api/v1/plans", f"{BASE}/rounds", ENTRIES, f"{ENTRIES}/10"]


def _stored_answers() -> int:
    from django.core.cache import caches

    return sum(1 for key in caches["pages"]._cache if ":page:" in key)  # the test's own LocMemCache


@pytest.mark.parametrize("path", READS)
def test_an_anonymous_read_is_stored_and_answered_without_the_database(client, plan, path):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Tiltak-Cache"] == "miss"
    assert first["ETag"].startswith('W/"') and first["Cache-Control"] == "public, max-age=300"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
        not_modified = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(queries) == 0
    assert second["X-Tiltak-Cache"] == "hit" and second.json() == first.json()
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_stored_part_keeps_its_total_and_links(client, plan):
    add_measures(Round.objects.get(plan=plan, slug="2021-03"), 12)
    first = client.get(f"{ENTRIES}?limit=5&offset=5")
    second = client.get(f"{ENTRIES}?limit=5&offset=5")
    assert second["X-Tiltak-Cache"] == "hit"
    assert second["X-Total-Count"] == first["X-Total-Count"] == "14"
    assert links(second) == links(first) == {
        "next": f"{ENTRIES}?limit=5&offset=10", "prev": f"{ENTRIES}?limit=5&offset=0",
        "first": f"{ENTRIES}?limit=5&offset=0", "last": f"{ENTRIES}?limit=5&offset=10"}
    assert [e["number"] for e in second.json()] == [e["number"] for e in first.json()]


def test_the_key_is_the_window_the_operation_reads(client, plan):
    assert client.get(ENTRIES)["X-Tiltak-Cache"] == "miss"
    stored = _stored_answers()
    for same in ("?x=1", "?limit=1000", "?offset=0", "?limit=01000&offset=00", "?offset=0&limit=1000&utm=a"):
        response = client.get(ENTRIES + same)
        assert response.status_code == 200 and response["X-Tiltak-Cache"] == "hit", same
    assert _stored_answers() == stored
    assert client.get(f"{ENTRIES}?limit=1")["X-Tiltak-Cache"] == "miss"
    assert len(client.get(f"{ENTRIES}?limit=1").json()) == 1


@pytest.mark.parametrize("query", ["limit=0", "limit=x", "offset=-1", "limit=1&limit=2"])
def test_a_refused_window_is_refused_as_before_and_never_stored(client, plan, query):
    stored = _stored_answers()
    for _ in range(2):
        response = client.get(f"{ENTRIES}?{query}")
        assert response.status_code == 422 and "X-Tiltak-Cache" not in response
    assert _stored_answers() == stored


def test_a_token_read_is_never_served_from_the_store_nor_stored(client, plan, reader):
    with_token = ApiClient(client, reader)
    assert client.get(ENTRIES)["X-Tiltak-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = with_token.get(ENTRIES)
    assert response.status_code == 200 and "X-Tiltak-Cache" not in response and "ETag" not in response
    assert len(queries) > 0  # the operation ran for the token's user
    assert response["X-Total-Count"] == "2"
    stored = _stored_answers()
    assert with_token.get(f"{ENTRIES}?limit=1").status_code == 200
    assert _stored_answers() == stored
    assert client.get(f"{ENTRIES}?limit=1")["X-Tiltak-Cache"] == "miss"


def test_a_bad_token_is_refused_even_when_the_answer_is_stored(client, plan):
    assert client.get(ENTRIES)["X-Tiltak-Cache"] == "miss"
    response = client.get(ENTRIES, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_a_signed_in_session_is_never_served_from_the_store(client, plan, coordinator):
    client.get(ENTRIES)
    client.force_login(coordinator)
    response = client.get(ENTRIES)
    assert response.status_code == 200 and "X-Tiltak-Cache" not in response


def test_an_unpublished_round_is_never_stored(client, round_open, coordinator):
    entries = f"{BASE}/rounds/{round_open.slug}/entries"
    assert client.get(entries).status_code == 404
    assert client.get(entries).status_code == 404
    assert _stored_answers() == 0
    as_coordinator = ApiClient(client, coordinator)
    for _ in range(2):
        response = as_coordinator.get(entries)
        assert response.status_code == 200 and "X-Tiltak-Cache" not in response and "ETag" not in response
    assert _stored_answers() == 0
    # Its draft changes, and the coordinator reads the change at once.
    StatusEntry.objects.filter(round=round_open, measure__number="2").update(narrative="Et nytt utkast.")
    assert "Et nytt utkast." in [e["narrative"] for e in as_coordinator.get(entries).json()]


def test_the_list_of_rounds_never_leaks_an_unpublished_one_to_the_public(client, round_open, coordinator):
    ApiClient(client, coordinator).get(f"{BASE}/rounds")
    public = client.get(f"{BASE}/rounds")
    assert [r["slug"] for r in public.json()] == ["2021-03"] and public["X-Tiltak-Cache"] == "miss"
    assert [r["slug"] for r in client.get(f"{BASE}/rounds").json()] == ["2021-03"]
    assert {r["slug"] for r in ApiClient(client, coordinator).get(f"{BASE}/rounds").json()} == {"2021-03",
                                                                                               "2022-03"}


def test_a_correction_through_the_api_expires_the_stored_answers(client, plan, coordinator):
    for path in (ENTRIES, f"{ENTRIES}/10"):
        client.get(path)
        assert client.get(path)["X-Tiltak-Cache"] == "hit"
    current = client.get(f"{ENTRIES}/10").json()
    response = ApiClient(client, coordinator).put(f"{ENTRIES}/10", {
        "status": current["status"], "narrative": "Rettet i API-et.", "version": current["version"],
        "reason": "Skrivefeil."})
    assert response.status_code == 200, response.content
    for path in (ENTRIES, f"{ENTRIES}/10"):
        again = client.get(path)
        assert again["X-Tiltak-Cache"] == "miss" and "Rettet i API-et." in again.content.decode()
