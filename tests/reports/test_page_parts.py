"""A long report's page is in parts of PAGE_SIZE measures: each part its overview table and its sections, the first
also the front matter over the whole round; links to a section on another part go there; the downloads stay whole."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiltak.plans.actions.demo import create_demo_data

pytestmark = pytest.mark.django_db

PAGE = "/rapport/demo-0001/2012-09/"
MEASURES = 250


@pytest.fixture
def big_plan(builtin_plan):
    create_demo_data(plans=1, measures=MEASURES, rounds=2)
    return builtin_plan


def word(text: str) -> str:
    """A pager's «previous» or «next»: a word that narrow screens hide, leaving the arrow (site/_pager.html)."""
    return f'<span class="site-pager-word">{text}</span>'


def sections(html: str) -> list[str]:
    return re.findall(r'<article class="site-measure" id="tiltak-([^"]+)"', html)


def overview_rows(html: str) -> list[str]:
    table = html.split('id="overview"')[1].split("</table>")[0]
    return re.findall(r'<td class="site-num">([^<]+)</td>', table)


def test_the_built_in_report_is_one_whole_page(client, builtin_plan):
    html = client.get("/rapport/menneskehandel-2011-2014/2012-02/").content.decode()
    assert len(sections(html)) == len(overview_rows(html)) == 35 and "site-pager" not in html
    assert 'href="#tiltak-17"' in html and 'id="distribution"' in html and 'id="ministries"' in html


def test_a_long_report_is_in_parts(client, big_plan):
    first = client.get(PAGE).content.decode()
    assert sections(first) == overview_rows(first) == [str(n) for n in range(1, 101)]
    assert "Denne siden viser tiltak 1–100 av 250. Nedlastingene har hele rapporten." in first
    assert 'aria-label="Rapportens sider"' in first and 'aria-label="Rapportens sider, nederst"' in first
    assert f'href="{PAGE}side/3/" aria-label="Side 3">3</a>' in first
    # The front matter is the whole round's.
    assert 'id="distribution"' in first and 'id="ministries"' in first and 'id="changes"' in first
    chart = first.split('id="distribution"')[1].split("</section>")[0]
    assert sum(int(n) for n in re.findall(r'<span class="site-count">(\d+)</span>', chart)) == MEASURES
    # A changed measure past the first part links to its part; one on this part to its section here.
    changes = first.split('id="changes"')[1].split("</section>")[0]
    linked = re.findall(r'href="([^"]*#tiltak-(\d+))"', changes)
    assert linked and any(int(n) > 100 for _, n in linked)
    for href, number in linked:
        part = (int(number) - 1) // 100 + 1
        assert href == (f"#tiltak-{number}" if part == 1 else f"{PAGE}side/{part}/#tiltak-{number}")

    last = client.get(f"{PAGE}side/3/").content.decode()
    assert sections(last) == overview_rows(last) == [str(n) for n in range(201, 251)]
    assert "<title>Side 3 – " in last and "Denne siden viser tiltak 201–250 av 250." in last
    assert 'id="distribution"' not in last and 'id="ministries"' not in last and 'id="legend"' not in last
    assert 'href="#tiltak-250"' in last and f'href="{PAGE}side/2/" rel="prev">{word("Forrige")}</a>' in last


def test_the_parts_in_english(client, big_plan):
    html = client.get(f"/en{PAGE}side/2/").content.decode()
    assert "This page shows measures 101–200 of 250. The downloads hold the whole report." in html
    assert 'aria-label="Pages of the report"' in html and "<title>Page 2 – " in html
    assert sections(html)[0] == "101" and f'href="/en{PAGE}side/3/" rel="next">{word("Next")}</a>' in html


def test_long_lists_of_changes_are_cut_on_the_page(client, big_plan, settings):
    settings.PAGE_SIZE = 20
    changes = client.get(PAGE).content.decode().split('id="changes"')[1].split("</section>")[0]
    lists = re.findall(r'<ul class="ds-list">(.*?)</ul>', changes, re.S)
    assert lists and all(item.count("<li>") <= 20 for item in lists)
    assert re.search(r"Og \d+ tiltak til: hele listen står i nedlastingene\.", changes)


@pytest.mark.parametrize("page", ["0", "4", "x"])
def test_a_part_that_is_not_there_is_the_sites_404_page(client, big_plan, page):
    response = client.get(f"{PAGE}side/{page}/")
    assert response.status_code == 404 and "Siden finnes ikke" in response.content.decode()


def test_the_first_part_has_one_address(client, big_plan):
    response = client.get(f"{PAGE}side/1/")
    assert response.status_code == 301 and response["Location"] == PAGE


def test_each_part_is_cached_apart(client, big_plan):
    second, third = client.get(f"{PAGE}side/2/"), client.get(f"{PAGE}side/3/")
    assert second["ETag"] != third["ETag"]
    again = client.get(f"{PAGE}side/2/")
    assert again["X-Tiltak-Cache"] == "hit" and again.content == second.content


def test_a_part_costs_the_queries_of_the_whole_built_in_page(client, big_plan):
    with CaptureQueriesContext(connection) as small:
        client.get("/rapport/menneskehandel-2011-2014/2012-02/")
    with CaptureQueriesContext(connection) as big:
        client.get(f"{PAGE}side/2/")
    assert len(big) == len(small)


def test_the_downloads_stay_whole(client, big_plan):
    markdown = client.get(f"{PAGE}rapport.md").content.decode()
    assert len(re.findall(r"^#+ 250 ", markdown, re.M)) == 1 and len(re.findall(r"^#+ 1 ", markdown, re.M)) == 1
    html = client.get(f"{PAGE}rapport.html").content.decode()
    assert html.count('<article class="measure"') == MEASURES


def test_the_parts_share_one_build_of_the_report_until_something_changes(client, big_plan, settings,
                                                                        django_user_model):
    from tiltak.plans.actions import update_entry
    from tiltak.plans.models import StatusEntry

    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                   "LOCATION": "parts-share"}}
    with CaptureQueriesContext(connection) as first:
        client.get(f"{PAGE}side/2/")
    with CaptureQueriesContext(connection) as next_part:
        assert client.get(f"{PAGE}side/3/").status_code == 200
    assert len(next_part) < len(first)  # the freshness check only: the report's data was kept
    admin = django_user_model.objects.create(username="admin", is_superuser=True)
    entry = StatusEntry.objects.for_work().get(round__slug="2012-09", round__plan__slug="demo-0001",
                                               measure__number="250")
    update_entry(entry=entry, status=entry.status, narrative="Helt ny tekst om tiltaket.",
                 expected_version=entry.version, acting_user=admin, reason="Rettelse")
    assert "Helt ny tekst om tiltaket." in client.get(f"{PAGE}side/3/").content.decode()
