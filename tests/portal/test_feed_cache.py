"""The Atom feeds and the static export's search index (``sok/indeks.js``) from the page cache: a second request
asks the database nothing, a correction or a publication shows at once, a draft expires nothing, a query string
is the same entry, a client that holds the answer gets 304, and a signed-in reader neither gets nor leaves one."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches

from tests.cast import all_approved, make_user
from tests.portal.conftest import SECRET
from tiltak.plans.actions import publish_round, update_entry
from tiltak.plans.models import Role, StatusEntry

pytestmark = pytest.mark.django_db

PLAN = "/plan/menneskehandel-2011-2014/"
ROUNDS, CORRECTIONS, INDEX = f"{PLAN}runder.atom", f"{PLAN}rettelser.atom", "/sok/indeks.js"
ANSWERS = [ROUNDS, CORRECTIONS, INDEX]


def _stored_answers() -> int:
    return len(caches["pages"]._cache)  # the test's own LocMemCache (tests/conftest.py)


def _stored(client, paths=ANSWERS):
    for path in paths:
        assert client.get(path)["X-Tiltak-Cache"] == "miss", path
        assert client.get(path)["X-Tiltak-Cache"] == "hit", path


@pytest.mark.parametrize(("path", "content_type"), [(ROUNDS, "application/atom+xml"),
                                                    (CORRECTIONS, "application/atom+xml"),
                                                    ("/en" + ROUNDS, "application/atom+xml"),
                                                    (INDEX, "text/javascript")])
def test_a_second_request_asks_the_database_nothing(client, history, path, content_type,
                                                    django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Tiltak-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=300" and first["ETag"].startswith('W/"')
    stored = _stored_answers()
    with django_assert_num_queries(0):
        second = client.get(path)
        odd_query = client.get(path + "?x=1&utm_source=nyhetsbrev")
        not_modified = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        odd_not_modified = client.get(path + "?x=2", HTTP_IF_NONE_MATCH=first["ETag"])
    for response in (second, odd_query):
        assert response["X-Tiltak-Cache"] == "hit" and response.content == first.content
        assert response["Content-Type"].startswith(content_type) and response["ETag"] == first["ETag"]
    assert _stored_answers() == stored
    for response in (not_modified, odd_not_modified):
        assert response.status_code == 304 and response.content == b"" and response["ETag"] == first["ETag"]


def test_a_correction_shows_in_the_feeds_and_the_index_at_once(client, history):
    _stored(client)
    entry = StatusEntry.objects.select_related("round__plan", "status").get(round__slug="2013-02",
                                                                            measure__number="5")
    update_entry(entry=entry, status=entry.status, narrative="Rettet i dag: tiltaket er avsluttet.",
                 expected_version=entry.version, acting_user=User.objects.get(username="koordinator"),
                 reason="En ny rettelse i dag.")
    corrections = client.get(CORRECTIONS)
    assert corrections["X-Tiltak-Cache"] == "miss" and "En ny rettelse i dag." in corrections.content.decode()
    index = client.get(INDEX)
    assert index["X-Tiltak-Cache"] == "miss" and "Rettet i dag: tiltaket er avsluttet." in index.content.decode()
    assert client.get(ROUNDS)["X-Tiltak-Cache"] == "miss"  # the plan's generation: every page of it


def test_drafts_leave_the_feeds_stored_and_a_publication_shows_at_once(client, history):
    """The open 2014 round of the fixture: its entries written, sent in and approved expire nothing public; its
    publication expires the plan's feeds and the index, which then show it."""
    _stored(client)
    coordinator = User.objects.get(username="koordinator")  # the fixture's
    the_round = history.rounds.get(slug="2014-02")
    all_approved(the_round, coordinator)
    for path in ANSWERS:
        response = client.get(path)
        assert response["X-Tiltak-Cache"] == "hit", path
        assert "februar 2014" not in response.content.decode() and SECRET not in response.content.decode()
    publish_round(the_round=the_round, acting_user=coordinator)
    rounds = client.get(ROUNDS)
    assert rounds["X-Tiltak-Cache"] == "miss" and "Status per februar 2014" in rounds.content.decode()
    index = client.get(INDEX)
    assert index["X-Tiltak-Cache"] == "miss" and SECRET in index.content.decode()


def test_a_feed_asked_for_on_another_host_has_that_hosts_links(client, history):
    """A feed writes its links whole (Django's feeds take the request's host): it is stored per host."""
    here = client.get(ROUNDS)
    there = client.get(ROUNDS, HTTP_HOST="localhost")
    assert here["X-Tiltak-Cache"] == "miss" and there["X-Tiltak-Cache"] == "miss"
    assert "http://testserver/plan/" in here.content.decode()
    assert "http://localhost/plan/" in there.content.decode() and "testserver" not in there.content.decode()
    assert client.get(ROUNDS, HTTP_HOST="localhost")["X-Tiltak-Cache"] == "hit"


@pytest.mark.parametrize("path", [CORRECTIONS, INDEX])
def test_a_signed_in_reader_neither_gets_nor_leaves_a_stored_answer(client, history, path):
    client.force_login(make_user("leser", Role.Kind.READER))
    response = client.get(path)
    assert response.status_code == 200 and "X-Tiltak-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"
    client.logout()
    assert client.get(path)["X-Tiltak-Cache"] == "miss"
