"""A fill-in form in headless Chromium: downloaded from «Mine tiltak», filled in, uploaded, the preview's word diff
read, confirmed, and the entry stored «via skjema»."""

import pytest

from tests.forms_xlsx.helpers import fill
from tests.web import test_browser, test_round_browser
from tests.web.test_round_browser import _log_in, _no_horizontal_scroll
from tiltak.plans.models import StatusEntry, Via

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
page = test_browser.page  # the Chromium fixture
people, the_round = test_round_browser.people, test_round_browser.the_round  # the round's fixtures


def test_a_reporter_downloads_fills_in_uploads_and_confirms(live_server, the_round, people, page, tmp_path):
    base = live_server.url
    _log_in(page, base, "rapportor-jd")
    page.get_by_role("link", name="Skjema for utfylling").first.click()
    page.get_by_role("heading", name="Skjema for utfylling").wait_for()
    # A file that is not the form is refused on the page, in words
    other = tmp_path / "notat.xlsx"
    other.write_bytes(b"Dette er ikke et regneark.")
    page.get_by_label("Utfylt skjema (XLSX)").set_input_files(str(other))
    page.get_by_role("button", name="Les skjemaet og vis hva som blir endret").click()
    page.get_by_text("ikke et regneark i XLSX-format").first.wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name="Skjema for JD (XLSX)").click()
    form = download.value.path().read_bytes()
    filled = tmp_path / "skjema.xlsx"
    filled.write_bytes(fill(form, {"1": {"text": "Arbeidet er fullført.\n\nTo møter i Ålesund."}}))

    page.get_by_label("Utfylt skjema (XLSX)").set_input_files(str(filled))
    page.get_by_role("button", name="Les skjemaet og vis hva som blir endret").click()
    page.get_by_role("heading", name="Forhåndsvisning av skjema: JD").wait_for()
    row = page.locator('[data-number="1"]')
    assert row.locator("del").all_inner_texts() == ["påbegynt."]
    assert "fullført." in " ".join(row.locator("ins").all_inner_texts())
    assert page.locator('[data-kind="unchanged"]').count() == 2
    page.set_viewport_size({"width": 320, "height": 800})
    _no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert StatusEntry.objects.get(round__slug="2022-03", measure__number="1").version == 1

    page.get_by_role("button", name="Lagre endringene").click()
    page.get_by_role("heading", name="Skjemaet er lest inn: JD").wait_for()
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="1")
    assert entry.narrative == "Arbeidet er fullført.\n\nTo møter i Ålesund."
    assert entry.versions.order_by("-version").first().via == Via.FORM

