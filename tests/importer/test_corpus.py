"""The corpus of other plans' documents (text, DOCX by python-docx, PDF by WeasyPrint and by LibreOffice): every
document parses to exactly what it holds, with no warning (each is consistent with itself)."""

import pytest

from tiltak.importer.api import parse_file
from tiltak.importer.corpus import documents, score, soffice

DOCUMENTS = {d.name: d for d in documents()}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    assert soffice(), "LibreOffice (soffice) is needed: scripts/system-packages installs libreoffice-writer-nogui"
    directory = tmp_path_factory.mktemp("corpus")
    return {name: parse_file(d.build(directory / name)).to_json() for name, d in DOCUMENTS.items()}


@pytest.mark.parametrize("name", list(DOCUMENTS))
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
