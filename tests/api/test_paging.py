"""The API's lists a part at a time (`?limit=&offset=`): the body stays the plain list, the whole length is in
X-Total-Count and the other parts in Link; bounds refused with the one error body; a part costs the same queries."""

import re

import pytest

from tests.api.helpers import BASE, ApiClient
from tests.api.test_rounds import add_measures
from tiltak.api.api import api
from tiltak.api.paging import MAX_LIMIT
from tiltak.plans.actions.demo import create_demo_data

pytestmark = pytest.mark.django_db

ENTRIES = f"{BASE}/rounds/2022-03/entries"


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", ""))}


def test_a_short_list_comes_whole_as_before(client, round_open, reporter_jd):
    response = ApiClient(client, reporter_jd).get(ENTRIES)
    assert [e["number"] for e in response.json()] == ["2", "10"]
    assert response["X-Total-Count"] == "2" and "Link" not in response


def test_a_long_list_in_parts_and_the_links_lead_through_it(client, round_open, reporter_jd):
    add_measures(round_open, 40)
    reader = ApiClient(client, reporter_jd)
    whole = [e["number"] for e in reader.get(ENTRIES).json()]
    assert len(whole) == 42
    first = reader.get(f"{ENTRIES}?limit=10")
    assert [e["number"] for e in first.json()] == whole[:10] and first["X-Total-Count"] == "42"
    assert links(first) == {"next": f"{ENTRIES}?limit=10&offset=10", "first": f"{ENTRIES}?limit=10&offset=0",
                            "last": f"{ENTRIES}?limit=10&offset=40"}
    seen, address = [], f"{ENTRIES}?limit=10"
    while address:
        part = reader.get(address)
        assert part.status_code == 200 and part["X-Total-Count"] == "42"
        seen += [e["number"] for e in part.json()]
        address = links(part).get("next")
    assert seen == whole
    middle = reader.get(f"{ENTRIES}?limit=10&offset=15")
    assert [e["number"] for e in middle.json()] == whole[15:25]
    assert links(middle)["prev"] == f"{ENTRIES}?limit=10&offset=5"
    past = reader.get(f"{ENTRIES}?limit=10&offset=500")
    assert past.status_code == 200 and past.json() == [] and past["X-Total-Count"] == "42"
    assert links(past)["prev"] == f"{ENTRIES}?limit=10&offset=32"


@pytest.mark.parametrize("query", ["limit=0", f"limit={MAX_LIMIT + 1}", "limit=x", "offset=-1",
                                   "offset=99999999999999999999", "limit=2.5"])
def test_bounds_are_refused_with_the_error_body(client, round_open, query):
    for path in (ENTRIES, f"{BASE}/rounds", "/api/v1/plans"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        assert response.json()["detail"] and query.split("=")[0] in str(response.json()["errors"])


def test_rounds_and_plans_in_parts(client, builtin_plan, plan):
    create_demo_data(plans=3, measures=1, rounds=5)
    plans = client.get("/api/v1/plans?limit=2&offset=1")
    assert [p["slug"] for p in plans.json()] == ["demo-0002", "demo-0003"] and plans["X-Total-Count"] == "5"
    assert links(plans)["next"] == "/api/v1/plans?limit=2&offset=3"
    rounds = client.get("/api/v1/plans/demo-0001/rounds?limit=2&offset=2")
    assert [r["slug"] for r in rounds.json()] == ["2013-02", "2013-09"] and rounds["X-Total-Count"] == "5"


def test_a_part_costs_the_same_few_queries_for_many_measures(client, round_open, reporter_jd,
                                                              django_assert_max_num_queries):
    reader = ApiClient(client, reporter_jd)
    with django_assert_max_num_queries(9):
        assert len(reader.get(f"{ENTRIES}?limit=5").json()) == 2
    add_measures(round_open, 60)
    with django_assert_max_num_queries(9):
        assert len(reader.get(f"{ENTRIES}?limit=5&offset=20").json()) == 5


def test_the_openapi_description_states_the_parts():
    schema = api.get_openapi_schema()
    for path in ("/api/v1/plans", "/api/v1/plans/{plan}/rounds", "/api/v1/plans/{plan}/rounds/{round}/entries"):
        operation = schema["paths"][path]["get"]
        query = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        assert query["limit"]["maximum"] == MAX_LIMIT and query["limit"]["minimum"] == 1
        assert query["offset"]["minimum"] == 0 and "maximum" in query["offset"]
        headers = operation["responses"][200]["headers"]
        assert headers["X-Total-Count"]["required"] is True and "Link" in headers
        assert "X-Total-Count" in operation["description"] and "422" in str(list(operation["responses"]))
