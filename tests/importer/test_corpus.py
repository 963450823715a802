"""The corpus of other plans' documents (text, DOCX by python-docx, PDF by WeasyPrint, LibreOffice, Chromium and
Typst, and excerpts of real documents): every document parses to exactly what it holds, with no warning (each is
consistent with itself). Chromium's PDF of a ruled table cuts a row at the page's end and closes it on the next
page; Typst's repeats the header on every page; in both the titles wrap in their cells."""

import pytest

from tiltak.bench.corpus import (
    OPPTRAPPING_2019,
    VOLD_2014,
    chromium,
    documents,
    made_documents,
    real_documents,
    score,
    soffice,
)
from tiltak.importer.api import parse_file

DOCUMENTS = {d.name: d for d in documents()}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    assert soffice(), "LibreOffice (soffice) is needed: scripts/system-packages installs libreoffice-writer-nogui"
    assert chromium(), "Chromium is needed: scripts/system-packages installs Debian's chromium"
    directory = tmp_path_factory.mktemp("corpus")
    return {name: parse_file(d.build(directory / name)).to_json() for name, d in DOCUMENTS.items()}


@pytest.mark.parametrize("name", [d.name for d in made_documents()])
def test_the_document_parses_to_what_it_holds(corpus, name):
    document, parsed = DOCUMENTS[name], corpus[name]
    assert [(m["number"], m["title"], m["responsible"], m["status"]) for m in parsed["measures"]] == [
        (m["number"], m["title"], m["responsible"], m["status"]) for m in document.expected()
    ]
    assert parsed["warnings"] == []
    assert parsed.get("kind", "report") == document.expected_kind
    assert parsed["language"] == document.expected_language
    if document.expected_kind == "report":
        assert parsed["report"]["as_of"] == document.plan.as_of
        assert parsed["report"]["status_scale"] == list(document.plan.scale)
    assert parsed["plan"]["period"] == list(document.plan.period)


@pytest.mark.parametrize("name", [d.name for d in real_documents()])
def test_the_real_document_reads_exactly(corpus, name):
    """A web table however it was copied or saved; a status report's web page and its PDF's text, whose labels and
    values stand in two columns and whose status is a narrative without a grade."""
    document, parsed = DOCUMENTS[name], corpus[name]
    assert document.origin == "real" and document.source.startswith("https://")
    assert [(m["number"], m["title"], m["responsible"], m["status"]) for m in parsed["measures"]] == [
        (m["number"], m["title"], m["responsible"], m["status"]) for m in document.expected()
    ]
    assert parsed["warnings"] == [] and parsed.get("kind", "report") == document.expected_kind
    assert parsed["language"] == document.expected_language
    if document.plan is VOLD_2014:
        assert parsed["measures"][0]["status_text"].startswith("Regjeringen ved Justis- og beredskapsdepartementet")
        assert parsed["measures"][0]["plan_text"].startswith("Det skal utarbeides en tiltakspakke")


def test_a_budget_propositions_status_table_keeps_its_grades_and_date(corpus):
    """Prop. 1 S (2019–2020), the ministry's table in nynorsk: «Byrja» and «Ferdig» are labels of the plan's
    scale, the table's «per 1. juni 2019» the round's date, and «Alle» every ministry of that day."""
    parsed = corpus["opptrapping-prop1s-2019-nn.txt"]
    assert parsed["report"]["as_of"] == "2019-06"
    # The proposition reports on a plan it is not: the plan is the one its table's caption names.
    assert (parsed["plan"]["title"], parsed["plan"]["period"]) == (OPPTRAPPING_2019.title,
                                                                   list(OPPTRAPPING_2019.period))
    assert [m["status_overview"] for m in parsed["measures"]] == [m.status for m in OPPTRAPPING_2019.items]
    assert len(parsed["measures"][0]["responsible"]) >= 15 and parsed["measures"][6]["responsible"][0] == "JD"


def test_every_real_document_names_its_source():
    assert len(real_documents()) >= 5 and all(d.source.startswith("https://") for d in real_documents())
    assert {d.origin for d in made_documents()} == {"made"}


@pytest.mark.parametrize("name", ["tiltak.docx", "tiltak-libreoffice.pdf", "tiltak-unruled.pdf"])
def test_long_titles_over_lines_are_the_plan_title(corpus, name):
    assert corpus[name]["plan"]["title"].startswith(DOCUMENTS[name].plan.title)


def test_the_figures_count_what_is_wrong():
    document = DOCUMENTS["tiltak-tabell.txt"]
    parsed = {"measures": [dict(m) for m in document.expected()], "warnings": [{"code": "x"}], "kind": "plan",
              "language": "nb"}
    parsed["measures"][0]["title"] = "Noe annet"
    parsed["measures"][1]["responsible"] = []
    del parsed["measures"][2]
    figures = score(document, parsed)
    assert (figures["found"], figures["titles_exact"], figures["ministries_right"], figures["false_warnings"]) == (
        7, 6, 6, 1)


def test_the_title_from_the_metadata_where_the_text_has_none(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Handlingsplan for et aldersvennlig Norge (2023–2026)"
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Tiltak", "Ansvarlig"
    for title, ministry in [("Flere seniorer i arbeid", "AID"), ("Trygge boliger", "KDD")]:
        row = table.add_row().cells
        row[0].text, row[1].text = title, ministry
    document.save(tmp_path / "plan.docx")
    parsed = parse_file(tmp_path / "plan.docx").to_json()
    assert parsed["plan"]["title"] == "Handlingsplan for et aldersvennlig Norge (2023–2026)"
    assert [(m["number"], m["title"], m["responsible"]) for m in parsed["measures"]] == [
        ("1", "Flere seniorer i arbeid", ["AID"]), ("2", "Trygge boliger", ["KDD"])]
    assert {n["code"] for n in parsed["uncertain"]} == {"numbers_counted", "scale_proposed"}


def test_metadata_naming_a_file_is_no_title():
    from tiltak.importer.structure import better_title_from

    assert better_title_from("Microsoft Word - plan.docx", "Handlingsplan") == "Handlingsplan"
    assert better_title_from("Handlingsplan mot vold (2021–2024)", "Handlingsplan mot vold") == (
        "Handlingsplan mot vold (2021–2024)")
