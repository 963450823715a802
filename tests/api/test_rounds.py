import datetime

import pytest
from django.utils import timezone

from tiltak.plans.models import EntryState, Measure, Ministry, Responsibility, Round, StatusEntry

from .helpers import BASE, ApiClient

pytestmark = pytest.mark.django_db


def add_measures(the_round, count):
    """More measures with entries in ``the_round``, to show a page costs the same on 2 or 40."""
    jd = Ministry.objects.by_abbreviation("JD")
    for i in range(count):
        number = str(100 + i)
        measure = Measure.objects.create(plan=the_round.plan, number=number, sort_key=Measure.key_for(number),
                                         title=f"Tiltak {number}")
        Responsibility.objects.create(measure=measure, ministry=jd, position=0)
        StatusEntry.objects.create(measure=measure, round=the_round, updated_at=timezone.now())


def test_plans_are_listed_for_everybody(client, plan):
    response = client.get("/api/v1/plans")
    assert response.status_code == 200
    assert response.json()[0]["slug"] == "testplan" and response.json()[0]["title"].startswith("Handlingsplan")


def test_unpublished_rounds_are_for_people_with_a_role(client, round_open, reader):
    public = client.get(f"{BASE}/rounds").json()
    assert [r["slug"] for r in public] == ["2021-03"]
    assert client.get(f"{BASE}/rounds/2022-03/entries").status_code == 404
    seen = ApiClient(client, reader).get(f"{BASE}/rounds").json()
    assert [(r["slug"], r["state"]) for r in seen] == [("2021-03", "published"), ("2022-03", "open")]
    assert set(seen[1]) == {"slug", "label", "as_of", "deadline", "state", "published_at"}
    assert seen[1]["deadline"] == "2022-04-01"


def test_the_coordinator_opens_a_round_with_201_and_entries_carried_forward(client, plan, coordinator):
    body = {"slug": "2022-03", "label": "Status per mars 2022", "as_of": "2022-03-01", "deadline": "2022-04-01"}
    response = ApiClient(client, coordinator).post(f"{BASE}/rounds", body)
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "open"
    entries = ApiClient(client, coordinator).get(f"{BASE}/rounds/2022-03/entries").json()
    assert [(e["number"], e["unchanged"], e["state"]) for e in entries] == [("2", True, "draft"), ("10", True, "draft")]
    again = ApiClient(client, coordinator).post(f"{BASE}/rounds", body)
    assert again.status_code == 422 and "allerede en runde" in again.json()["detail"]


def test_a_bad_date_is_422_in_norwegian(client, plan, coordinator):
    body = {"slug": "2022-03", "label": "x", "as_of": "mars 2022"}
    response = ApiClient(client, coordinator).post(f"{BASE}/rounds", body)
    assert response.status_code == 422 and "«as_of» må være en dato" in response.json()["detail"]


def test_publish_is_409_naming_what_is_not_approved_then_200(client, round_open, coordinator):
    boss = ApiClient(client, coordinator)
    refused = boss.post(f"{BASE}/rounds/2022-03/publish")
    assert refused.status_code == 409 and refused.json()["not_approved"] == ["2", "10"]
    for number in ("2", "10"):
        entry = boss.get(f"{BASE}/rounds/2022-03/entries/{number}").json()
        boss.put(f"{BASE}/rounds/2022-03/entries/{number}",
                 {"status": entry["status"], "narrative": entry["narrative"], "version": entry["version"]})
        boss.post(f"{BASE}/rounds/2022-03/entries/{number}/submit")
        boss.post(f"{BASE}/rounds/2022-03/entries/{number}/approve")
    response = boss.post(f"{BASE}/rounds/2022-03/publish")
    assert response.status_code == 200 and response.json()["state"] == "published"
    assert Round.objects.get(slug="2022-03").is_published
    assert [r["slug"] for r in client.get(f"{BASE}/rounds").json()] == ["2021-03", "2022-03"]
    assert set(StatusEntry.objects.filter(round__slug="2022-03").values_list("state", flat=True)) == {
        EntryState.APPROVED}


def test_openapi_describes_the_contract(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/plans/{plan}/rounds/{round}/entries/{number}" in paths
    assert {"get", "put"} <= set(paths["/api/v1/plans/{plan}/rounds/{round}/entries/{number}"])
    assert "/api/v1/plans/{plan}/rounds/{round}/publish" in paths
    assert datetime.date.today().year >= 2024 and schema["info"]["version"] == "1"
