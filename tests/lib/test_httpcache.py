"""Published pages and downloads from the shared page cache: validators, 304s, hits without the data, no leaks."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cast import make_user
from tiltak.plans.models import Role
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


def test_a_hit_costs_two_queries_and_never_builds_the_report(client, builtin_plan, monkeypatch):
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
    assert len(queries) == 2  # the round, and one aggregate over the entries the page shows


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
