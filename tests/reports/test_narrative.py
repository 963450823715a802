"""A narrative's Markdown subset (paragraphs, lists, emphasis, links) renders as real lists and emphasis in the
HTML file, the PDF, DOCX and Markdown — never as asterisks, never as loose «- » paragraphs."""

import dataclasses
import io
import subprocess

import pytest
from docx import Document

from tiltak.reports.renderers import RENDERERS
from tiltak.reports.renderers.narrative import narrative_blocks

pytestmark = pytest.mark.django_db

NARRATIVE = ("Arbeidet er **godt i gang** og *følges tett*; se [rapporten](https://www.regjeringen.no/x).\n\n"
             "Oppgaver:\n\n- Kurs i **alle** distrikter\n- Felles aksjoner\n\n<b>ikke HTML</b> til slutt.")


@pytest.fixture(scope="module")
def report(reports):
    first = reports["first"]
    measures = [dataclasses.replace(first.measures[0], narrative=NARRATIVE), *first.measures[1:3]]
    return dataclasses.replace(first, measures=measures)


def test_the_blocks():
    kinds = [b.kind for b in narrative_blocks(NARRATIVE)]
    assert kinds == ["p", "p", "ul", "p"]
    runs = [r for b in narrative_blocks(NARRATIVE) for r in b.runs + [r for item in b.items for r in item]]
    bold = [r.text for r in runs if r.bold]
    assert bold == ["godt i gang", "alle"]


def test_html_has_real_emphasis_lists_and_links_and_no_raw_html(report):
    html = RENDERERS["html"](report, lang="nb").decode()
    assert "<strong>godt i gang</strong>" in html and "<em>følges tett</em>" in html
    assert '<a href="https://www.regjeringen.no/x">rapporten</a>' in html
    assert "<ul><li>Kurs i <strong>alle</strong> distrikter</li><li>Felles aksjoner</li></ul>" in html
    assert "**" not in html and "&lt;b&gt;ikke HTML&lt;/b&gt;" in html


def test_pdf_shows_no_asterisks_and_keeps_the_dashes_of_the_list(report, tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(RENDERERS["pdf"](report, lang="nb"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Arbeidet er godt i gang og følges tett" in " ".join(text.split())
    assert "**" not in text
    lines = [line.strip() for line in text.splitlines()]
    assert "- Kurs i alle distrikter" in lines and "- Felles aksjoner" in lines
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Bold" in fonts and "Italic" in fonts


def test_docx_has_bold_runs_and_word_lists(report):
    document = Document(io.BytesIO(RENDERERS["docx"](report, lang="nb")))
    paragraphs = document.paragraphs
    first = next(p for p in paragraphs if p.text.startswith("Arbeidet er"))
    assert [r.text for r in first.runs if r.bold] == ["godt i gang"]
    assert [r.text for r in first.runs if r.italic] == ["følges tett"]
    items = [p for p in paragraphs if p.style.name == "List Bullet" and p.text in ("Kurs i alle distrikter",
                                                                                  "Felles aksjoner")]
    assert len(items) == 2
    assert not any("**" in p.text for p in paragraphs)


def test_markdown_keeps_the_subset_and_escapes_the_rest(report):
    md = RENDERERS["md"](report, lang="nb").decode()
    assert "Arbeidet er **godt i gang** og *følges tett*; se [rapporten](https://www.regjeringen.no/x)." in md
    assert "- Kurs i **alle** distrikter\n- Felles aksjoner\n" in md
    assert "\\<b\\>ikke HTML\\</b\\>" in md
