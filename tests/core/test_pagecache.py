"""Published pages and downloads from the shared page cache: validators, 304s, hits without the data, no leaks."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from tests.cast import make_user
from tiltak.core.pagecache import Freshness, cached_page
from tiltak.plans import selectors
from tiltak.plans.actions import update_entry
from tiltak.plans.models import Role, StatusEntry
from tiltak.reports import views as report_views

pytestmark = pytest.mark.django_db

PAGE = "/rapport/menneskehandel-2011-2014/2012-02/"


def test_a_published_page_carries_validators_and_a_lifetime(client, builtin_plan):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"') and response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("path", [PAGE, "/en" + PAGE, PAGE + "rapport.pdf", PAGE + "rapport.xlsx"])
def test_a_matching_etag_gets_304_without_a_body(client, builtin_plan, path):
    etag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_gets_304(client, builtin_plan):
    last_modified = client.get(PAGE)["Last-Modified"]
    assert client.get(PAGE, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(PAGE, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_languages_and_formats_have_their_own_etags(client, builtin_plan):
    tags = {client.get(p)["ETag"] for p in (PAGE, "/en" + PAGE, PAGE + "rapport.md", PAGE + "rapport.csv")}
    assert len(tags) == 4


def test_a_hit_asks_the_database_nothing_and_never_builds_the_report(client, builtin_plan, monkeypatch):
    first = client.get(PAGE)
    assert first["X-Tiltak-Cache"] == "miss"

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cache hit built the report data")

    monkeypatch.setattr(report_views, "build_report", must_not_run)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(PAGE)
    def without_nonce(response):
        return re.sub(rb'nonce="[^"]+"', b"", response.content)

    assert second["X-Tiltak-Cache"] == "hit" and without_nonce(second) == without_nonce(first)
    assert second["ETag"] == first["ETag"]
    assert len(queries) == 0  # the generations and the page come from the cache


def test_a_logged_in_visitor_is_never_served_from_or_into_the_shared_cache(client, builtin_plan):
    client.force_login(make_user("koordinator", Role.Kind.COORDINATOR))
    response = client.get(PAGE)
    assert response.status_code == 200 and "X-Tiltak-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"
    client.logout()
    assert client.get(PAGE)["X-Tiltak-Cache"] == "miss"


def test_a_draft_round_is_not_cached(client, builtin_plan):
    client.force_login(make_user("leser", Role.Kind.READER))
    builtin_plan.rounds.create(slug="2013-02", label="Status per februar 2013", as_of="2013-02-01", state="open")
    response = client.get("/rapport/menneskehandel-2011-2014/2013-02/")
    assert response.status_code == 200 and "ETag" not in response


def test_a_cached_page_never_carries_a_stale_csp_nonce(client, builtin_plan):
    """Whatever nonce a page's body uses is the one this response's policy allows, on a miss and on a hit (the
    report page of the site uses none: its grade colours are SVG fills)."""
    first, second = client.get(PAGE), client.get(PAGE)
    assert second["X-Tiltak-Cache"] == "hit"
    for response in (first, second):
        allowed = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
        used = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert used <= allowed
    assert second["ETag"].startswith('W/"') and second["ETag"] == first["ETag"]
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_the_public_overview_is_cached_and_revalidated(client, builtin_plan):
    overview = "/plan/menneskehandel-2011-2014/"
    first = client.get(overview)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    if first.get("X-Tiltak-Cache") == "miss":  # stored unless the page used the CSRF token or set a cookie
        assert client.get(overview)["X-Tiltak-Cache"] == "hit"
    assert client.get(overview, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(overview + "?status=1")["ETag"] != first["ETag"]


OVERVIEW = "/plan/menneskehandel-2011-2014/"


def _nonces(response) -> tuple[set[str], set[str]]:
    """The nonces the response's policy allows, and those its body uses."""
    allowed = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
    return allowed, set(re.findall(r'nonce="([^"]+)"', response.content.decode()))


