"""A whole round in headless Chromium (issue 8): a reporter's edits, «uendret» and bulk submit, reaching the report
exactly; the coordinator approving all in one action, previewing and publishing; and every work page at 1280 and
320 px, in bokmål and English, with no horizontal scroll of the page.

Screenshots go to $SCREENSHOT_DIR when it is set (to look at them), else to the test's temporary folder.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.cast import PASSWORD, make_user
from tests.plans.documents import document
from tests.web import test_browser
from tiltak.plans.actions import (
    SYSTEM,
    approve_entries,
    import_report,
    open_round,
    publish_round,
    submit_entry,
    update_entry,
)
from tiltak.plans.models import EntryState, Role, Round, StatusEntry, StatusLabel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUND = "/arbeid/plan/rundeplan/2022-03/"
page = test_browser.page  # the Chromium fixture
TWO_PARAGRAPHS = "Første avsnitt i fjor.\n\nAndre avsnitt i fjor, med en lenke: https://www.regjeringen.no/."


def _measure(number, title, responsible, text, status="Under forberedelse"):
    return {"number": number, "title": title, "responsible": responsible, "status": status,
            "status_overview": status, "plan_text": "Planen lover dette.", "status_text": text, "links": []}


@pytest.fixture
def people(db):
    return {"coordinator": make_user("koordinator", Role.Kind.COORDINATOR),
            "jd": make_user("rapportor-jd", Role.Kind.REPORTER, ministry="JD"),
            "ud": make_user("rapportor-ud", Role.Kind.REPORTER, ministry="UD")}


@pytest.fixture
def the_round(people) -> Round:
    doc = document(plan={"slug": "rundeplan", "title": "Regjeringens plan for en runde (2020–2023)",
                         "period": ["2020", "2023"], "coordinator": "JD"},
                   measures=[_measure("1", "Bedre samordning", ["JD"], "Arbeidet er påbegynt."),
                             _measure("2", "Flere tolker", ["JD"], TWO_PARAGRAPHS),
                             _measure("3", "Styrket samarbeid med et langt navn som må brytes pent på små skjermer",
                                      ["UD", "JD"], "UD leder arbeidet.")],
                   warnings=[])
    plan = import_report(acting_user=SYSTEM, document=doc).plan
    return open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                      deadline=datetime.date(2022, 4, 1), acting_user=people["coordinator"])


def _log_in(page, base, username):
    page.goto(f"{base}/arbeid/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base}/arbeid/")


def _no_horizontal_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    # What sticks out, outside the containers that scroll on their own, to say where the trouble is.
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.web-table-scroll') && e.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert widths[0] <= widths[1], f"the page scrolls sideways at {page.url}: {widths}; {wide}"


def _entry(number) -> StatusEntry:
    return StatusEntry.objects.select_related("status").get(round__slug="2022-03", measure__number=number)


def test_a_reporter_edits_confirms_and_bulk_submits_and_the_report_says_exactly_that(live_server, the_round,
                                                                                   people, page):
    base = live_server.url
    _log_in(page, base, "rapportor-jd")
    page.get_by_role("heading", name="Mine tiltak").wait_for()

    # 1: a new multi-paragraph narrative, typed with Windows line endings.
    page.get_by_role("link", name="Bedre samordning").click()
    page.get_by_label("Løpende/under gjennomføring", exact=True).check()
    page.get_by_label("Beskrivelse").fill("Samordningen er bedre.\r\n\r\nTo nye møter i året.\r\n- ett i mars\r\n")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret.").wait_for()
    edited = _entry("1")
    # stored in the normal form: LF line endings, no trailing blank line
    assert edited.narrative == "Samordningen er bedre.\n\nTo nye møter i året.\n- ett i mars"

    # 2: last round's two paragraphs still hold; confirmed on the form, which sends them back as CRLF.
    page.goto(f"{base}{ROUND}tiltak/2/")
    page.get_by_label("Uendret: teksten og statusen fra forrige runde gjelder fortsatt").check()
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret.").wait_for()
    confirmed = _entry("2")
    assert confirmed.narrative == TWO_PARAGRAPHS and not confirmed.unchanged
    assert list(confirmed.versions.values_list("action", flat=True)) == ["open", "confirm"]

    # Both in one action from «Mine tiltak»; 3 is UD's to submit, and the page says so.
    page.goto(f"{base}/arbeid/")
    assert page.get_by_text("UD har hovedansvaret og sender inn").is_visible()
    page.get_by_label("Velg tiltak 1", exact=True).check()
    page.get_by_label("Velg tiltak 2", exact=True).check()
    page.get_by_role("button", name="Send inn valgte").click()
    page.get_by_text("Sendt inn: 1, 2.").wait_for()
    assert {_entry(n).state for n in ("1", "2")} == {EntryState.SUBMITTED}

    # UD writes a new text for 3; the coordinator approves all and publishes.
    three = _entry("3")
    three = update_entry(entry=StatusEntry.objects.for_work().get(pk=three.pk), status=three.status,
                         narrative="UD har ny tekst.", expected_version=three.version, acting_user=people["ud"])
    submit_entry(entry=StatusEntry.objects.for_work().get(pk=three.pk), acting_user=people["ud"])
    approve_entries(the_round=the_round, numbers=["1", "2", "3"], acting_user=people["coordinator"])
    publish_round(the_round=the_round, acting_user=people["coordinator"])

    page.goto(f"{base}/rapport/rundeplan/2022-03/")
    page.get_by_role("heading", name="Tiltak med uendret beskrivelse").wait_for()
    listed = page.locator('xpath=//*[normalize-space()="Tiltak med uendret beskrivelse"]/following-sibling::*[1]//li')
    assert listed.all_inner_texts() == ["2 Flere tolker"]
    assert "Samordningen er bedre." in page.content()


def test_send_inn_on_the_form_submits_what_is_on_the_screen(live_server, the_round, people, page):
    base = live_server.url
    _log_in(page, base, "rapportor-jd")
    page.goto(f"{base}{ROUND}tiltak/1/")
    page.get_by_label("Beskrivelse").fill("Skrevet og sendt uten å lagre først.")
    page.get_by_role("button", name="Send inn", exact=True).click()
    page.get_by_text("Sendt inn.").wait_for()
    entry = _entry("1")
    assert entry.state == EntryState.SUBMITTED and entry.narrative == "Skrevet og sendt uten å lagre først."


def test_a_failed_send_inn_keeps_the_text_and_the_error_summary_takes_focus(live_server, the_round, people, page):
    base = live_server.url
    _log_in(page, base, "rapportor-jd")
    page.goto(f"{base}{ROUND}tiltak/1/")
    page.get_by_label("Beskrivelse").fill("")
    page.get_by_role("button", name="Send inn", exact=True).click()
    page.locator("#error-summary").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert _entry("1").state == EntryState.DRAFT
    described = page.get_by_label("Beskrivelse").get_attribute("aria-describedby")
    assert "id_narrative-error" in described


def test_the_coordinator_approves_all_previews_and_publishes(live_server, the_round, people, page):
    for number in ("1", "2", "3"):
        entry = StatusEntry.objects.for_work().get(round=the_round, measure__number=number)
        entry = update_entry(entry=entry, status=entry.status, narrative=entry.narrative,
                             expected_version=entry.version, acting_user=people["coordinator"])
        submit_entry(entry=StatusEntry.objects.for_work().get(pk=entry.pk), acting_user=people["coordinator"])
    base = live_server.url
    _log_in(page, base, "koordinator")
    page.goto(f"{base}{ROUND}")
    page.get_by_role("heading", name="Til gjennomgang (3)").wait_for()
    page.get_by_role("button", name="Godkjenn alle 3 innsendte").click()
    page.get_by_text("Godkjent: 1, 2, 3.").wait_for()
    assert set(StatusEntry.objects.filter(round=the_round).values_list("state", flat=True)) == {"approved"}

    page.get_by_role("link", name="Forhåndsvis rapporten og publiser").click()
    page.get_by_role("heading", name="Dette blir offentlig").wait_for()
    pdf = page.request.get(f"{base}/rapport/rundeplan/2022-03/rapport.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.get_by_label("Innledning").fill("Runden i mars 2022.")
    page.get_by_role("button", name="Lagre tittel og innledning").click()
    page.get_by_text("Tittelen og innledningen er lagret.").wait_for()
    page.get_by_role("link", name="Se rapporten (HTML)").click()
    page.get_by_text("Utkast – ikke publisert").wait_for()
    assert "Runden i mars 2022." in page.content()
    page.go_back()

    page.get_by_label("Jeg har sett gjennom rapporten, og den kan publiseres").check()
    page.get_by_role("button", name="Publiser runden").click()
    page.get_by_text("Runden er publisert. Rapporten er nå offentlig.").wait_for()
    assert Round.objects.get(pk=the_round.pk).is_published
    public = page.context.browser.new_context().new_page()
    public.goto(f"{base}/rapport/rundeplan/2022-03/")
    assert "Runden i mars 2022." in public.content() and "Utkast – ikke publisert" not in public.content()


SHOTS = [
    ("mine-tiltak", "rapportor-jd", "/arbeid/"),
    ("entry-form", "rapportor-jd", ROUND + "tiltak/2/"),
    ("board", "koordinator", ROUND),
    ("review-queue", "koordinator", ROUND + "#queue"),
    ("error-page", "rapportor-jd", "/arbeid/plan/rundeplan/ny-runde/"),  # a reporter may not open a round: 403
]


def test_screenshots_of_the_work_pages_reflow_at_320_px_in_both_languages(live_server, the_round, people, page,
                                                                        tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    submit_entry(entry=update_entry(
        entry=StatusEntry.objects.for_work().get(round=the_round, measure__number="1"),
        status=StatusLabel.objects.get(text="Gjennomført"), narrative="Arbeidet er påbegynt. Og nå er det ferdig.",
        expected_version=1, acting_user=people["jd"]), acting_user=people["jd"])
    base = live_server.url
    taken = []
    for user in ("rapportor-jd", "koordinator"):
        page.context.clear_cookies()
        _log_in(page, base, user)
        for lang in ("nb", "en"):
            page.context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
            for name, who, path in SHOTS:
                if who != user:
                    continue
                for width in (1280, 640, 320):  # 640: 1280 px at 200 % zoom
                    page.set_viewport_size({"width": width, "height": 900})
                    response = page.goto(f"{base}{path}")
                    # (a jump to an anchor of the page already shown loads nothing, so no response)
                    assert response is None or response.status == (403 if name == "error-page" else 200), path
                    assert page.evaluate("document.documentElement.lang") == lang
                    if width < 1280:
                        _no_horizontal_scroll(page)
                    if width == 640:
                        continue
                    target = folder / f"{name}-{lang}-{width}.png"
                    if name == "review-queue":
                        page.locator("#queue").screenshot(path=str(target))
                    else:
                        page.screenshot(path=str(target), full_page=True)
                    taken.append(target.name)
    assert len(taken) == 20 and all((folder / name).stat().st_size > 5000 for name in taken)
    assert get_user_model().objects.count() == 3
