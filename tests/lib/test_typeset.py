"""Typst in a child process: the PDF and its PDF/UA-1 declaration, the fallback without it, and refusals."""

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import tiltak
from tiltak.lib.typeset import TypesetError, typeset

FONTS = Path(tiltak.__file__).parent / "reports" / "static" / "reports" / "fonts"

DOCUMENT = """#let data = json(bytes(sys.inputs.data))
#set document(title: data.title)
#set text(font: "Open Sans", lang: "nb")
= #data.title
#data.body
"""


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "doc.typ"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_document_is_typeset_and_declared_pdf_ua(template):
    result = typeset(template, '{"title": "Rapport", "body": "Æ, ø og å."}', fonts=FONTS)
    assert result.standard == "ua-1" and result.note == ""
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.metadata.title == "Rapport"
    assert "Æ, ø og å." in _text(result.pdf)
    assert "pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_a_letter_no_font_has_gives_the_pdf_without_the_declaration(template):
    result = typeset(template, '{"title": "Rapport", "body": "Takk 😀"}', fonts=FONTS)
    assert result.standard is None and "could not be displayed" in result.note
    reader = PdfReader(io.BytesIO(result.pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged all the same
    assert "pdfuaid" not in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_the_document_reads_no_file_outside_its_folder(tmp_path):
    path = tmp_path / "doc.typ"
    path.write_text('#set document(title: "x")\n#read("/etc/passwd")\n', encoding="utf-8")
    # «/etc/passwd» is read as a path inside the document's folder, where there is none.
    with pytest.raises(TypesetError, match=r"file not found \(searched at " + re.escape(str(tmp_path))):
        typeset(path, "{}", fonts=FONTS)


def test_a_fault_in_the_template_is_an_error_with_typst_s_message(template):
    with pytest.raises(TypesetError, match=r'does not contain key "title"'):
        typeset(template, '{"body": "no title"}', fonts=FONTS)


def test_a_document_over_the_memory_limit_is_refused_in_words(template):
    from tiltak.lib.typeset import Limits, TooLarge

    body = ("Ord og setninger om tiltak. " * 20 + "\n\n") * 500  # 500 paragraphs: ~90 MB to lay out
    document = json.dumps({"title": "Rapport", "body": body})
    with pytest.raises(TooLarge, match=r"too large to lay out as PDF within a render's limits \(150 MB"):
        typeset(template, document, fonts=FONTS, limits=Limits(memory_bytes=150 * 1024 * 1024))
    assert typeset(template, document, fonts=FONTS).pdf.startswith(b"%PDF")


def test_the_childs_peak_memory_is_known(template):
    from tiltak.lib.typeset import last_usage

    typeset(template, '{"title": "Rapport", "body": "Tekst."}', fonts=FONTS)
    assert 10 * 1024 * 1024 < last_usage.peak_rss_bytes < 768 * 1024 * 1024


def test_the_childs_peak_is_its_own_not_the_large_parents(template):
    """CI's suite process had grown past 768 MB, and the child reported that (getrusage's ru_maxrss carries the
    parent's peak over fork and exec)."""
    from tiltak.lib.typeset import last_usage

    ballast = b"x" * (1024 * 1024 * 1024)  # written, so resident: this process is now over a gigabyte
    typeset(template, '{"title": "Rapport", "body": "Tekst."}', fonts=FONTS)
    assert last_usage.peak_rss_bytes < 768 * 1024 * 1024
    del ballast