def test_an_overview_hit_asks_the_database_nothing(client, builtin_plan):
    first = client.get(OVERVIEW)
    assert first["X-Tiltak-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(OVERVIEW)
        not_modified = client.get(OVERVIEW, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second["X-Tiltak-Cache"] == "hit" and second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]
    assert len(queries) == 0


def test_a_stored_page_gets_the_nonce_of_the_request_it_answers(rf):
    """A page whose body carries the CSP nonce (a style element) is stored with the nonce of the request that made
    it; a hit gives it the nonce of its own request, the one the CSP middleware puts in its header."""

    @cached_page(lambda request: Freshness(key="a page with a nonce"))
    def view(request):
        return HttpResponse(f'<style nonce="{request.csp_nonce}">.x{{}}</style>')

    def answer():
        request = rf.get("/side/")
        request.user = AnonymousUser()
        return CSPMiddleware(view)(request)

    first, second = answer(), answer()
    assert first["X-Tiltak-Cache"] == "miss" and second["X-Tiltak-Cache"] == "hit"
    (allowed_first, used_first), (allowed_second, used_second) = _nonces(first), _nonces(second)
    assert len(used_first) == 1 and used_first <= allowed_first
    assert len(used_second) == 1 and used_second <= allowed_second
    assert used_second != used_first


def test_a_logged_in_visitor_never_gets_or_leaves_the_stored_overview(client, builtin_plan):
    stored = client.get(OVERVIEW)
    assert stored["X-Tiltak-Cache"] == "miss"
    client.force_login(make_user("leser", Role.Kind.READER))
    response = client.get(OVERVIEW)
    assert response.status_code == 200 and "X-Tiltak-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"
    client.logout()
    anonymous = client.get(OVERVIEW)
    assert anonymous["X-Tiltak-Cache"] == "hit" and anonymous["Cache-Control"] == "public, max-age=300"


def test_a_correction_of_a_published_entry_is_shown_at_once(client, builtin_plan):
    """Entries change by a conditional UPDATE, which sends no signal; the history row every change writes
    expires the plan's generation, so the stored overview and report page are never served again."""
    the_round = selectors.latest_published_round(builtin_plan)
    page = f"/rapport/{builtin_plan.slug}/{the_round.slug}/"
    for path in (OVERVIEW, page):
        client.get(path)
        assert client.get(path)["X-Tiltak-Cache"] == "hit"
    entry = StatusEntry.objects.select_related("round__plan", "status").get(round=the_round, measure__number="3")
    other = builtin_plan.scale.grades.exclude(pk=entry.status.grade_id).first().labels.first()
    update_entry(entry=entry, status=other, narrative="En rettelse etter publisering.",
                 expected_version=entry.version, acting_user=make_user("koordinator", Role.Kind.COORDINATOR),
                 reason="Feil status.")
    overview = client.get(OVERVIEW)
    assert overview["X-Tiltak-Cache"] == "miss" and other.text in overview.content.decode()
    report = client.get(page)
    assert report["X-Tiltak-Cache"] == "miss" and "En rettelse etter publisering." in report.content.decode()


def _stored_pages() -> int:
    from django.core.cache import caches

    return len(caches["pages"]._cache)  # the test's own LocMemCache (tests/conftest.py)


def test_parameters_a_page_does_not_use_neither_miss_nor_grow_the_cache(client, builtin_plan):
    assert client.get(OVERVIEW)["X-Tiltak-Cache"] == "miss"
    stored = _stored_pages()
    for query in ("?x=1", "?x=2", "?utm_source=nyhetsbrev&x=3", "?y="):
        response = client.get(OVERVIEW + query)
        assert response.status_code == 200 and response["X-Tiltak-Cache"] == "hit", query
    assert _stored_pages() == stored
    assert client.get(OVERVIEW, HTTP_IF_NONE_MATCH=client.get(OVERVIEW)["ETag"]).status_code == 304
    assert client.get(OVERVIEW + "?x=9", HTTP_IF_NONE_MATCH=client.get(OVERVIEW)["ETag"]).status_code == 304


def test_the_parameters_a_page_uses_are_keys_in_a_fixed_order(client, builtin_plan):
    filtered = client.get(OVERVIEW + "?departement=JD&status=1")
    assert filtered["X-Tiltak-Cache"] == "miss"
    assert client.get(OVERVIEW + "?status=1&departement=JD&x=1")["X-Tiltak-Cache"] == "hit"
    assert client.get(OVERVIEW + "?departement=UD&status=1")["X-Tiltak-Cache"] == "miss"
    assert client.get(OVERVIEW)["X-Tiltak-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/plan/menneskehandel-2011-2014/tiltak/1/", "/departement/JD/",
                                  "/plan/menneskehandel-2011-2014/sammenligning/"])
def test_measure_ministry_and_comparison_pages_are_cached_with_validators(client, builtin_plan, path):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Tiltak-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=300" and first["ETag"].startswith('W/"')
    assert client.get(path + "?x=1")["X-Tiltak-Cache"] == "hit"
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
