"""The reports tiltak publishes (DOCX and PDF, bokmål and English) import back to exactly what the register holds.

Also the pieces that make it so, on small inputs: running headers and footers, the end of the overview table, and
a section's closing list of links.
"""

import io

import pytest

from tiltak.importer.api import parse_bytes
from tiltak.importer.furniture import PageLine, drop_running_lines, drop_running_text
from tiltak.importer.overview import parse_pipe_rows
from tiltak.importer.readers import read_bytes
from tiltak.importer.text import split_links
from tiltak.plans import selectors
from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG
from tiltak.reports.data import build_report
from tiltak.reports.labels import labels
from tiltak.reports.renderers import RENDERERS
from tiltak.reports.renderers.json import as_document

from ..reports.conftest import later_document

KEYS = ("number", "title", "responsible", "status", "plan_text", "status_text", "links")


def _expected(report) -> list[dict]:
    return [{k: m[k] for k in KEYS} for m in as_document(report)["measures"]]


def _parsed(data: bytes, name: str) -> tuple[list[dict], list]:
    parsed = parse_bytes(data, name=name).to_json()
    return [{k: m[k] for k in KEYS} for m in parsed["measures"]], parsed["warnings"]


def _assert_same(expected: list[dict], got: list[dict]) -> None:
    assert [m["number"] for m in got] == [m["number"] for m in expected]
    for want, have in zip(expected, got, strict=True):
        assert have == want, f"measure {want['number']} differs"


def _page_texts(pdf: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "lang"), [("docx", "nb"), ("pdf", "nb"), ("docx", "en"), ("pdf", "en")])
def test_a_published_round_comes_back_exactly(builtin_plan, fmt, lang):
    report = build_report(builtin_plan, selectors.latest_published_round(builtin_plan))
    expected = _expected(report)
    assert any(m["links"] for m in expected) and len(expected) == 35
    data = RENDERERS[fmt](report, lang=lang)
    if fmt == "pdf":
        # The running footer is really there, on every page, for the reader to drop.
        words = labels(lang)
        pages = _page_texts(data)
        assert len(pages) > 10
        assert all(words.page.format(page=k + 1, pages=len(pages)) in text for k, text in enumerate(pages))
    got, warnings = _parsed(data, f"rapport.{fmt}")
    assert warnings == []
    _assert_same(expected, got)


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "lang"), [("docx", "nb"), ("pdf", "nb"), ("docx", "en")])
def test_a_round_compared_with_an_earlier_one_comes_back_exactly(builtin_plan, fmt, lang):
    import_report(acting_user=SYSTEM, document=later_document(), plan_slug=BUILTIN_PLAN_SLUG)
    later = builtin_plan.rounds.get(slug="2012-09")
    report = build_report(builtin_plan, later)
    assert report.changes is not None
    expected = _expected(report)
    # The later round keeps links its new narratives no longer name.
    assert any(m["links"] and m["links"][0] not in m["status_text"] for m in expected)
    data = RENDERERS[fmt](report, lang=lang)
    text = read_bytes(data, name=f"rapport.{fmt}").text
    assert labels(lang).changes in text
    got, warnings = _parsed(data, f"rapport.{fmt}")
    assert warnings == []
    _assert_same(expected, got)


# -- the pieces ---------------------------------------------------------------------------------------------------


def _page(*lines: tuple[str, float, float]) -> list[PageLine]:
    return [PageLine(text, top, bottom) for text, top, bottom in lines]


def test_running_headers_and_footers_are_dropped_and_the_title_is_kept():
    title = "Statusrapportering for planen"
    pages = [
        _page((title, 60, 770), ("Innledning.", 100, 730), ("Side 1 av 3", 810, 20)),
        _page((title, 30, 800), ("1 Et tiltak (JD)", 80, 750), ("Status: Løpende", 100, 730), ("Side 2 av 3", 810, 20)),
        _page((title, 30, 800), ("Tekst som går videre", 80, 750), ("Side 3 av 3", 810, 20)),
    ]
    kept = [[line.text for line in page] for page in drop_running_lines(pages)]
    assert kept == [[title, "Innledning."], ["1 Et tiltak (JD)", "Status: Løpende"], ["Tekst som går videre"]]


def test_a_line_like_a_header_inside_the_page_is_kept():
    pages = [
        _page(("Overskrift", 30, 800), ("Brødtekst", 80, 750), ("Overskrift", 300, 500), ("Mer", 400, 400)),
        _page(("Overskrift", 30, 800), ("Tekst", 80, 750), ("Siste linje", 600, 200), ("Slutt", 700, 100)),
    ]
    kept = [[line.text for line in page] for page in drop_running_lines(pages)]
    assert kept == [["Brødtekst", "Overskrift", "Mer"], ["Tekst", "Siste linje", "Slutt"]]


def test_page_numbers_go_even_on_a_single_page_and_in_english():
    assert [x.text for x in drop_running_lines([_page(("Tekst", 80, 700), ("Page 1 of 1", 810, 20))])[0]] == [
        "Tekst"]


def test_plain_text_pages_lose_their_running_lines():
    text = "Rapport\nA.\nSide 1 av 2\n\fRapport – plan\nB.\nSide 2 av 2\n\fRapport – plan\nC.\nSide 3 av 3"
    assert drop_running_text(text).replace("\f", "|") == "Rapport\nA.|B.|C."


def test_the_overview_table_ends_where_a_gap_leads_to_something_else():
    lines = ["1.| Et tiltak som (JD) Løpende", "fortsetter her", "", "2.| Et annet (UD) Gjennomført", "",
             "Statusfordeling", "", "Oppsummering per departement", "AD | Hovedansvar | 0 | 2"]
    rows = parse_pipe_rows(lines, lambda w: True)
    assert [(r.number, r.title, r.responsible, r.status_raw) for r in rows] == [
        ("1", "Et tiltak som fortsetter her", ["JD"], "Løpende"), ("2", "Et annet", ["UD"], "Gjennomført")]


def test_a_closing_list_of_links_is_the_sections_links():
    pars = ["Se rapporten: http://a.no/x.pdf", "Mer tekst.", "- http://a.no/x.pdf", "• https://b.no/y?k=1"]
    assert split_links(pars) == (pars[:2], ["http://a.no/x.pdf", "https://b.no/y?k=1"])
    # Items a line break did not keep apart, and bare addresses with no bullet.
    assert split_links(["Tekst.", "• http://a.no • http://b.no"]) == (["Tekst."], ["http://a.no", "http://b.no"])
    assert split_links(["Tekst.", "http://a.no"]) == (["Tekst."], ["http://a.no"])
    # Where the list has bullets, a bare address before it is the narrative's.
    assert split_links(["Tekst.", "http://a.no", "- http://b.no"]) == (["Tekst.", "http://a.no"], ["http://b.no"])
    assert split_links(["Tekst med http://a.no i seg."]) == (["Tekst med http://a.no i seg."], [])
