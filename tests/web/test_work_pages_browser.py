"""Every work page (/arbeid/…) and its error states in a real headless Chromium, in bokmål and English, as a
reporter and as the coordinator (issue 19):

- axe-core finds no violation, best-practice rules included;
- text people wrote is marked with its plan's language: on an English page no Norwegian text (a word with æ, ø or
  å, a measure's title) stands in ``lang="en"``, and a nynorsk plan's texts are ``nn``, never ``nb``;
- at 320 px nothing inside ``main`` is wider than the screen (work tables become one block per row);
- a failed form puts focus on its error summary, and a confirmation after a redirect takes focus.

One browser, one live server, one page reused. Set SCREENSHOT_DIR to keep screenshots at 320, 390, 640 and
1280 px of the main pages in both languages.
"""

import datetime
import json
import os
from pathlib import Path

import pytest
from django.test import Client

from tests.cast import make_user
from tests.plans.documents import document
from tests.portal.test_browser import AXE, _context, browser  # noqa: F401 (the fixture)
from tiltak.plans.actions import SYSTEM, import_report, open_round, submit_entry, update_entry
from tiltak.plans.models import Role, StatusEntry, StatusLabel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
ROUND = "/arbeid/plan/arbeidsplan/2022-03/"
NYNORSK_ROUND = "/arbeid/plan/nyplan/2022-03/"
NYNORSK_TITLE = "Betre samordning mellom etatane"
REWRITTEN = "Heilt ny tekst: samordninga er no på plass i alle etatar, med faste møte kvar månad."


def _measure(number, title, responsible, text, status="Under forberedelse"):
    return {"number": number, "title": title, "responsible": responsible, "status": status,
            "status_overview": status, "plan_text": "Planen lover dette for året som kommer.",
            "status_text": text, "links": []}


@pytest.fixture
def work(db):
    coordinator = make_user("koordinator", Role.Kind.COORDINATOR)
    jd = make_user("rapportor-jd", Role.Kind.REPORTER, ministry="JD")
    bokmal = document(plan={"slug": "arbeidsplan", "title": "Regjeringens plan for arbeidssidene (2020–2023)",
                            "period": ["2020", "2023"], "coordinator": "JD"},
                      measures=[_measure("1", "Bedre samordning på tvers av etatene", ["JD"], "Arbeidet er påbegynt."),
                                _measure("2", "Flere tolker i førstelinjen", ["JD"], "Første avsnitt.\n\nAndre."),
                                _measure("3", "Styrket samarbeid med frivillige organisasjoner", ["UD", "JD"],
                                         "UD leder arbeidet.")],
                      warnings=[])
    nynorsk = document(plan={"slug": "nyplan", "title": "Handlingsplan for nynorske tiltak (2020–2023)",
                             "period": ["2020", "2023"], "coordinator": "JD"},
                       measures=[_measure("1", NYNORSK_TITLE, ["JD"], "Arbeidet er starta.",
                                          status="Under førebuing")],
                       warnings=[])
    nynorsk["language"] = "nn"
    nynorsk["report"] = {**nynorsk["report"], "status_scale": ["Gjennomført", "Løpande/under gjennomføring",
                                                                 "Under førebuing", "Ikkje sett i gang"]}
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    rounds = []
    for doc in (bokmal, nynorsk):
        plan = import_report(acting_user=SYSTEM, document=doc).plan
        rounds.append(open_round(plan=plan, slug="2022-03", label="Status per mars 2022",
                                 as_of=datetime.date(2022, 3, 1), deadline=deadline, acting_user=coordinator))
    # Measure 1 rewritten and submitted (the review queue, a before/after view), 2 edited (its history).
    one = StatusEntry.objects.for_work().get(round=rounds[0], measure__number="1")
    one = update_entry(entry=one, status=StatusLabel.objects.filter(grade__scale=one.round.plan.scale,
                                                                    text="Gjennomført").first(),
                       narrative="Samordningen er på plass i alle etater med faste møter hver måned nå.",
                       expected_version=one.version, acting_user=jd)
    submit_entry(entry=StatusEntry.objects.for_work().get(pk=one.pk), acting_user=jd)
    two = StatusEntry.objects.for_work().get(round=rounds[0], measure__number="2")
    update_entry(entry=two, status=two.status, narrative="Første avsnitt, nå utvidet.\n\nAndre.",
                 expected_version=two.version, acting_user=jd)
    nn = StatusEntry.objects.for_work().get(round=rounds[1], measure__number="1")
    update_entry(entry=nn, status=nn.status, narrative=REWRITTEN, expected_version=nn.version, acting_user=jd)
    return {"coordinator": coordinator, "jd": jd}


