"""A reporter logs in, edits and submits, in a real headless Chromium against a live server."""

import shutil

import pytest
from django.db import connections

from tests.cast import PASSWORD, open_2022
from tiltak.plans.models import EntryState, StatusEntry

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes after it starts
    # are still plain synchronous calls, so Django's guard against ORM use inside async code does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: run scripts/system-packages (Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="nb-NO")
        yield context.new_page()
        browser.close()
        # The test's ORM calls ran while Playwright's loop was running, on connections of their own that
        # pytest-django does not know; left open, PostgreSQL could not drop the test database.
        connections.close_all()


def test_a_reporter_logs_in_edits_and_submits(live_server, plan, coordinator, reporter_jd, page):
    open_2022(plan, coordinator)
    page.goto(f"{live_server.url}/arbeid/")
    assert "/arbeid/logg-inn/" in page.url
    page.get_by_label("Brukernavn").fill("rapportor-jd")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    page.get_by_role("heading", name="Mine tiltak").wait_for()
    page.get_by_role("link", name="Øke innsatsen").click()
    page.get_by_label("Løpende/under gjennomføring", exact=True).check()
    page.get_by_label("Beskrivelse").fill("Innsatsen er økt med **to** nye stillinger.\n\n<b>ikke fet</b>")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret.").wait_for()
    page.get_by_role("button", name="Send inn", exact=True).click()
    page.get_by_text("Sendt inn.").wait_for()
    page.get_by_role("link", name="Øke innsatsen").click()

    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    assert entry.state == EntryState.SUBMITTED and entry.status.text == "Løpende/under gjennomføring"
    assert entry.narrative.startswith("Innsatsen er økt med **to**")
    shown = page.locator(".web-narrative").last.inner_html()
    assert "<strong>to</strong>" in shown and "&lt;b&gt;ikke fet&lt;/b&gt;" in shown
