import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.plans.documents import document
from tiltak.plans.actions import import_report
from tiltak.plans.models import Round

pytestmark = pytest.mark.django_db


def test_home_goes_straight_to_the_only_plan(client, builtin_plan):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:plan", kwargs={"plan": builtin_plan.slug})


def test_overview_shows_every_measure_of_the_latest_round(client, builtin_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:plan", kwargs={"plan": builtin_plan.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") == 36  # header + 35 measures
    assert "Status per februar 2012" in html
    assert "Løpende/under gjennomføring" in html  # the legend
    assert "Gjennomført" in html


def test_overview_costs_the_same_queries_for_more_measures(client):
    small = document()
    import_report(document=small)
    big = document()
    big["plan"]["slug"] = "stor"
    big["measures"] = [dict(small["measures"][0], number=str(n), title=f"Tiltak {n}") for n in range(1, 120)]
    big["warnings"] = []
    import_report(document=big)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("portal:plan", kwargs={"plan": "testplan"}))
    with CaptureQueriesContext(connection) as big_queries:
        response = client.get(reverse("portal:plan", kwargs={"plan": "stor"}))
    assert response.content.decode().count("<tr>") == 120
    assert len(big_queries) == len(small_queries)


def test_unpublished_round_is_not_public(client):
    result = import_report(document=document())
    Round.objects.filter(pk=result.round.pk).update(state=Round.State.OPEN, published_at=None)
    response = client.get(reverse("portal:round", kwargs={"plan": "testplan", "round": result.round.slug}))
    assert response.status_code == 404
    response = client.get(reverse("portal:plan", kwargs={"plan": "testplan"}))
    assert "Ingen rapporteringsrunde er publisert ennå." in response.content.decode()


def test_unknown_plan_is_404(client, db):
    assert client.get(reverse("portal:plan", kwargs={"plan": "nosuch"})).status_code == 404


def test_user_text_is_escaped(client):
    doc = document()
    doc["measures"][0]["title"] = "<script>alert('x')</script> Tiltak"
    import_report(document=doc)
    html = client.get(reverse("portal:plan", kwargs={"plan": "testplan"})).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_overview_links_the_report_and_its_downloads(client, builtin_plan):
    html = client.get(reverse("portal:plan", kwargs={"plan": builtin_plan.slug})).content.decode()
    page = reverse("reports:page", kwargs={"plan": builtin_plan.slug, "round": "2012-02"})
    assert f'href="{page}"' in html
    for fmt in ("pdf", "docx", "xlsx", "csv", "json", "md"):
        url = reverse("reports:download", kwargs={"plan": builtin_plan.slug, "round": "2012-02", "fmt": fmt})
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_portal_speaks_bokmal_first_and_english_on_request(client, builtin_plan):
    url = reverse("portal:plan", kwargs={"plan": builtin_plan.slug})
    html = client.get(url).content.decode()
    assert "Skjematisk tiltaksoversikt" in html and 'lang="nb"' in html
    client.post(reverse("web:set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "Overview of measures" in html and "Skjematisk tiltaksoversikt" not in html
    assert "Responsible" in html and "Status categories" in html


def test_an_english_browser_still_gets_bokmal_until_english_is_chosen(client, builtin_plan):
    url = reverse("portal:plan", kwargs={"plan": builtin_plan.slug})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Skjematisk tiltaksoversikt" in html


def test_in_english_the_scale_statuses_and_round_are_english_too(client, builtin_plan):
    url = reverse("portal:plan", kwargs={"plan": builtin_plan.slug})
    client.post(reverse("web:set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "The Government&#x27;s Action Plan against Human Trafficking (2011–2014)" in html
    assert "Status as of February 2012" in html
    assert "Ongoing/being implemented" in html and "Being implemented" in html and "In preparation" in html
    assert "Under forberedelse" not in html
