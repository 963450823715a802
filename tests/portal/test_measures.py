"""A measure's page: plan text, responsible ministries spelled out, timeline, narratives, diff, corrections."""

import pytest

from tests.portal.conftest import CORRECTION_REASON, SECRET

pytestmark = pytest.mark.django_db

PLAN = "/plan/menneskehandel-2011-2014/"


def test_the_measure_page_shows_its_whole_published_history(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(f"{PLAN}tiltak/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Styrke det internasjonale samarbeidet" in html or "<h1" in html
    assert "Utenriksdepartementet</span> (UD)" in html and "hovedansvarlig" in html
    assert "Justis- og beredskapsdepartementet</span> (JD)" in html  # the name as of the latest round (2013)
    assert html.count('class="site-round"') == 2  # 2012-02 and 2013-02, not the open 2014 round
    assert "Status per februar 2012" in html and "Status per februar 2013" in html
    assert "Samarbeidet med Europarådet er fullført" in html
    assert "<ins>" in html and "<del>" in html  # the word-level diff between the two narratives
    assert SECRET not in html and "februar 2014" not in html


def test_a_published_correction_shows_its_date_and_reason(client, history):
    html = client.get(f"{PLAN}tiltak/2/").content.decode()
    assert CORRECTION_REASON in html and "Rettet" in html
    assert 'id="rettelse-' in html


def test_the_measure_page_in_english_marks_norwegian_text(client, history):
    html = client.get(f"/en{PLAN}tiltak/1/").content.decode()
    assert '<html lang="en"' in html and "Responsible ministries" in html
    assert "Ministry of Foreign Affairs (UD)" in html
    assert '<div class="site-narrative" lang="nb">' in html
    assert '<h1 class="ds-heading" data-size="lg" lang="nb">' in html
    assert "Status as of February 2013" in html


def test_the_query_count_does_not_grow_with_the_rounds(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(f"{PLAN}tiltak/2/")


@pytest.mark.parametrize("path", [f"{PLAN}tiltak/99/", f"{PLAN}tiltak/{'9' * 500}/", "/plan/nosuch/tiltak/1/"])
def test_an_unknown_measure_is_the_sites_404_page(client, history, path):
    response = client.get(path)
    assert response.status_code == 404 and "Siden finnes ikke" in response.content.decode()
    english = client.get("/en" + path)
    assert english.status_code == 404 and "Page not found" in english.content.decode()


def test_a_history_diff_is_computed_once_per_pair_of_published_texts(client, history, monkeypatch):
    """A miss of the page (after any change to its plan) reads the diffs it made before instead of making them
    again; a corrected text is a new pair, diffed once."""
    from tiltak.core import diffs
    from tiltak.core.generations import expire, of_plan

    made = []
    real = diffs.diff_words
    monkeypatch.setattr(diffs, "diff_words", lambda before, after: (made.append((before, after)),
                                                                     real(before, after))[1])
    first = client.get(f"{PLAN}tiltak/1/")
    assert first["X-Tiltak-Cache"] == "miss" and len(made) == 1
    expire(of_plan("menneskehandel-2011-2014"))
    second = client.get(f"{PLAN}tiltak/1/")
    assert second["X-Tiltak-Cache"] == "miss" and len(made) == 1
    assert "<ins>" in second.content.decode() and "<del>" in second.content.decode()
    assert client.get(f"{PLAN}tiltak/2/").status_code == 200 and len(made) == 2
