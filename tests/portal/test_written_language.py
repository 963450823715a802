"""A plan written in nynorsk is marked as nynorsk wherever its texts appear (WCAG 3.1.2, language of parts):
the importer detects the document's language, the import keeps it on the plan, and every page and document marks
the plan's texts with it — on bokmål pages too, where bokmål text needs no mark."""

import json

import pytest

from tiltak.lib import report_format
from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.builtin import builtin_document
from tiltak.plans.models import Plan
from tiltak.reports.data import build_report
from tiltak.reports.renderers import html as html_renderer
from tiltak.reports.renderers import json as json_renderer

pytestmark = pytest.mark.django_db
PLAN = "/plan/nynorsk-plan/"


@pytest.fixture
def nynorsk_plan(db):
    doc = builtin_document()
    doc["language"] = "nn"
    doc["plan"] = {**doc["plan"], "title": "Handlingsplan på nynorsk", "title_en": ""}
    for item in doc["measures"]:  # a plan of its own, not a round of the built-in one (which it would match)
        item["title"] = f"Nynorsk {item['title']}"
    import_report(acting_user=SYSTEM, document=doc, plan_slug="nynorsk-plan")
    return Plan.objects.get(slug="nynorsk-plan")


def test_an_imported_nynorsk_document_makes_a_nynorsk_plan(builtin_plan, nynorsk_plan):
    assert nynorsk_plan.language == "nn"
    assert builtin_plan.language == "nb"


def test_the_measure_page_marks_nynorsk_text_on_bokmal_and_english_pages(client, nynorsk_plan):
    bokmal = client.get(f"{PLAN}tiltak/1/").content.decode()
    assert '<html lang="nb"' in bokmal
    assert '<h1 class="ds-heading" data-size="lg" lang="nn">' in bokmal
    assert '<div class="site-narrative" lang="nn">' in bokmal
    english = client.get(f"/en{PLAN}tiltak/1/").content.decode()
    assert '<div class="site-narrative" lang="nn">' in english and 'lang="nb"><' not in english


def test_the_overview_and_the_report_page_mark_nynorsk_titles(client, nynorsk_plan):
    overview = client.get(PLAN).content.decode()
    assert overview.count('lang="nn"') >= 35  # every measure's title
    report = client.get("/rapport/nynorsk-plan/2012-02/").content.decode()
    assert report.count('<div class="site-narrative" lang="nn">') >= 30


def test_the_report_download_and_its_json_carry_the_language(nynorsk_plan):
    the_round = nynorsk_plan.rounds.get()
    report = build_report(nynorsk_plan, the_round)
    page = html_renderer.render(report, lang="nb").decode()
    assert '<html lang="nb">' in page and '<div class="narrative" lang="nn">' in page
    english = html_renderer.render(report, lang="en").decode()
    assert '<div class="narrative" lang="nn">' in english
    document = json.loads(json_renderer.render(report))
    assert document["language"] == "nn"
    assert report_format.check(document)["language"] == "nn"  # and back in through an import


def test_a_bokmal_report_marks_its_text_only_in_english(builtin_plan):
    report = build_report(builtin_plan, builtin_plan.rounds.get())
    assert 'lang="nb"' not in html_renderer.render(report, lang="nb").decode().split("<body", 1)[1]
    assert '<div class="narrative" lang="nb">' in html_renderer.render(report, lang="en").decode()


def test_a_document_in_another_language_is_refused_in_one_line():
    doc = builtin_document()
    doc["language"] = "sv"
    with pytest.raises(report_format.ReportFormatError, match="language: must be one of nb, nn, not 'sv'"):
        report_format.check(doc)


def test_the_pdf_marks_nynorsk_text_in_its_structure(nynorsk_plan):
    from tests.reports.test_pdf import structure_languages
    from tiltak.reports.renderers import pdf

    report = build_report(nynorsk_plan, nynorsk_plan.rounds.get())
    assert "nn" in structure_languages(pdf.render(report, lang="nb"))
    assert "nn" in structure_languages(pdf.render(report, lang="en"))
