"""Bulk submit and approve in the API: one answer per number; bad input refused whole, with nothing changed."""

import pytest

from tests.cast import confirmed, submitted
from tiltak.plans.models import EntryState, StatusEntry, StatusEntryVersion

from .helpers import BASE, ApiClient

pytestmark = pytest.mark.django_db
ROUND = f"{BASE}/rounds/2022-03"


def _snapshot():
    return (sorted(StatusEntry.objects.values_list("pk", "state", "version", "unchanged")),
            StatusEntryVersion.objects.count())


def test_submit_answers_per_number_and_confirms_unchanged_on_request(client, round_open, reporter_jd):
    api = ApiClient(client, reporter_jd)
    refused = api.post(f"{ROUND}/submit", {"numbers": ["10"]})
    assert refused.status_code == 200
    assert refused.json()["results"][0]["done"] is False
    assert "overført fra forrige runde" in refused.json()["results"][0]["detail"]
    response = api.post(f"{ROUND}/submit", {"numbers": ["10"], "confirm_unchanged": True})
    assert response.status_code == 200, response.content
    assert response.json() == {"done": 1, "not_done": 0, "results": [
        {"number": "10", "done": True, "state": "submitted", "version": 3, "detail": ""}]}
    actions = StatusEntry.objects.get(measure__number="10", round=round_open).versions.order_by("version")
    assert [v.action for v in actions] == ["open", "confirm", "submit"]


def test_approve_names_what_cannot_be_approved_and_approves_the_rest(client, round_open, coordinator):
    submitted(round_open, "10", coordinator)
    response = ApiClient(client, coordinator).post(f"{ROUND}/approve", {"numbers": ["2", "10"]})
    assert response.status_code == 200, response.content
    results = {r["number"]: r for r in response.json()["results"]}
    assert results["10"]["done"] and results["10"]["state"] == "approved"
    assert not results["2"]["done"] and "Utkast" in results["2"]["detail"]
    assert StatusEntry.objects.get(measure__number="2", round=round_open).state == EntryState.DRAFT


@pytest.mark.parametrize(("who", "body", "status", "words"), [
    ("coordinator", {"numbers": ["10", "999"]}, 422, "999"),              # a number the round does not have
    ("reporter_jd", {"numbers": ["10", "2"]}, 403, "2"),                  # UD leads 2: not JD's to submit
    ("coordinator", {"numbers": []}, 422, "minst ett"),                    # empty
    ("coordinator", {"numbers": [str(n) for n in range(10_000)]}, 422, "10000"),  # far too many
    ("coordinator", {"numbers": "10"}, 422, "numbers"),                    # not a list
    ("coordinator", {}, 422, "numbers"),                                   # missing
])
@pytest.mark.parametrize("action", ["submit", "approve"])
def test_bad_bulk_input_is_a_clear_4xx_and_changes_nothing(client, round_open, coordinator, reporter_jd, who, body,
                                                             status, words, action):
    confirmed(round_open, "10", coordinator)
    confirmed(round_open, "2", coordinator)
    if action == "approve":
        submitted(round_open, "10", coordinator)
        if who == "reporter_jd":
            body, words = {"numbers": ["10"]}, "koordinator"
    before = _snapshot()
    user = {"coordinator": coordinator, "reporter_jd": reporter_jd}[who]
    response = ApiClient(client, user).post(f"{ROUND}/{action}", {**body, "confirm_unchanged": True}
                                            if action == "submit" else body)
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]
    assert _snapshot() == before


def test_the_bulk_operations_are_in_the_openapi_description(client):
    description = client.get("/api/v1/openapi.json").json()
    for action in ("submit", "approve"):
        operation = description["paths"][f"/api/v1/plans/{{plan}}/rounds/{{round}}/{action}"]["post"]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/BulkIn")
        assert "one result per number" in operation["description"]
    assert set(description["components"]["schemas"]["BulkIn"]["properties"]) == {"numbers", "confirm_unchanged"}
