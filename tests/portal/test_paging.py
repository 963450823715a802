"""Long lists a page at a time: a 250-measure plan's overview, a ministry's measures and the plans, with the pager,
the filters and the round switch on every page, a fixed number of queries, and the site's 404 for pages not there."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.models import Measure, Responsibility, StatusEntry

pytestmark = pytest.mark.django_db

BIG = "/plan/demo-0001/"
ROUND = f"{BIG}runde/2012-09/"  # the newest of its two rounds
MEASURES = 250


@pytest.fixture
def big_plan(builtin_plan):
    create_demo_data(plans=1, measures=MEASURES, rounds=2)
    return builtin_plan


def rows(html: str) -> list[str]:
    """The measure numbers of the overview's rows, in order."""
    return re.findall(r'<tr data-ministries="[^"]*" data-grade="[^"]*">\s*<td class="site-num">([^<]+)</td>', html)


def word(text: str) -> str:
    """A pager's «previous» or «next»: a word that narrow screens hide, leaving the arrow (site/_pager.html)."""
    return f'<span class="site-pager-word">{text}</span>'


def pager_of(html: str) -> str:
    found = re.search(r'<nav class="ds-pagination site-pager"[^>]*>.*?</nav>', html, re.S)
    return found.group(0) if found else ""


def test_the_built_in_plan_is_one_page_without_a_pager(client, builtin_plan):
    html = client.get("/plan/menneskehandel-2011-2014/").content.decode()
    assert len(rows(html)) == 35 and "site-pager" not in html and "Viser 35 tiltak." in html


def test_a_big_round_is_shown_a_page_at_a_time(client, big_plan):
    first = client.get(BIG).content.decode()
    assert rows(first) == [str(n) for n in range(1, 101)]
    # A long status label may break after its «/» (markup, not text).
    assert "/<wbr>under gjennomføring</span>" in first and "&lt;wbr" not in first
    assert "Viser tiltak 1–100 av 250." in first and "250 tiltak i alt." in first
    nav = pager_of(first)
    assert 'aria-label="Sider i tiltaksoversikten"' in nav
    assert f'href="{ROUND}side/2/" rel="next">{word("Neste")}</a>' in nav
    assert f'data-variant="tertiary" href="{ROUND}" aria-label="Side 1" aria-current="page">1</a>' in nav
    assert f'href="{ROUND}side/3/" aria-label="Side 3">3</a>' in nav
    assert f'<span class="ds-button" data-variant="tertiary" aria-hidden="true">{word("Forrige")}</span>' in nav

    last = client.get(f"{ROUND}side/3/").content.decode()
    assert rows(last) == [str(n) for n in range(201, 251)]
    assert "Viser tiltak 201–250 av 250." in last
    nav = pager_of(last)
    assert f'href="{ROUND}side/2/" rel="prev">{word("Forrige")}</a>' in nav
    assert f'aria-hidden="true">{word("Neste")}</span>' in nav
    assert 'aria-label="Side 3" aria-current="page">3</a>' in nav
    # The counts and the chart are the whole round's on every page; the round switch is there too.
    for html in (first, last):
        assert "250 tiltak i alt." in html and html.count('<svg viewBox="0 0 100 10"') == 4
        assert f'href="{BIG}runde/2012-02/"' in html
    counts = [int(n) for n in re.findall(r'<span class="site-count">(\d+)</span>', last)]
    assert sum(counts) == MEASURES


def test_the_pages_speak_english_at_en(client, big_plan):
    html = client.get(f"/en{ROUND}side/2/").content.decode()
    assert "Showing measures 101–200 of 250." in html and rows(html)[0] == "101"
    nav = pager_of(html)
    assert 'aria-label="Pages of the overview of measures"' in nav
    assert f'href="/en{ROUND}" rel="prev">{word("Previous")}</a>' in nav
    assert f'href="/en{ROUND}side/3/" rel="next">{word("Next")}</a>' in nav
    assert 'aria-label="Page 2" aria-current="page">2</a>' in nav
    assert "Forrige" not in html and "Neste" not in html
    # The language switch leads to the same page in the other language.
    assert f'href="{ROUND}side/2/" hreflang="nb" lang="nb">Norsk</a>' in html


