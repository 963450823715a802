"""Every response carries the strict Content-Security-Policy and the Permissions-Policy."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["/", "/arbeid/logg-inn/", "/api/v1/openapi.json", "/api/v1/docs", "/no-such-page/", "/admin/login/"]


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_strict_policy(client, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert not any(source.startswith(("http:", "https:")) or "cdn" in source for source in policy[directive])
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_a_nonce_is_added_only_where_a_page_uses_it(client, plan):
    public = plan.rounds.get(state="published")
    # The public pages draw grade colours as SVG fills: no inline style at all, so no nonce.
    for path in (f"/rapport/{plan.slug}/{public.slug}/", f"/plan/{plan.slug}/"):
        page = client.get(path)
        assert "style=" not in page.text and "<style" not in page.text
        assert "'nonce-" not in page["Content-Security-Policy"]
    assert "'nonce-" not in client.get("/arbeid/logg-inn/")["Content-Security-Policy"]


def test_the_api_docs_come_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").text
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
