import pytest

from tiltak.plans.models import EntryState, StatusEntry

from .helpers import BASE, ApiClient

pytestmark = pytest.mark.django_db
ENTRY = f"{BASE}/rounds/2022-03/entries/10"


def test_read_an_entry(client, round_open, reporter_jd):
    response = ApiClient(client, reporter_jd).get(ENTRY)
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("number", "status", "narrative", "links", "state", "version", "unchanged")} == {
        "number": "10", "status": "Under forberedelse", "narrative": "Arbeidet er påbegynt.", "links": [],
        "state": "draft", "version": 1, "unchanged": True,
    }
    assert body["responsible"] == ["JD"] and body["grade"] == "Under forberedelse"


def test_put_writes_and_answers_with_the_new_version(client, round_open, reporter_jd):
    api = ApiClient(client, reporter_jd)
    response = api.put(ENTRY, {"status": "Gjennomført", "narrative": "Ferdig i 2022.", "version": 1})
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["status"]) == (2, "Gjennomført")
    assert StatusEntry.objects.get(round=round_open, measure__number="10").narrative == "Ferdig i 2022."


def test_a_stale_version_is_409_with_the_current_text(client, round_open, reporter_jd, coordinator):
    ApiClient(client, coordinator).put(ENTRY, {"status": "Gjennomført", "narrative": "Koordinator først.",
                                               "version": 1})
    response = ApiClient(client, reporter_jd).put(ENTRY, {"status": "Gjennomført", "narrative": "Min tekst.",
                                                          "version": 1})
    assert response.status_code == 409
    assert response.json()["current"]["narrative"] == "Koordinator først."
    assert "versjon 1" in response.json()["detail"]


def test_an_unknown_status_is_422_listing_the_allowed_ones(client, round_open, reporter_jd):
    response = ApiClient(client, reporter_jd).put(ENTRY, {"status": "Nesten ferdig", "narrative": "", "version": 1})
    assert response.status_code == 422
    assert "Ukjent status «Nesten ferdig»" in response.json()["detail"]
    assert response.json()["allowed"][:2] == ["Gjennomført", "Løpende/under gjennomføring"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"status": "Gjennomført", "narrative": "x" * 20_001, "version": 1}, "narrative", "høyst 20 000 tegn"),
        ({"status": "Gjennomført", "narrative": "x"}, "version", "«version» mangler"),
        ({"status": "Gjennomført", "narrative": "x", "version": "en"}, "version", "må være et heltall"),
        ({"status": "Gjennomført", "narrative": ["x"], "version": 1}, "narrative", "må være tekst"),
        ({"status": "Gjennomført", "narrative": "x", "version": 1, "links": ["ftp://x"]}, "links", "https://"),
        ("{not json", "", "JSON"),
    ],
)
def test_a_bad_body_is_422_with_a_message_a_person_understands(client, round_open, reporter_jd, body, field, words):
    response = ApiClient(client, reporter_jd).put(ENTRY, body)
    assert response.status_code == 422, response.content
    assert words in response.json()["detail"]
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]
    assert StatusEntry.objects.get(round=round_open, measure__number="10").version == 1


def test_html_is_stored_and_returned_as_text(client, round_open, reporter_jd):
    text = "<img src=x onerror=alert(1)>"
    ApiClient(client, reporter_jd).put(ENTRY, {"status": None, "narrative": text, "version": 1})
    assert ApiClient(client, reporter_jd).get(ENTRY).json()["narrative"] == text


def test_without_a_token_a_write_is_401(client, round_open):
    response = client.put(ENTRY, data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    bad = client.put(ENTRY, data="{}", content_type="application/json", headers={"Authorization": "Bearer tiltak_x"})
    assert bad.status_code == 401


def test_a_bad_token_on_a_read_is_401_not_anonymous(client, round_open):
    assert client.get(f"{BASE}/rounds", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_submit_approve_and_return(client, round_open, reporter_jd, coordinator):
    reporter, boss = ApiClient(client, reporter_jd), ApiClient(client, coordinator)
    reporter.put(ENTRY, {"status": "Gjennomført", "narrative": "Ferdig.", "version": 1})
    assert reporter.post(f"{ENTRY}/submit").json()["state"] == EntryState.SUBMITTED
    returned = boss.post(f"{ENTRY}/return", {"comment": "Hvilket år?"})
    assert (returned.json()["state"], returned.json()["review_comment"]) == ("returned", "Hvilket år?")
    assert boss.post(f"{ENTRY}/return", {"comment": ""}).status_code in (409, 422)
    reporter.put(ENTRY, {"status": "Gjennomført", "narrative": "Ferdig i 2022.", "version": returned.json()["version"]})
    reporter.post(f"{ENTRY}/submit")
    assert boss.post(f"{ENTRY}/approve").json()["state"] == "approved"
    assert boss.post(f"{ENTRY}/approve").status_code == 409  # already approved


def test_the_list_costs_the_same_few_queries_for_many_measures(client, round_open, reporter_jd,
                                                                django_assert_max_num_queries):
    from tests.api.test_rounds import add_measures

    api = ApiClient(client, reporter_jd)
    with django_assert_max_num_queries(8):
        assert len(api.get(f"{BASE}/rounds/2022-03/entries").json()) == 2
    add_measures(round_open, 40)
    with django_assert_max_num_queries(8):
        assert len(api.get(f"{BASE}/rounds/2022-03/entries").json()) == 42


def test_an_old_rounds_entries_have_their_grade_and_measure_as_published(client, plan, coordinator):
    from tests.portal.test_plans import _reworded_since

    _reworded_since(plan, coordinator)
    listed = {e["number"]: e for e in client.get(f"{BASE}/rounds/2021-03/entries").json()}
    one = client.get(f"{BASE}/rounds/2021-03/entries/10").json()
    for body in (listed["10"], one):
        assert (body["title"], body["responsible"]) == ("Øke innsatsen", ["JD"])
        assert (body["status"], body["grade"], body["meaning"]) == ("Under forberedelse", "Under forberedelse",
                                                                    "planned")


def test_a_measure_renumbered_after_its_round_keeps_its_address_and_says_both_numbers(client, plan, coordinator):
    """The address is the measure's number now (its identity); the body the number the round published and, beside
    it, the number now (README, «/api/v1/»; the OpenAPI description of EntryOut)."""
    from tiltak.plans.actions import register

    register.renumber_measure(measure=plan.measures.get(number="10"), number="11", acting_user=coordinator)
    one = client.get(f"{BASE}/rounds/2021-03/entries/11")
    assert one.status_code == 200
    listed = [e for e in client.get(f"{BASE}/rounds/2021-03/entries").json() if e["title"] == "Øke innsatsen"]
    for body in (one.json(), *listed):
        assert (body["number"], body["current_number"], body["title"]) == ("10", "11", "Øke innsatsen")
    assert client.get(f"{BASE}/rounds/2021-03/entries/10").status_code == 404  # the old number is no address
    unchanged = client.get(f"{BASE}/rounds/2021-03/entries/2").json()
    assert unchanged["number"] == unchanged["current_number"] == "2"
    described = client.get("/api/v1/openapi.json").json()
    fields = described["components"]["schemas"]["EntryOut"]["properties"]
    assert "the number in the entry's address" in fields["current_number"]["description"]
    assert "`current_number`" in described["info"]["description"]
