"""The API's documented input rules are the rules every stored value obeys (tiltak.lib.values), not stricter or looser
ones: whatever an import or the web stored can be addressed through the API, and the API takes what the web takes."""

import json
import re

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cast import open_2022
from tiltak.api import schemas
from tiltak.api.api import api
from tiltak.lib import text, values
from tiltak.plans import validation
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


# Characters on which Python's and ECMAScript's regular expressions, and tiltak's own rules, are easily told apart:
# controls Python calls white space and ECMAScript does not (U+001C–U+001F, NEL), separators, the BOM, non-characters,
# letters and the characters links are made of.
TRICKY = ("aZ0 é.-_:/?#@\t\n\r\x0b\x0c\x01\x1b\x1c\x1f\x7f\x85\x9f\xa0\u1680\u2003\u200b\u2028\u2029\u3000"
          "\ufeff\ufdd0\uffff\U0001fffe\U0001f600hHtTpPsSmMiIlLoO")
SERVED = json.loads(json.dumps(api.get_openapi_schema()))


def _patterns(node):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


PATTERNS = sorted(set(_patterns(SERVED)))


def _ecma(pattern: str, value: str) -> bool:
    """Whether ``value`` matches ``pattern`` as a JSON Schema validator reads it (ECMAScript's dialect)."""
    return jsonschema_rs.is_valid({"type": "string", "pattern": pattern}, value)


def test_the_description_has_the_patterns_of_the_rules():
    assert {schemas.LINK, schemas.ONE_LINE, schemas.NO_NUL, schemas.SOME_TEXT, schemas.SLUG,
            schemas.MEASURE_NUMBER} <= set(PATTERNS)
    for pattern in PATTERNS:
        assert not re.search(r"\\[sSwWdDbB]", pattern), pattern  # classes whose meaning differs between dialects


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(value=st.text(alphabet=TRICKY, max_size=12))
def test_every_pattern_means_the_same_in_ecmascript_as_in_python(pattern, value):
    assert _ecma(pattern, value) == (re.fullmatch(pattern, value) is not None)


def _label_stored(value: str) -> bool:
    try:
        validation.clean(value, kind=validation.Kind.LINE, limit=values.ROUND_LABEL, field="label", required=True)
    except Exception:
        return False
    return True


def _comment_stored(value: str) -> bool:
    try:
        comment = validation.clean(value, kind=validation.Kind.TEXT, limit=values.COMMENT, field="comment")
    except Exception:
        return False
    return not text.blank(comment)


@settings(max_examples=400, deadline=None)
@given(value=st.text(alphabet=TRICKY, max_size=12))
def test_the_description_allows_exactly_what_the_server_stores(value):
    """What the API's patterns allow is what the actions take, under both dialects: a label with U+000B or U+2028
    in it, a link with U+001C, a comment of blanks alone are refused by both or taken by both."""
    label, comment, link = schemas.ONE_LINE, schemas.SOME_TEXT, schemas.LINK
    assert _ecma(label, value) == (re.fullmatch(label, value) is not None) == _label_stored(value)
    assert _ecma(comment, value) == (re.fullmatch(comment, value) is not None) == _comment_stored(value)
    assert _ecma(link, value) == (re.fullmatch(link, value) is not None) == (values.link_problem(value) is None)


@pytest.mark.parametrize("value", ["a\x0bb", "a\u2028b", "a\x85b", "Status\nper", "\x1c", "\u3000", ""])
def test_a_label_the_description_refuses_is_refused(value):
    assert not re.fullmatch(schemas.ONE_LINE, value) and not _label_stored(value)


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x85", "\x1c", "\x1f", "\x7f", "\u2028", "\ufeff"])
def test_a_link_with_a_control_character_is_neither_allowed_nor_stored_as_sent(char):
    link = f"https://www.regjeringen.no/{char}tiltak"
    assert not re.fullmatch(schemas.LINK, link) and values.link_problem(link) is not None
    # Through the forms, the import and restore it is normalised as every text is: dropped, or refused as a blank.
    try:
        stored = validation.clean_links([link])
    except Exception:
        return
    assert stored == ["https://www.regjeringen.no/tiltak"]


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x85", "\x1c"])
def test_a_control_character_in_a_link_never_reaches_the_downloads(client, plan, coordinator, char):
    """Issue 20: such a link was stored through the API, and then the round's DOCX and XLSX and the plan's history
    XLSX answered 500 for everyone. Now the API refuses it, the actions store it normalised, and every download
    answers."""
    entry = StatusEntry.objects.filter(round__slug="2021-03", measure__number="2").get()
    link, before = f"https://www.regjeringen.no/no/{char}dokumenter/", list(entry.links)
    answer = ApiClient(client, coordinator).put(f"{BASE}/rounds/2021-03/entries/2", {
        "status": entry.status.text, "narrative": entry.narrative, "version": entry.version, "links": [link],
        "reason": "Lenke lagt til."})
    assert answer.status_code == 422, answer.content
    assert answer.json()["errors"][0]["field"] == "links"
    from django.core.exceptions import ValidationError

    from tiltak.plans.actions import update_entry

    try:  # the web form's and the import's way in: normalised as every text is
        update_entry(entry=entry, status=entry.status, narrative=entry.narrative, links=[link],
                     expected_version=entry.version, acting_user=coordinator, reason="Lenke lagt til.")
    except ValidationError as exc:
        assert char == "\x85" and "links" in exc.message_dict  # NEL is a line break: a link has none
    stored = StatusEntry.objects.get(pk=entry.pk).links
    assert stored == (before if char == "\x85" else ["https://www.regjeringen.no/no/dokumenter/"])
    assert not any(char in link for version in entry.versions.all() for link in version.links)
    client.logout()
    for path in ["/rapport/testplan/2021-03/rapport.docx", "/rapport/testplan/2021-03/rapport.xlsx",
                 "/plan/testplan/data/historikk.xlsx", "/plan/testplan/data/historikk.json"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
@pytest.mark.parametrize("version", [True, "1", 1.0, None])
def test_version_is_a_json_integer_only(client, plan, coordinator, reporter_jd, version):
    open_2022(plan, coordinator)
    answer = ApiClient(client, reporter_jd).put(f"{BASE}/rounds/2022-03/entries/10", {
        "status": "Gjennomført", "narrative": "Ferdig.", "version": version})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "version", answer.content
    assert StatusEntry.objects.get(measure__number="10", round__slug="2022-03").version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("comment", ["", " ", "\u2003\n", "\x01"])
def test_a_return_comment_of_nothing_visible_is_refused_by_the_schema(client, plan, coordinator, comment):
    assert not re.fullmatch(schemas.SOME_TEXT, comment)
    answer = ApiClient(client, coordinator).post(f"{BASE}/rounds/2021-03/entries/2/return", {"comment": comment})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "comment", answer.content


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_with_415(client, plan, coordinator):
    api_client = ApiClient(client, coordinator)
    answer = client.post(f"{BASE}/rounds", data="slug=2023-01&label=x", headers=api_client.headers,
                         content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 415 and "application/json" in answer.json()["detail"]
    operation = SERVED["paths"]["/api/v1/plans/{plan}/rounds"]["post"]
    assert "415" in operation["responses"] and "400" in operation["responses"]


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", [0, 1_360_000_000, "20130215", "2013-02-15T00:00:00", True])
def test_a_date_is_the_iso_text_only(client, plan, coordinator, as_of):
    answer = ApiClient(client, coordinator).post(f"{BASE}/rounds", {"slug": "2023-01", "label": "Status",
                                                                   "as_of": as_of})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "as_of", answer.content