def test_filters_are_kept_across_pages(client, big_plan, settings):
    settings.PAGE_SIZE = 20  # a ministry answers for some 40 of the 250 measures
    ministry = (Responsibility.objects.filter(measure__plan__slug="demo-0001").values_list("ministry__abbreviation")
                .order_by("ministry__abbreviation").first()[0])
    matching = (StatusEntry.objects.filter(round__plan__slug="demo-0001", round__slug="2012-09")
                .for_ministry([ministry]).count())
    assert matching > 20  # more than a page: one to four of the register's ministries answer for each measure
    html = client.get(ROUND, {"departement": ministry}).content.decode()
    assert f"Viser tiltak 1–20 av {matching}." in html and f"{MEASURES} tiltak i alt." in html
    assert f'href="{ROUND}side/2/?departement={ministry}" rel="next">' in pager_of(html)
    second = client.get(f"{ROUND}side/2/", {"departement": ministry}).content.decode()
    assert all(ministry in line.split(">")[0] for line in second.split("<tr data-ministries=")[1:])
    assert f'<option value="{ministry}" selected>' in second
    # Both filters, and the pages of a filter are its own: past its end is no page.
    graded = client.get(ROUND, {"departement": ministry, "status": "0"}).content.decode()
    assert "status=0" in pager_of(graded) or "site-pager" not in graded
    pages = -(-matching // 20)
    assert client.get(f"{ROUND}side/{pages}/", {"departement": ministry}).status_code == 200
    assert client.get(f"{ROUND}side/{pages + 1}/", {"departement": ministry}).status_code == 404


@pytest.mark.parametrize("page", ["0", "4", "99999999999999999999", "-1", "x", "2.5"])
def test_a_page_that_is_not_there_is_the_sites_404_page(client, big_plan, page):
    response = client.get(f"{ROUND}side/{page}/")
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.content.decode()


def test_page_one_has_one_address(client, big_plan):
    response = client.get(f"{ROUND}side/1/", {"status": "1"})
    assert response.status_code == 301 and response["Location"] == f"{ROUND}?status=1"


def test_each_page_and_filter_is_cached_apart(client, big_plan, settings):
    settings.PAGE_SIZE = 20
    first, second = client.get(ROUND), client.get(f"{ROUND}side/2/")
    filtered = client.get(f"{ROUND}side/2/", {"status": "1"})
    assert len({first["ETag"], second["ETag"], filtered["ETag"]}) == 3
    again = client.get(f"{ROUND}side/2/")
    assert again["X-Tiltak-Cache"] == "hit" and again.content == second.content
    assert client.get(f"{ROUND}side/2/", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_page_costs_the_same_queries_whatever_the_size(client, big_plan, settings, django_assert_max_num_queries):
    settings.PAGE_SIZE = 20
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as small:
        client.get("/plan/menneskehandel-2011-2014/")
    with CaptureQueriesContext(connection) as big:
        response = client.get(f"{ROUND}side/2/", {"status": "1"})
    assert response.status_code == 200
    # The page's 10 (one of them the round's measures as published where the register changed since) and the page
    # cache's key: 2.
    with django_assert_max_num_queries(12):
        client.get(f"{ROUND}side/3/")
    create_demo_data(plans=1, measures=MEASURES, rounds=2)  # and the database holds twice as much
    with CaptureQueriesContext(connection) as bigger:
        client.get(f"{ROUND}side/2/", {"status": "1"})
    assert len(big) == len(bigger) == len(small)


def test_a_ministrys_measures_are_in_pages(client, big_plan, settings):
    settings.PAGE_SIZE = 20
    abbreviation = "JD"
    html = client.get(f"/departement/{abbreviation}/").content.decode()
    assert 'aria-label="Sider i departementets tiltak"' in pager_of(html)
    assert html.count('<td class="site-num">') == 20
    led = Responsibility.objects.filter(ministry__abbreviation=abbreviation, position=0).count()
    shared = Responsibility.objects.filter(ministry__abbreviation=abbreviation, position__gt=0).count()
    assert f"Hovedansvarlig for {led} tiltak, medansvarlig for {shared} tiltak." in html
    assert Measure.objects.filter(responsibilities__ministry__abbreviation=abbreviation).count() == led + shared
    pages = -(-(led + shared) // 20)
    last = client.get(f"/departement/{abbreviation}/side/{pages}/").content.decode()
    assert 0 < last.count('<td class="site-num">') <= 20
    assert f"Hovedansvarlig for {led} tiltak" in last
    assert client.get(f"/departement/{abbreviation}/side/{pages + 1}/").status_code == 404


def test_the_ministry_page_costs_the_same_queries_whatever_the_size(client, big_plan, settings):
    settings.PAGE_SIZE = 20
    with CaptureQueriesContext(connection) as small:
        client.get("/departement/JD/")
    create_demo_data(plans=3, measures=MEASURES, rounds=1)
    with CaptureQueriesContext(connection) as big:
        response = client.get("/departement/JD/side/2/")
    assert response.status_code == 200 and len(big) == len(small)


def test_the_plans_are_in_pages(client, builtin_plan, settings):
    settings.PAGE_SIZE = 2
    create_demo_data(plans=4, measures=1, rounds=1)
    first = client.get("/").content.decode()
    assert first.count('<li class="ds-card"') == 2
    assert 'aria-label="Sider i listen over handlingsplaner"' in pager_of(first)
    assert 'href="/side/3/" aria-label="Side 3">3</a>' in pager_of(first)
    last = client.get("/side/3/").content.decode()
    assert last.count('<li class="ds-card"') == 1
    assert client.get("/side/4/").status_code == 404
    assert client.get("/side/1/")["Location"] == "/"


def test_the_measures_that_moved_are_in_pages_and_the_matrix_is_whole(client, big_plan, settings):
    settings.PAGE_SIZE = 20
    compare = f"{BIG}sammenligning/2012-02/2012-09/"
    first = client.get(compare).content.decode()
    moved = first.split("Tiltak som har endret status")[1]
    assert moved.count('<li><a class="ds-link" href="/plan/demo-0001/tiltak/') == 20
    assert 'aria-label="Sider i listen over endringer"' in pager_of(first)
    matrix = first.split("<tbody>")[1].split("</tbody>")[0]
    assert sum(int(n) for n in re.findall(r'<td class="site-count">(\d+)</td>', matrix)) == MEASURES
    assert f'href="{compare}side/2/" rel="next">' in pager_of(first)
    assert client.get(f"{compare}side/2/").status_code == 200
    assert client.get(f"{BIG}sammenligning/")["Content-Type"].startswith("text/html")
    assert client.get(f"{compare}side/999/").status_code == 404
    assert client.get(f"{compare}side/1/")["Location"] == compare
