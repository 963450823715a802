"""The site's own 400, 403, 404 and 500 pages: the site's header, the visitor's language, a way back."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from tiltak.portal import errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("handler", "status", "nb", "en"), [
    (errors.bad_request, 400, "Forespørselen kunne ikke leses", "The request could not be read"),
    (errors.permission_denied, 403, "Du har ikke tilgang til denne siden", "You do not have access to this page"),
    (errors.page_not_found, 404, "Siden finnes ikke", "Page not found"),
])
def test_error_pages_in_both_languages(handler, status, nb, en):
    for language, heading, path in (("nb", nb, "/plan/x/"), ("en", en, "/en/plan/x/")):
        with translation.override(language):
            response = handler(RequestFactory().get(path), Exception("x"))
        html = response.content.decode()
        assert response.status_code == status
        assert heading in html and f'<html lang="{language}"' in html and 'class="site-header"' in html
        assert 'class="ds-skip-link"' in html and ('href="/"' in html or 'href="/en/"' in html)


def test_the_500_page_needs_nothing_that_may_have_failed(django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(0):
        response = errors.server_error(RequestFactory().get("/en/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong on our side" in html and 'href="/en/"' in html


def test_an_unknown_address_is_the_sites_404_in_the_addresss_language(client):
    assert "Siden finnes ikke" in client.get("/finnes-ikke/").content.decode()
    english = client.get("/en/does-not-exist/")
    assert english.status_code == 404 and "Page not found" in english.content.decode()


def test_the_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("site/favicon.svg")
