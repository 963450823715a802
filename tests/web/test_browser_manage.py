"""Running tiltak without a programmer, in a real headless Chromium against a live server, keyboard only.

The coordinator creates a plan with three measures by hand, adds a reporter for JD, who sets a password from the
e-mailed link and logs in; the coordinator opens a round and the reporter reports. Then every page of the
register and of the people, at 1280 and 320 px, in bokmål and English: no horizontal scroll.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core import mail

from tests.cast import PASSWORD, make_user
from tests.web.test_browser import page  # noqa: F401 (the fixture)
from tiltak.plans.models import EntryState, Role, StatusEntry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Set TILTAK_SCREENSHOTS=/some/folder to keep a screenshot of every page walked.
SHOTS = os.environ.get("TILTAK_SCREENSHOTS")
NEW_PASSWORD = "Sommer-fugl-Lyng-7731"


def _shot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _no_horizontal_scroll(tab) -> None:
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px"


def _type(tab, label: str, text: str, *, exact: bool = False) -> None:
    field = tab.get_by_label(label, exact=exact)
    field.focus()
    field.fill(text)


def _press(tab, role_name: str, *, role: str = "button") -> None:
    """Activate a button or link from the keyboard: focus it, press Enter."""
    target = tab.get_by_role(role, name=role_name, exact=True)
    target.focus()
    target.press("Enter")


def _log_in(tab, url: str, username: str, password: str) -> None:
    tab.goto(f"{url}/arbeid/logg-inn/")
    _type(tab, "Brukernavn", username)
    _type(tab, "Passord", password)
    tab.get_by_label("Passord").press("Enter")
    tab.wait_for_url(re.compile(r".*/arbeid/$"))


def test_a_plan_by_hand_a_new_reporter_a_round_and_a_report(live_server, page):  # noqa: F811
    make_user("koordinator", Role.Kind.COORDINATOR)
    url = live_server.url
    _log_in(page, url, "koordinator", PASSWORD)

    # A new plan, by hand, from the coordinator's home.
    _press(page, "Ny plan", role="link")
    page.get_by_role("heading", name="Ny plan").wait_for()
    _type(page, "Tittel", "Handlingsplan mot vold i nære relasjoner (2025–2028)", exact=True)
    _type(page, "Tittel på engelsk", "Action plan against domestic violence")
    _type(page, "Periode fra (år)", "2025")
    _type(page, "Periode til (år)", "2028")
    page.get_by_label("Koordinerende departement").select_option("JD")
    page.get_by_label("Statusskala").select_option("handlingsplan")
    _shot(page, "plan-new-nb-1280")
    _press(page, "Opprett planen")
    page.get_by_text("Planen er opprettet.").wait_for()

    measures = [("1", "Styrke hjelpetilbudet", "BFD, JD"), ("2", "Bedre politiets innsats", "JD"),
                ("3", "Forebygge vold i skolen", "KD, BFD, JD")]
    for number, title, responsible in measures:
        _press(page, "Nytt tiltak", role="link")
        _type(page, "Nummer", number)
        _type(page, "Tittel", title, exact=True)
        _type(page, "Tekst i handlingsplanen", f"Planen sier: {title.lower()}.")
        lead, *others = responsible.split(", ")
        page.get_by_label("Ansvarlig departement", exact=True).select_option(lead)
        group = page.get_by_role("group", name="Medansvarlige departementer")
        for other in others:  # found with the group's search box, ticked from the keyboard
            group.get_by_label("Søk i listen").fill(f"({other})")
            group.get_by_label("Søk i listen").press("Enter")
            page.keyboard.press("Space")
        if others:
            assert group.get_by_text("Valgt:").inner_text().count("departementet") == len(others)
        _press(page, "Legg til")
        page.get_by_text(f"Tiltak {number} er lagt til.").wait_for()
    rows = page.locator("table").first.locator("tbody tr")
    assert rows.count() == 3
    assert "KD, BFD, JD" in rows.nth(2).inner_text()
    _shot(page, "plan-register-nb-1280")

    # A reporter for JD, told by e-mail.
    page.goto(f"{url}/arbeid/")
    _press(page, "Brukere", role="link")
    _press(page, "Ny bruker", role="link")
    _type(page, "Brukernavn", "kari.nordmann")
    _type(page, "E-post", "kari.nordmann@jd.dep.no")
    page.get_by_label("Rolle").select_option("reporter")
    page.get_by_label("Departement").select_option("JD")
    _shot(page, "person-new-nb-1280")
    _press(page, "Opprett og send lenke")
    page.get_by_text("kari.nordmann er opprettet").wait_for()
    _shot(page, "person-nb-1280")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kari.nordmann@jd.dep.no"]
    link = re.search(r"https?://\S+/arbeid/passord/\S+", mail.outbox[0].body).group(0)
    path = link.split("/arbeid/", 1)[1]

    # The coordinator opens a round.
    page.goto(f"{url}/arbeid/")
    _press(page, "Åpne ny runde for Handlingsplan mot vold i nære relasjoner (2025–2028)", role="link")
    _type(page, "Betegnelse", "Status per mars 2026")
    _type(page, "Kortnavn", "2026-03")
    _type(page, "Status per (dato)", "2026-03-01")
    _type(page, "Frist for rapportering", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    _press(page, "Åpne runden")
    page.get_by_text("Runden er åpnet").wait_for()
    page.get_by_role("button", name="Logg ut").press("Enter")

    # The reporter sets a password from the link and logs in.
    page.goto(f"{url}/arbeid/{path}")
    page.get_by_role("heading", name="Velg passord").wait_for()
    _type(page, "Nytt passord", NEW_PASSWORD, exact=True)
    _type(page, "Bekreft nytt passord", NEW_PASSWORD)
    _shot(page, "password-set-nb-1280")
    _press(page, "Lagre passordet")
    page.get_by_role("heading", name="Passordet er lagret").wait_for()
    _log_in(page, url, "kari.nordmann", NEW_PASSWORD)

    # … and reports on the measure JD leads.
    page.get_by_role("heading", name="Mine tiltak").wait_for()
    _press(page, "Bedre politiets innsats", role="link")
    _shot(page, "entry-nb-1280")
    radio = page.get_by_label("Løpende/under gjennomføring", exact=True)
    radio.focus()
    page.keyboard.press("Space")
    _type(page, "Beskrivelse", "Politiet har fått to nye stillinger.")
    _press(page, "Lagre")
    page.get_by_text("Lagret.").wait_for()
    _press(page, "Send inn")
    page.get_by_text("Sendt inn.").wait_for()

    entry = StatusEntry.objects.get(round__slug="2026-03", measure__number="2")
    assert entry.state == EntryState.SUBMITTED and entry.status.text == "Løpende/under gjennomføring"
    assert entry.updated_by.username == "kari.nordmann"
    assert StatusEntry.objects.filter(round__slug="2026-03").count() == 3


@pytest.mark.parametrize("width", [1280, 320])
def test_the_pages_reflow_in_both_languages(live_server, page, width):  # noqa: F811
    from tiltak.plans.actions import accounts, register
    from tiltak.plans.models import Ministry, StatusScale

    coordinator = make_user("koordinator", Role.Kind.COORDINATOR)
    plan = register.create_plan(title="Handlingsplan med en svært lang tittel som må brytes på smale skjermer "
                                      "(2025–2028)", period_start=2025, period_end=2028,
                                scale=StatusScale.objects.get(slug="handlingsplan"),
                                coordinator=Ministry.objects.by_abbreviation("JD"), acting_user=coordinator)
    register.add_measure(plan=plan, number="1", title="Et tiltak med en lang tittel om samarbeid mellom etater",
                         responsible=["JD", "BLD", "KD", "HOD"], acting_user=coordinator)
    person = accounts.create_account(username="kari.nordmann.med.langt.navn", email="kari@jd.dep.no",
                                     kind=Role.Kind.REPORTER, ministry=Ministry.objects.by_abbreviation("JD"),
                                     acting_user=coordinator)
    page.set_viewport_size({"width": width, "height": 900})
    url = live_server.url
    _log_in(page, url, "koordinator", PASSWORD)
    pages = {"home": "/arbeid/", "plan-new": "/arbeid/planer/ny/", "plan-register": f"/arbeid/planer/{plan.slug}/",
             "plan-edit": f"/arbeid/planer/{plan.slug}/rediger/",
             "measure-new": f"/arbeid/planer/{plan.slug}/tiltak/ny/",
             "measure-edit": f"/arbeid/planer/{plan.slug}/tiltak/1/",
             "grade-edit": f"/arbeid/planer/{plan.slug}/skala/0/",
             "people": "/arbeid/brukere/", "person-new": "/arbeid/brukere/ny/",
             "person": f"/arbeid/brukere/{person.pk}/"}
    for lang in ("nb", "en"):
        if lang == "en":
            page.goto(f"{url}/arbeid/")
            page.get_by_role("button", name="English").press("Enter")
            page.wait_for_load_state()
        for name, path in pages.items():
            response = page.goto(url + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == lang
            _shot(page, f"{name}-{lang}-{width}")
            _no_horizontal_scroll(page)
        page.goto(url + pages["people"])
        assert page.get_by_role("link", name="New user" if lang == "en" else "Ny bruker", exact=True).count() == 1
    page.get_by_role("button", name="Sign out").press("Enter")
    for path in ("/arbeid/logg-inn/", "/arbeid/glemt-passord/"):
        page.goto(url + path)
        _shot(page, f"{path.strip('/').replace('/', '-')}-en-{width}")
        _no_horizontal_scroll(page)
