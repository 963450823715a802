"""The report on the web: the page and the downloads, who may see them, and what they cost."""

import datetime

import pytest

from tests.cast import make_user
from tiltak.plans.models import Role, Round

pytestmark = pytest.mark.django_db

PAGE = "/rapport/menneskehandel-2011-2014/2012-02/"


@pytest.fixture
def draft_round(builtin_plan):
    return Round.objects.create(plan=builtin_plan, slug="2013-02", label="Status per februar 2013",
                                as_of=datetime.date(2013, 2, 1), state=Round.State.OPEN)


def test_the_page_shows_the_report_with_download_links(client, builtin_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(PAGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert page.count('<p class="ds-paragraph site-status-line">') == 35
    assert f'href="{PAGE}rapport.pdf"' in page and f'href="{PAGE}rapport.xlsx"' in page
    # A page of the site: its header, its way back, its language button.
    assert 'class="site-header"' in page and 'href="/plan/menneskehandel-2011-2014/"' in page
    assert f'href="/en{PAGE}" hreflang="en"' in page and "style=" not in page and "<style" not in page


def test_the_page_in_english_links_english_downloads(client, builtin_plan):
    page = client.get("/en" + PAGE).content.decode()
    assert '<html lang="en"' in page
    assert "Overview of measures" in page and f'href="/en{PAGE}rapport.docx"' in page
    assert page.count('<div class="site-narrative" lang="nb">') >= 35  # Norwegian narratives marked as such
    response = client.get(f"/en{PAGE}rapport.csv")
    assert response["Content-Disposition"].endswith('2012-02-en.csv"')
    assert "Status grade" in response.content.decode("utf-8-sig").splitlines()[0]


def test_the_old_english_address_redirects_to_the_english_page(client, builtin_plan):
    response = client.get(PAGE + "?lang=en")
    assert response.status_code == 301 and response["Location"] == "/en" + PAGE


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbf"),
        ("md", "text/markdown; charset=utf-8", b"# "),
        ("json", "application/json", b"{"),
        ("html", "text/html; charset=utf-8", b"<!doctype html>"),
    ],
)
def test_downloads(client, builtin_plan, django_assert_max_num_queries, fmt, content_type, magic):
    with django_assert_max_num_queries(8):
        response = client.get(f"{PAGE}rapport.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="menneskehandel-2011-2014-2012-02.{fmt}"'
    assert response.content.startswith(magic)


DRAFT = "/rapport/menneskehandel-2011-2014/2013-02/"
PEOPLE = {
    "anonymous": lambda: None,
    "signed in, no role": lambda: make_user("bruker"),
    "reader": lambda: make_user("leser", Role.Kind.READER),
    "reporter JD": lambda: make_user("rapportor-jd", Role.Kind.REPORTER, ministry="JD"),
    "coordinator": lambda: make_user("koordinator", Role.Kind.COORDINATOR),
}


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("anonymous", PAGE, 200),
        ("anonymous", DRAFT, 404),  # not published yet: as if it did not exist
        ("anonymous", DRAFT + "rapport.pdf", 404),
        ("signed in, no role", DRAFT + "rapport.csv", 404),
        ("reader", DRAFT, 200),
        ("reporter JD", DRAFT + "rapport.md", 200),
        ("coordinator", DRAFT + "rapport.json", 200),
        ("anonymous", "/rapport/finnes-ikke/2012-02/", 404),
        ("anonymous", "/rapport/menneskehandel-2011-2014/1999-01/rapport.csv", 404),
        ("anonymous", PAGE + "rapport.exe", 404),
    ],
)
def test_who_may_see_what(client, draft_round, who, path, status):
    user = PEOPLE[who]()
    if user is not None:
        client.force_login(user)
    assert client.get(path).status_code == status


def test_a_draft_is_marked_and_never_cached(client, draft_round):
    client.force_login(make_user("koordinator", Role.Kind.COORDINATOR))
    response = client.get("/rapport/menneskehandel-2011-2014/2013-02/rapport.html")
    assert "Utkast – ikke publisert" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_only_get_and_head(client, builtin_plan):
    assert client.post(PAGE).status_code == 405
