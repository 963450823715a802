"""The plans, a plan's overview (counts, chart, filters, round switch) and the round comparison."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.plans.documents import document
from tests.portal.conftest import SECRET
from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Round

pytestmark = pytest.mark.django_db

PLAN = "/plan/menneskehandel-2011-2014/"


def rows(html: str) -> int:
    return html.count("<tr data-ministries=")


def test_home_lists_the_plans_with_their_latest_round(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = client.get("/").content.decode()
    assert f'href="{PLAN}"' in html
    assert "Regjeringens handlingsplan mot menneskehandel (2011–2014)" in html
    assert "Status per februar 2013" in html and "Status per februar 2014" not in html


def test_home_in_english(client, history):
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html and "The Government&#x27;s Action Plan" in html
    assert f'href="/en{PLAN}"' in html and "Status as of February 2013" in html


def test_overview_shows_counts_chart_and_every_measure(client, builtin_plan, django_assert_max_num_queries):
    # 9 (one of them the round's measures as published, where the register changed since), and the page cache's key
    # (tiltak.core.pagecache): 2.
    with django_assert_max_num_queries(11):
        response = client.get(PLAN)
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == 35
    assert "35 tiltak i alt." in html and "Status per februar 2012" in html
    assert html.count('<svg viewBox="0 0 100 10"') == 4  # one bar per grade
    for number in ("1", "17", "35"):
        assert f'href="{PLAN}tiltak/{number}/"' in html
    assert 'href="/departement/JD/"' in html


def test_overview_costs_the_same_queries_for_more_measures(client):
    small = document()
    import_report(acting_user=SYSTEM, document=small)
    big = document()
    big["plan"].update(slug="stor", title="En stor plan (2020–2023)")  # another title: another plan
    big["measures"] = [dict(small["measures"][0], number=str(n), title=f"Tiltak {n}") for n in range(1, 120)]
    big["warnings"] = []
    import_report(acting_user=SYSTEM, document=big)
    with CaptureQueriesContext(connection) as small_queries:
        client.get("/plan/testplan/")
    with CaptureQueriesContext(connection) as big_queries:
        response = client.get("/plan/stor/?departement=UD&status=1")
    assert rows(response.content.decode()) == 100  # the first page (tests/portal/test_paging.py)
    assert len(big_queries) == len(small_queries)


def test_filters_by_ministry_and_grade(client, builtin_plan):
    html = client.get(PLAN, {"departement": "FD"}).content.decode()
    assert 0 < rows(html) < 35
    assert all("FD" in line for line in html.split("<tr data-ministries=")[1:])
    completed = client.get(PLAN, {"status": "0"}).content.decode()
    assert 0 < rows(completed) < 35 and "Løpende/under gjennomføring</span></span></td>" not in completed
    both = client.get(PLAN, {"departement": "JD", "status": "0"}).content.decode()
    assert rows(both) <= min(rows(completed), rows(client.get(PLAN, {"departement": "JD"}).content.decode()))
    # Nonsense and oversized filters are ignored, never an error.
    html = client.get(PLAN, {"departement": "x" * 5000, "status": "<script>"}).content.decode()
    assert rows(html) == 35 and "<script>" not in html.split("<main")[1].split("</main>")[0]


def test_round_switch_and_unpublished_round(client, history):
    html = client.get(PLAN).content.decode()
    assert "Status per februar 2013" in html and f'href="{PLAN}runde/2012-02/"' in html
    assert "2014-02" not in html and SECRET not in html
    old = client.get(f"{PLAN}runde/2012-02/").content.decode()
    assert "Status per februar 2012" in old and 'aria-current="page"' in old
    assert client.get(f"{PLAN}runde/2014-02/").status_code == 404


def test_unpublished_round_is_not_public(client):
    result = import_report(acting_user=SYSTEM, document=document())
    Round.objects.filter(pk=result.round.pk).update(state=Round.State.OPEN, published_at=None)
    assert client.get(f"/plan/testplan/runde/{result.round.slug}/").status_code == 404
    assert "Ingen rapporteringsrunde er publisert ennå." in client.get("/plan/testplan/").content.decode()
    assert client.get("/plan/testplan/tiltak/2/").status_code == 404


def test_unknown_plan_is_the_sites_404_page(client, db):
    response = client.get("/plan/nosuch/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden finnes ikke" in html and 'class="site-header"' in html and 'href="/"' in html
    english = client.get("/en/plan/nosuch/").content.decode()
    assert "Page not found" in english and '<html lang="en"' in english


def test_user_text_is_escaped(client):
    doc = document()
    doc["measures"][0]["title"] = "<script>alert('x')</script> Tiltak"
    import_report(acting_user=SYSTEM, document=doc)
    html = client.get("/plan/testplan/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_overview_links_the_report_and_its_downloads_in_its_language(client, builtin_plan):
    for prefix in ("", "/en"):
        html = client.get(prefix + PLAN).content.decode()
        page = f"{prefix}/rapport/menneskehandel-2011-2014/2012-02/"
        assert f'href="{page}"' in html
        for fmt in ("pdf", "docx", "xlsx", "csv", "json", "md"):
            assert f'href="{page}rapport.{fmt}"' in html
    assert client.get("/en/rapport/menneskehandel-2011-2014/2012-02/rapport.csv").status_code == 200


def test_portal_speaks_bokmal_first_and_english_at_en(client, builtin_plan):
    html = client.get(PLAN).content.decode()
    assert "Skjematisk tiltaksoversikt" in html and '<html lang="nb"' in html
    assert f'href="/en{PLAN}" hreflang="en" lang="en">English</a>' in html
    english = client.get("/en" + PLAN).content.decode()
    assert "Overview of measures" in english and "Skjematisk tiltaksoversikt" not in english
    assert f'href="{PLAN}" hreflang="nb" lang="nb">Norsk</a>' in english


def test_an_english_browser_still_gets_bokmal(client, builtin_plan):
    html = client.get(PLAN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Skjematisk tiltaksoversikt" in html


def test_in_english_the_scale_statuses_and_round_are_english_and_content_is_marked_nb(client, builtin_plan):
    html = client.get("/en" + PLAN).content.decode()
    assert "The Government&#x27;s Action Plan against Human Trafficking (2011–2014)" in html
    assert "Status as of February 2012" in html
    assert "Ongoing/being implemented" in html and "In preparation" in html
    # Each measure's status is named as the legend, the chart and the filter name its grade, not by the label the
    # report happened to write («Being implemented» / «Under gjennomføring» is the grade «Ongoing/being …»).
    assert "Being implemented" not in html and "Under forberedelse" not in html
    assert f'href="/en{PLAN}tiltak/1/" lang="nb">' in html


def test_the_work_pages_choice_of_english_carries_into_the_portal_links(client, builtin_plan, django_user_model):
    client.post(reverse("web:set_language"), {"language": "en", "next": "/arbeid/"})
    html = client.get("/arbeid/logg-inn/").content.decode()
    assert '<html lang="en"' in html and 'href="/en/"' in html


def test_comparison_of_two_rounds(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # the measures' responsible ministries, as the later round has them: 1
        response = client.get(f"{PLAN}sammenligning/2012-02/2013-02/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fra Status per februar 2012 til Status per februar 2013" in html
    assert f'href="{PLAN}tiltak/1/"' in html and f'href="{PLAN}tiltak/3/"' in html
    assert f'href="{PLAN}tiltak/4/"' not in html  # unchanged
    assert '<th scope="row">Gjennomført</th>' in html
    latest = client.get(f"{PLAN}sammenligning/").content.decode()
    assert "Fra Status per februar 2012 til Status per februar 2013" in latest
    assert client.get(f"{PLAN}sammenligning/2012-02/2014-02/").status_code == 404
    with translation.override("en"):
        english = client.get(f"/en{PLAN}sammenligning/2012-02/2013-02/").content.decode()
    assert "From Status as of February 2012 to Status as of February 2013" in english


def test_the_overviews_status_column_names_each_grade_as_the_legend_does(client, builtin_plan):
    html = client.get(PLAN).content.decode()
    table = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    legend = {grade.name for grade in builtin_plan.scale.grades.all()}
    import re
    shown = {re.sub(r"<wbr>", "", name) for name in re.findall(r'<span class="site-status">.*?<span>(.*?)</span>',
                                                               table, re.S)}
    assert shown and shown <= legend, shown - legend


def _reworded_since(plan, coordinator):
    """The test plan's published 2021 round, and then the scale and measure 10 changed in the register."""
    from tiltak.plans.actions import register

    grade = plan.scale.grades.get(position=2)
    register.reword_grade(plan=plan, grade=grade, name="Planlagt", name_en="Planned", acting_user=coordinator)
    register.edit_measure(measure=plan.measures.get(number="10"), title="Øke innsatsen betydelig", plan_text="",
                          responsible=["JD", "BLD"], acting_user=coordinator)
    assert plan.scale.grades.get(position=2).name == "Planlagt"  # what the page would show without the rule