# name: (who, path, how to reach the error state: None, or the button to press with the form left empty)
PAGES = {
    "home": ("jd", "/arbeid/", None),
    "entry": ("jd", ROUND + "tiltak/2/", None),
    "entry-error": ("jd", ROUND + "tiltak/2/", "error-entry"),
    "entry-nynorsk": ("jd", NYNORSK_ROUND + "tiltak/1/", None),
    "history": ("jd", NYNORSK_ROUND + "tiltak/1/historikk/", None),
    "board-reporter": ("jd", ROUND, None),
    "coordinator-home": ("coordinator", "/arbeid/", None),
    "board": ("coordinator", ROUND, None),
    "entry-review": ("coordinator", ROUND + "tiltak/1/", None),
    "preview": ("coordinator", ROUND + "forhandsvisning/", None),
    "open-round": ("coordinator", "/arbeid/plan/arbeidsplan/ny-runde/", "submit"),
    "plan-register": ("coordinator", "/arbeid/planer/arbeidsplan/", None),
    "plan-register-nynorsk": ("coordinator", "/arbeid/planer/nyplan/", None),
    "plan-new": ("coordinator", "/arbeid/planer/ny/", "submit"),
    "plan-edit": ("coordinator", "/arbeid/planer/nyplan/rediger/", None),
    "measure-new": ("coordinator", "/arbeid/planer/arbeidsplan/tiltak/ny/", "submit"),
    "measure-edit": ("coordinator", "/arbeid/planer/nyplan/tiltak/1/", None),
    "grade": ("coordinator", "/arbeid/planer/nyplan/skala/0/", None),
    "people": ("coordinator", "/arbeid/brukere/", None),
    "person-new": ("coordinator", "/arbeid/brukere/ny/", "submit"),
    "import": ("coordinator", "/arbeid/importer/", "submit"),
}
NARROW = {"home", "entry", "board", "board-reporter", "plan-register", "people", "entry-review", "person-new",
          "measure-new", "history"}
SHOTS = {"home", "entry", "board", "plan-register", "people", "measure-new", "entry-error"}

