"""Long addresses and repeated query parameters, against a running `tiltak serve` (gunicorn in front of Django).

Regression: Schemathesis once drew a query string of over 4,094 bytes; gunicorn refused it itself with an HTML 414
the OpenAPI description did not declare, and `?limit=1&limit=2` was read as `limit=2`. Both are explicit cases here.
"""

import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from tiltak.api.api import api
from tiltak.middleware import MAX_REQUEST_LINE_BYTES


def _get(base: str, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=60) as answer:  # noqa: S310 - our loopback server
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.headers["Content-Type"], refusal.read().decode()


def test_a_query_past_gunicorns_own_limit_reaches_the_api(served):
    # 4,500 bytes: just past the 4,094 gunicorn allows by default, the case Schemathesis found. The API reads it
    # and refuses the unreadable limit in its own, declared words.
    status, content_type, body = _get(served["base"], "/api/v1/plans?limit=" + "9" * 4_500)
    assert status == 422, body[:300]
    assert content_type.startswith("application/json")
    assert json.loads(body)["errors"][0]["field"] == "limit"


@pytest.mark.parametrize("query", [
    "limit=" + "9" * 9_000,
    "limit=1&x=" + quote("æøå" * 2_000),  # percent-encoded: 36,000 bytes on the wire
], ids=["9000-bytes", "36000-bytes-encoded"])
def test_a_too_long_api_address_is_a_declared_json_414(served, query):
    status, content_type, body = _get(served["base"], f"/api/v1/plans?{query}")
    assert status == 414, body[:300]
    assert content_type.startswith("application/json")
    assert json.loads(body) == {"detail": "Adressen er for lang."}


def test_an_address_just_within_the_bound_is_answered(served):
    path, query = "/api/v1/plans", "limit=5&x="
    query += "a" * (MAX_REQUEST_LINE_BYTES - len(path) - len(query))  # path and query: exactly the bound
    status, _type, body = _get(served["base"], f"{path}?{query}")
    assert status == 200, body[:300]
    assert len(json.loads(body)) >= 1


def test_a_too_long_page_address_is_refused_in_words(served):
    status, content_type, body = _get(served["base"], "/sok/?q=" + "a" * 9_000)
    assert status == 414
    assert content_type.startswith("text/html") and "Adressen er for lang" in body and "8\u00a0192 byte" in body


@pytest.mark.parametrize("query", ["limit=1&limit=2", "offset=0&offset=1", "limit=5&offset=0&limit=5"])
def test_a_repeated_list_parameter_is_refused_not_taken(served, query):
    status, content_type, body = _get(served["base"], f"/api/v1/plans?{query}")
    assert status == 422, body[:300]
    assert content_type.startswith("application/json")
    name = query.split("&")[-1].split("=")[0]
    assert json.loads(body) == {"detail": f"Parameteren «{name}» er gitt mer enn én gang."}


def test_every_operation_declares_the_414():
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    operations = [item[method] for item in schema["paths"].values() for method in item]
    assert operations
    for operation in operations:
        assert operation["responses"]["414"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"}
