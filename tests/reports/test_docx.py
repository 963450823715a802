"""DOCX: read back with python-docx: heading styles, the overview table, shading, the chart's alt text."""

import io

import docx
import pytest
from docx.oxml.ns import qn

from tiltak.reports.renderers import docx as docx_renderer

from .checks import assert_holds_register

pytestmark = pytest.mark.django_db


def open_docx(report, lang="nb"):
    return docx.Document(io.BytesIO(docx_renderer.render(report, lang=lang)))


@pytest.fixture(scope="module")
def document(first_report):
    return open_docx(first_report)


def overview(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Nr.")


def full_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_text_holds_the_register(document, reports):
    assert_holds_register(full_text(document), reports["register"], reports["grades"])
    status_paragraphs = [p.text for p in document.paragraphs if p.text.startswith("Status: ")]
    assert status_paragraphs == [f"Status: {r['status']}" for r in reports["register"]]


def test_real_heading_styles(document, reports):
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styles[0] == ("Title", "Statusrapportering for regjeringens handlingsplan mot menneskehandel")
    assert ("Heading 1", "Skjematisk tiltaksoversikt") in styles
    measure_headings = [text for style, text in styles if style == "Heading 2"]
    expected = [f"{r['number']} {r['title']} ({','.join(r['responsible'])})" for r in reports["register"]]
    assert measure_headings == expected


def test_the_overview_table_has_a_repeated_header_row_and_one_row_per_measure(document, reports):
    table = overview(document)
    assert [c.text for c in table.rows[0].cells] == ["Nr.", "Tiltak", "Ansvar", "Status"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = table.rows[1:]
    assert len(rows) == 35
    assert [[c.text for c in row.cells] for row in rows] == [
        [r["number"], r["title"], f"({','.join(r['responsible'])})", r["status"]] for r in reports["register"]
    ]


def test_the_overview_and_the_sections_agree_for_every_measure(document):
    rows = [[c.text for c in row.cells] for row in overview(document).rows[1:]]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    statuses = [p.text.removeprefix("Status: ") for p in document.paragraphs if p.text.startswith("Status: ")]
    assert headings == [f"{n} {title} {responsible}" for n, title, responsible, _ in rows]
    assert statuses == [status for *_, status in rows]


def test_status_cells_are_shaded_in_the_grade_colour(document, first_report):
    fills = []
    for row in overview(document).rows[1:]:
        shading = row.cells[3]._tc.tcPr.find(qn("w:shd"))
        fills.append("#" + shading.get(qn("w:fill")).lower())
    assert fills == [m.grade.colour.lower() for m in first_report.measures]


def test_plan_text_set_apart_links_and_language(document, reports):
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes[0].startswith("Norge vil søke å styrke")
    assert document.core_properties.language == "nb-NO"
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert targets == {url for r in reports["register"] for url in r["links"]}


def test_the_chart_is_a_png_with_alt_text(document):
    assert len(document.inline_shapes) == 1
    doc_pr = document.inline_shapes[0]._inline.docPr
    assert doc_pr.get("descr").startswith("Stolpediagram over statusfordelingen: Gjennomført: 3 tiltak;")
    image = document.part.related_parts[document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob.startswith(b"\x89PNG")


def test_english_and_the_changes_section(later_report, reports):
    document = open_docx(later_report, lang="en")
    text = full_text(document)
    assert_holds_register(text, reports["register_later"], reports["grades"], lang="en")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Status scale", "Overview of measures", "Status distribution",
                        "Changes since the previous report", "Summary by ministry", "Status of each measure"]
    assert document.core_properties.language == "en-GB"
    assert "12 Evaluere forbudet mot kjøp av seksuelle tjenester: In preparation → Completed" in text


def _run_languages(document) -> dict[str, set[str]]:
    """Each marked language and the texts of the runs marked with it (document body, tables included)."""
    found: dict[str, set[str]] = {}
    for run in document.element.body.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        if lang is not None:
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            found.setdefault(lang.get(qn("w:val")), set()).add(text)
    return found


def test_an_english_reports_norwegian_texts_are_marked_as_the_plans_language(first_report):
    """WCAG 3.1.2, as the PDF: titles, plan texts and narratives in the plan's language; English words not."""
    import dataclasses

    marked = _run_languages(open_docx(first_report, lang="en"))
    assert set(marked) == {"nb-NO"}
    texts = marked["nb-NO"]
    measure = first_report.measures[0]
    assert measure.title in texts  # in the overview table and the section heading
    assert any(text.startswith("Norge vil søke å styrke") for text in texts)  # the plan text
    assert not any(text.strip(": ") == "Status" for text in texts)  # the report's own words stay English
    # A nynorsk plan's texts are nynorsk, in English and in bokmål reports alike.
    nynorsk = dataclasses.replace(first_report, language="nn")
    assert set(_run_languages(open_docx(nynorsk, lang="en"))) == {"nn-NO"}
    assert set(_run_languages(open_docx(nynorsk, lang="nb"))) == {"nn-NO"}
    # The bokmål report of a bokmål plan marks nothing: the document's own language holds.
    assert _run_languages(open_docx(first_report, lang="nb")) == {}
