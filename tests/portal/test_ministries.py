"""A ministry's page: the measures it leads or shares, and its names over time."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_ministry_page_lists_its_measures_and_its_names(client, builtin_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/departement/JD/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Justis- og politidepartementet" in html and "Justis- og beredskapsdepartementet" in html
    assert "31. desember 2011" in html and "1. januar 2012" in html
    assert "Tiltak departementet har hovedansvar for" in html and "Tiltak departementet har medansvar for" in html
    assert 'href="/plan/menneskehandel-2011-2014/tiltak/5/"' in html  # led by JD
    assert 'href="/plan/menneskehandel-2011-2014/tiltak/1/"' in html  # shared (UD, JD, BLD)


def test_the_ministry_page_in_english(client, builtin_plan):
    html = client.get("/en/departement/JD/").content.decode()
    assert "Ministry of Justice" in html and "Measures the ministry leads" in html
    assert "Names over time" in html and 'href="/en/plan/menneskehandel-2011-2014/tiltak/5/"' in html


@pytest.mark.parametrize("path", ["/departement/XYZ/", "/departement/" + "J" * 300 + "/"])
def test_an_unknown_ministry_is_the_sites_404_page(client, builtin_plan, path):
    response = client.get(path)
    assert response.status_code == 404 and "Siden finnes ikke" in response.content.decode()
    assert "Page not found" in client.get("/en" + path).content.decode()
