"""What the OpenAPI description promises, checked on each operation (fast, with Django's test client)."""

import json
import re

import pytest

from tiltak.api.api import api
from tiltak.api.auth import UNAUTHORIZED
from tiltak.lib import values

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes as strings
SAMPLE = {"plan": "testplan", "round": "2021-03", "number": "2"}
OPERATIONS = [(method, path) for path, item in SCHEMA["paths"].items() for method in item]


def _concrete(path: str) -> str:
    for name, value in SAMPLE.items():
        path = path.replace("{" + name + "}", value)
    return path


def _send(client, method, path, **headers):
    if method == "get":
        return client.get(_concrete(path), headers=headers)
    return getattr(client, method)(_concrete(path), data="{}", content_type="application/json", headers=headers)


def test_every_operation_declares_its_refusals_with_the_one_error_body():
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for method, path in OPERATIONS:
        operation = SCHEMA["paths"][path][method]
        responses = operation["responses"]
        assert {"400", "401"} <= set(responses), (method, path)  # 400: a NUL in the address or the query
        if "{plan}" in path:
            assert {"404", "422"} <= set(responses), (method, path)
        if method != "get":
            assert {"403", "404", "409", "422"} <= set(responses), (method, path)
            assert operation["security"] == [{"BearerToken": []}]
        else:
            assert operation["security"] == [{}, {"BearerToken": []}]  # reads: a token is optional
        for code, answer in responses.items():
            if code.startswith(("4", "5")):
                assert answer["content"]["application/json"]["schema"] == error, (method, path, code)


def test_input_rules_are_in_the_description():
    schemas = SCHEMA["components"]["schemas"]
    entry = schemas["EntryIn"]["properties"]
    assert entry["narrative"]["maxLength"] == 20_000
    # The rules stored values obey (tiltak.lib.values), not API-only ones: http(s) with a host, or mailto.
    link_pattern = entry["links"]["anyOf"][0]["items"]["pattern"]
    assert re.fullmatch(link_pattern, "mailto:post@jd.dep.no") and re.fullmatch(link_pattern, "https://x.no/")
    assert not re.fullmatch(link_pattern, "javascript:alert(1)")
    assert "published" in entry["reason"]["description"]
    assert schemas["RoundIn"]["properties"]["slug"]["pattern"] == f"^{values.SLUG_PATTERN}$"
    entry_path = SCHEMA["paths"]["/api/v1/plans/{plan}/rounds/{round}/entries/{number}"]["get"]["parameters"]
    number = next(p for p in entry_path if p["name"] == "number")["schema"]
    assert re.fullmatch(number["pattern"], "IV-2") and number["maxLength"] == values.MEASURE_NUMBER
    label = schemas["RoundIn"]["properties"]["label"]["pattern"]
    assert re.fullmatch(label, "Status per mars 2013") and not re.fullmatch(label, "a\r\nBcc: x")
    assert "\\s" not in label and "\\S" not in label  # \s means another thing in ECMAScript than in Python
    assert schemas["EntryIn"]["properties"]["version"]["type"] == "integer"


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_bad_token_is_refused_the_same_way_everywhere(client, plan, method, path):
    response = _send(client, method, path, Authorization="Bearer tiltak_not-a-token")
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHORIZED}
    assert response["WWW-Authenticate"] == 'Bearer realm="tiltak"'
    first = _send(client, "get", "/api/v1/plans", Authorization="Basic abc")
    assert first.status_code == 401 and first.json() == response.json()


def test_405_404_and_500_are_json(client, plan, monkeypatch):
    wrong_method = client.delete("/api/v1/plans")
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "GET"
    assert wrong_method["Content-Type"].startswith("application/json") and wrong_method.json()["detail"]
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["detail"]

    from tiltak.plans.models import Plan

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Plan.objects, "select_related", broken)
    client.raise_request_exception = False
    failed = client.get("/api/v1/plans")
    assert failed.status_code == 500 and failed.json() == {"detail": "Noe gikk galt på tjeneren. Feilen er logget."}


def test_the_cached_reads_declare_their_validators_and_304(client, plan):
    reads = [path for path, item in SCHEMA["paths"].items() if "get" in item and not path.endswith(
        ("/forms", "/forms/{ministry}", "/openapi.json", "/docs"))]
    assert len(reads) == 4
    for path in reads:
        responses = SCHEMA["paths"][path]["get"]["responses"]
        assert "304" in responses and "content" not in responses["304"], path
        assert {"ETag", "Last-Modified", "Cache-Control"} <= set(responses["200"]["headers"]), path
        first = client.get(_concrete(path))
        assert first.status_code == 200 and first["ETag"], path
        assert client.get(_concrete(path), headers={"If-None-Match": first["ETag"]}).status_code == 304, path
