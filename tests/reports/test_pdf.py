"""PDF: read back with poppler's tools (pdftotext, pdfinfo, pdffonts, pdftoppm) and pypdf."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from tiltak.reports.renderers import pdf

from .checks import assert_holds_register, flat

# The module-wide fixtures need the test database, even where a test itself reads no row.
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf_file(first_report, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    path.write_bytes(pdf.render(first_report, lang="nb"))
    return path


@pytest.fixture(scope="module")
def info(pdf_file) -> dict:
    lines = run("pdfinfo", str(pdf_file)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def page_text(pdf_file, page: int) -> str:
    return run("pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf_file), "-")


def test_the_text_holds_the_register(pdf_file, reports):
    text = run("pdftotext", "-enc", "UTF-8", str(pdf_file), "-")
    assert_holds_register(text, reports["register"], reports["grades"])
    assert "Graden av gjennomføring klassifiseres med følgende inndeling" in flat(text)  # æøå survive


def test_tagged_a4_with_title_and_language(pdf_file, info):
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert info["Title"] == ("Statusrapportering for regjeringens handlingsplan mot menneskehandel – "
                             "Status per februar 2012")
    reader = PdfReader(pdf_file)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in metadata  # declared PDF/UA-1


def test_headings_are_bookmarks(pdf_file, reports):
    reader = PdfReader(pdf_file)

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    bookmarks = [flat(t) for t in titles(reader.outline)]
    for heading in ("Statusinndeling", "Skjematisk tiltaksoversikt", "Status for hvert tiltak"):
        assert heading in bookmarks
    first = reports["register"][0]
    assert f"1 {first['title']} (UD,JD,BLD)" in bookmarks
    assert sum(1 for b in bookmarks if re.match(r"\d+ ", b)) == 35


def test_fonts_are_embedded_open_sans(pdf_file):
    rows = run("pdffonts", str(pdf_file)).splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        assert "Open-Sans" in row
        assert row.split()[-5:-3] == ["yes", "yes"]  # emb, sub


def test_pages_are_numbered_and_the_overview_header_repeats(pdf_file, info):
    pages = int(info["Pages"])
    assert pages > 10
    assert f"Side 1 av {pages}" in page_text(pdf_file, 1)
    assert f"Side {pages} av {pages}" in page_text(pdf_file, pages)
    with_overview_rows = [p for p in range(1, 5) if re.search(r"^\(JD\)$", page_text(pdf_file, p), re.MULTILINE)]
    assert len(with_overview_rows) >= 2, "the overview table should span pages"
    for page in with_overview_rows:
        text = page_text(pdf_file, page)
        assert "Nr." in text and "Ansvar" in text, f"no table header on page {page}"


def test_pages_render_to_png(pdf_file, info, tmp_path_factory):
    """The pages as pictures, for a person to look at (they stay in pytest's temporary folder)."""
    folder = tmp_path_factory.mktemp("pdf-pages")
    run("pdftoppm", "-r", "50", "-png", str(pdf_file), str(folder / "side"))
    pictures = sorted(folder.glob("side-*.png"))
    assert len(pictures) == int(info["Pages"])
    for picture in pictures:
        data = picture.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5_000  # a page with something on it


def test_english(first_report, reports, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.render(first_report, lang="en"))
    text = run("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert_holds_register(text, reports["register"], reports["grades"], lang="en")
    assert "Overview of measures" in text and "Page 1 of" in text
    assert "Skjematisk" not in text and "Side 1" not in text
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "en"