# Text nodes (and form values) in main with their language: the closest lang attribute.
TEXT_LANGUAGES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || parent.closest('script, style, [hidden], .web-sr-only[aria-live]')) continue;
    found.push([text, parent.closest('[lang]').getAttribute('lang')]);
  }
  for (const field of document.querySelectorAll('input[type=text], input:not([type]), input[type=search]')) {
    if (field.value.trim()) found.push([field.value.trim(), field.closest('[lang]').getAttribute('lang')]);
  }
  return found;
}"""
# Elements inside main that stick out past the screen's right edge or are wider than it.
TOO_WIDE = """() => [...document.querySelectorAll('main *')].filter(e => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && (box.right > innerWidth + 1 || box.width > innerWidth + 1);
}).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))"""


def _log_in(context, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": {"type": "tag", "values": RULES}, "resultTypes": ["violations"]})
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:4]} for v in result["violations"]]


def _language_problems(page, lang: str) -> list[str]:
    problems = []
    for text, marked in page.evaluate(TEXT_LANGUAGES):
        if NYNORSK_TITLE in text and marked != "nn":
            problems.append(f"nynorsk marked {marked}: {text[:60]}")
        elif lang == "en" and marked == "en" and any(c in text for c in "æøåÆØÅ"):
            problems.append(f"Norwegian in English: {text[:60]}")
    return problems


def _reach_error_state(page, how: str) -> None:
    if how == "error-entry":
        page.get_by_label("Beskrivelse" if page.evaluate("document.documentElement.lang") == "nb"
                          else "Narrative").fill("")
        page.locator("button[name=action][value=submit]").click()
    else:
        page.locator("main form.web-form button[type=submit], main form[enctype] button[type=submit]").first.click()
    page.locator("#error-summary").wait_for(timeout=10000)
    assert page.evaluate("document.activeElement.id") == "error-summary", page.url


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"work-{name}.png"), full_page=True)


def test_every_work_page_in_both_languages_is_accessible_marked_and_fits_a_phone(live_server, work,
                                                                                 browser):  # noqa: F811
    base = live_server.url
    context = _context(browser, 1280)
    page = context.new_page()
    problems: dict[str, list] = {}
    visited = 0
    for who in ("jd", "coordinator"):
        _log_in(context, base, work[who])
        for lang in ("nb", "en"):
            context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
            for name, (owner, path, error) in PAGES.items():
                if owner != who:
                    continue
                page.set_viewport_size({"width": 1280, "height": 900})
                response = page.goto(base + path)
                assert response.status == 200, (name, lang, response.status)
                assert page.evaluate("document.documentElement.lang") == lang
                if error:
                    try:
                        _reach_error_state(page, error)
                    except Exception as exc:
                        raise AssertionError(f"{name} ({lang}): no error summary") from exc
                visited += 1
                key = f"{name} ({lang})"
                found = _axe(page) + _language_problems(page, lang)
                if name in SHOTS:
                    _screenshot(page, f"{name}-{lang}-1280")
                if name in NARROW:
                    for width in (320, 390, 640):
                        page.set_viewport_size({"width": width, "height": 900})
                        wide = page.evaluate(TOO_WIDE)
                        if wide:
                            found.append(f"{width} px: {wide}")
                        if name in SHOTS:
                            _screenshot(page, f"{name}-{lang}-{width}")
                if found:
                    problems[key] = found
    assert visited == 2 * len(PAGES)
    assert problems == {}, json.dumps(problems, ensure_ascii=False)[:8000]


def test_the_checks_fail_on_unmarked_norwegian_and_on_nynorsk_marked_bokmal(live_server, work,
                                                                           browser):  # noqa: F811
    """The language check above is not vacuous: take the marks away and it finds both faults."""
    base = live_server.url
    context = _context(browser, 1280)
    page = context.new_page()
    _log_in(context, base, work["jd"])
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(base + NYNORSK_ROUND + "tiltak/1/")
    assert _language_problems(page, "en") == []
    page.evaluate("""() => document.querySelectorAll('main [lang="nn"]').forEach(e => e.setAttribute('lang', 'nb'))""")
    assert any(p.startswith("nynorsk marked nb") for p in _language_problems(page, "en"))
    page.evaluate("""() => document.querySelectorAll('main [lang]').forEach(e => e.removeAttribute('lang'))""")
    assert any(p.startswith("Norwegian in English") for p in _language_problems(page, "en"))


def test_a_confirmation_takes_focus_and_the_entry_form_comes_first_on_a_phone(live_server, work,
                                                                            browser):  # noqa: F811
    base = live_server.url
    context = _context(browser, 390)
    page = context.new_page()
    _log_in(context, base, work["jd"])
    page.goto(base + ROUND + "tiltak/2/")
    # On a phone: the form first, the plan's text and last round folded below it.
    form_top = page.locator("main form.web-form").bounding_box()["y"]
    context_top = page.locator("main .web-context").bounding_box()["y"]
    assert form_top < context_top
    assert page.locator("details[data-fold-narrow]").evaluate("d => d.open") is False
    # The character count follows the typing, with the limit.
    page.get_by_label("Beskrivelse").fill("Tolv tegn nå")
    assert page.locator("#id_narrative-count").inner_text().startswith("12 av 20")
    page.get_by_role("button", name="Lagre").click()
    page.locator("[data-message]").wait_for()
    assert page.evaluate("document.activeElement.id") == "message"
    assert page.evaluate("document.activeElement.textContent").strip() == "Lagret."
