"""A correction after publishing is a dated note with its reason, in the report page and in its downloads."""

import io
import json

import docx
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from tiltak.plans.actions import update_entry
from tiltak.plans.models import Role, StatusEntry
from tiltak.reports.data import build_report, default_title
from tiltak.reports.renderers import RENDERERS

pytestmark = pytest.mark.django_db
REASON = "Feil årstall i beskrivelsen"


@pytest.fixture
def corrected(builtin_plan):
    boss = get_user_model().objects.create(username="koordinator")
    Role.objects.create(user=boss, kind=Role.Kind.COORDINATOR)
    the_round = builtin_plan.rounds.get()
    entry = StatusEntry.objects.for_work().get(round=the_round, measure__number="7")
    update_entry(entry=entry, status=entry.status, narrative=entry.narrative + " (Rettet.)",
                 expected_version=entry.version, acting_user=boss, reason=REASON)
    return build_report(builtin_plan, the_round)


def test_the_report_data_holds_the_correction_once(corrected):
    assert [(c.number, c.reason, c.date) for c in corrected.corrections] == [("7", REASON, timezone.localdate())]


def test_a_measure_corrected_twice_shows_both_corrections_oldest_first(builtin_plan, corrected):
    boss = get_user_model().objects.get(username="koordinator")
    the_round = builtin_plan.rounds.get()
    entry = StatusEntry.objects.for_work().get(round=the_round, measure__number="7")
    update_entry(entry=entry, status=entry.status, narrative=entry.narrative + " (Rettet igjen.)",
                 expected_version=entry.version, acting_user=boss, reason="Enda en feil")
    report = build_report(builtin_plan, the_round)
    assert [(c.number, c.reason) for c in report.corrections] == [("7", REASON), ("7", "Enda en feil")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_format_but_csv_shows_the_dated_note(corrected, lang):
    day = timezone.localdate()
    heading = {"nb": "Rettelser etter publisering", "en": "Corrections after publication"}[lang]
    note = {"nb": f"{day.day}. ", "en": f"{day.day} "}[lang]
    html = RENDERERS["html"](corrected, lang=lang).decode()
    markdown = RENDERERS["md"](corrected, lang=lang).decode()
    document = docx.Document(io.BytesIO(RENDERERS["docx"](corrected, lang=lang)))
    word = "\n".join(p.text for p in document.paragraphs)
    sheet = load_workbook(io.BytesIO(RENDERERS["xlsx"](corrected, lang=lang)))[heading[:31]]
    cells = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    for text in (html, markdown, word, cells):
        assert heading in text and REASON in text and note in text
    assert json.loads(RENDERERS["json"](corrected, lang=lang))["corrections"] == [
        {"measure": "7", "date": day.isoformat(), "reason": REASON}]


def test_the_default_title_has_no_capital_mid_sentence():
    assert default_title("Regjeringens handlingsplan mot menneskehandel") == (
        "Statusrapportering for regjeringens handlingsplan mot menneskehandel")
    assert default_title("OGP-handlingsplan") == "Statusrapportering for OGP-handlingsplan"


def test_the_report_page_of_the_site_shows_the_dated_note(client, corrected):
    page = client.get("/rapport/menneskehandel-2011-2014/2012-02/").content.decode()
    assert "Rettelser etter publisering" in page and REASON in page and 'href="#tiltak-7"' in page
    english = client.get("/en/rapport/menneskehandel-2011-2014/2012-02/").content.decode()
    assert "Corrections after publication" in english and REASON in english