def test_an_old_rounds_overview_shows_its_legend_and_measures_as_published(client):
    from tests.cast import make_user
    from tiltak.plans.models import Role

    plan = import_report(acting_user=SYSTEM, document=document()).plan
    _reworded_since(plan, make_user("koordinator", Role.Kind.COORDINATOR))
    for address in ("/plan/testplan/", "/plan/testplan/runde/2021-03/"):
        html = client.get(address).content.decode()
        assert '<option value="2">Under forberedelse</option>' in html  # the status filter
        assert "<span>Under forberedelse</span>" in html  # the distribution, and the entry's label
        assert "Planlagt" not in html
        assert "Øke innsatsen</a>" in html and "betydelig" not in html
        assert 'data-ministries="JD "' in html and 'href="/departement/BLD/"' not in html
    # Filtered by ministry as the round published its measures: BLD (responsible since) is not in the 2021 round.
    by_bld = client.get("/plan/testplan/runde/2021-03/?departement=BLD").content.decode()
    assert rows(by_bld) == 0
    by_jd = client.get("/plan/testplan/runde/2021-03/?departement=JD").content.decode()
    assert rows(by_jd) == 2 and "Øke innsatsen</a>" in by_jd
    with translation.override("en"):
        english = client.get("/en/plan/testplan/runde/2021-03/").content.decode()
    assert '<option value="2">In preparation</option>' in english and "Planned" not in english
