"""The API's documented input rules are the rules every stored value obeys (tiltak.lib.values), not stricter or looser
ones: whatever an import or the web stored can be addressed through the API, and the API takes what the web takes."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cast import open_2022
from tiltak.api import schemas
from tiltak.lib import values
from tiltak.plans.models import Measure, StatusEntry

from .helpers import BASE, ApiClient

LINKS = [
    "https://www.regjeringen.no/no/dokumenter/", "http://x.no", "HTTPS://LOVDATA.NO/a?b=c#d", "mailto:post@jd.dep.no",
    "MAILTO:post@jd.dep.no?subject=Tiltak", "javascript:alert(1)", "ftp://x.no", "https://", "https:///path",
    "mailto:", "mailto:?subject=x", "https://x.no/a b", "data:text/html,x", "//x.no", "x.no", "",
]
SLUGS = ["2013-02", "menneskehandel-2011-2014", "r_1", "a", "-a", "Æ", "a/b", "a b", "A", "2013--02", ""]
NUMBERS = ["1", "3.2", "1a", "IV-2", "9_9", "9/9", "3.", ".3", "3 2", "3?", ""]


@pytest.mark.parametrize("link", LINKS)
def test_the_link_pattern_accepts_exactly_what_may_be_stored(link):
    assert (re.fullmatch(schemas.LINK, link) is not None) == (values.link_problem(link) is None)


@given(st.text(alphabet="hH tTpPsSmMaAiIlLoO:/?#@.x-é\t", max_size=20))
def test_the_link_pattern_and_the_stored_rule_agree_on_any_text(link):
    assert (re.fullmatch(schemas.LINK, link) is not None) == (values.link_problem(link) is None)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_slug_pattern_is_the_stored_rule(slug):
    assert (re.fullmatch(schemas.SLUG, slug) is not None) == (values.slug_problem(slug, values.ROUND_SLUG) is None)


@pytest.mark.parametrize("number", NUMBERS)
def test_the_number_pattern_is_the_stored_rule(number):
    assert (re.fullmatch(schemas.MEASURE_NUMBER, number) is not None) == (values.number_problem(number) is None)


@pytest.mark.django_db
def test_a_measure_numbered_like_iv_2_can_be_read_and_written(client, plan, coordinator, reporter_jd):
    Measure.objects.filter(plan=plan, number="10").update(number="IV-2")
    open_2022(plan, coordinator)
    api = ApiClient(client, reporter_jd)
    entry = f"{BASE}/rounds/2022-03/entries/IV-2"
    assert api.get(entry).status_code == 200
    answer = api.put(entry, {"status": "Gjennomført", "narrative": "Ferdig.", "version": 1,
                             "links": ["mailto:post@jd.dep.no", "https://www.regjeringen.no/"]})
    assert answer.status_code == 200, answer.content
    assert StatusEntry.objects.get(measure__number="IV-2", round__slug="2022-03").links == ["mailto:post@jd.dep.no",
                                                                     "https://www.regjeringen.no/"]


@pytest.mark.django_db
def test_a_javascript_link_is_refused_with_the_rule_in_words(client, plan, coordinator, reporter_jd):
    open_2022(plan, coordinator)
    answer = ApiClient(client, reporter_jd).put(f"{BASE}/rounds/2022-03/entries/10", {
        "status": "Gjennomført", "narrative": "x", "version": 1, "links": ["javascript:alert(1)"]})
    assert answer.status_code == 422
    assert "mailto:" in answer.json()["detail"]
    assert StatusEntry.objects.get(measure__number="10", round__slug="2022-03").version == 1
