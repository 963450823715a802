"""PDF (Typst): read back with poppler's tools (pdftotext, pdfinfo, pdffonts, pdftoppm), pypdf and pdfplumber."""

import io
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
    # Declared PDF/UA-1: XMP may write the property as an attribute (WeasyPrint) or as an element (Typst).
    assert re.search(r'pdfuaid:part(="1"|>1</pdfuaid:part>)', metadata)


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


# -- the content is the HTML's, and people's text is only ever text --------------------------------------------

MM = 72 / 25.4


def body_text(data: bytes) -> str:
    """The text of every page inside its margins (the running title and the page numbers left out)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.crop((0, 22 * MM, page.width, page.height - 20 * MM)).extract_text() or ""
                         for page in document.pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: a line may break after «EØS-» or a «/» where the source has no space."""
    return "".join(text.split())


def structure_languages(data: bytes) -> set[str]:
    """The languages the structure tree's elements declare (a part in another language than the document's)."""
    found: set[str] = set()

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_measure_is_in_the_pdf_as_in_the_html(first_report, lang):
    from tiltak.reports.labels import labels
    from tiltak.reports.renderers.html import render_html
    from tiltak.reports.renderers.narrative import narrative_blocks, plain

    from .checks import html_text

    words = labels(lang)
    text = squeezed(body_text(pdf.render(first_report, lang=lang)))
    for m in first_report.measures:
        status = m.status_label(lang)
        assert squeezed(f"{m.number}{m.title}") in text, f"measure {m.number}: number and title"
        assert squeezed(f"{words.status}: {status}") in text, f"measure {m.number}: status line"
        assert squeezed(words.grade(m.grade)) in text
        for block in narrative_blocks(m.narrative):
            for runs in [block.runs] if block.kind == "p" else block.items:
                assert squeezed(plain(runs)) in text, f"measure {m.number}: narrative «{plain(runs)[:40]}…»"
    # The parts stand in the HTML's order.
    html = render_html(first_report, lang=lang)
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert len(headings) >= 5 and words.sections in headings
    places = [text.find(squeezed(html_text(h))) for h in headings]
    assert -1 not in places and places == sorted(places), headings


def test_the_english_report_marks_the_norwegian_text(first_report):
    data = pdf.render(first_report, lang="en")
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "en"
    assert "nb" in structure_languages(data)  # the titles, plan texts and narratives, written in bokmål
    assert "nb" not in structure_languages(pdf.render(first_report, lang="nb"))  # the document's own language


def test_a_nynorsk_plans_texts_are_marked_nynorsk(first_report):
    import dataclasses

    nynorsk = dataclasses.replace(first_report, language="nn")
    assert "nn" in structure_languages(pdf.render(nynorsk, lang="nb"))
    assert "nn" in structure_languages(pdf.render(nynorsk, lang="en"))


# Typst code in a narrative (inside a line: a «#» that starts one makes a Markdown heading, whose marks go).
HOSTILE = [
    'Les #read("/etc/passwd")',
    'Og #import "/etc/hosts": *',
    'Og #include "/etc/hostname"',
    "Så #{ panic() } $x^2$ @ref \\ ] [ // not a comment /* nor this */",
    "Til slutt #set text(size: 40pt) #show: none",
]


def test_typst_code_in_people_s_text_prints_as_written(first_report):
    import dataclasses

    narrative = "\n\n".join([*HOSTILE, "Kode: `#eval(\"1+1\")` og *uthevet*"])
    first = dataclasses.replace(first_report.measures[0], narrative=narrative, title='#read("/etc/passwd") <x>',
                                plan_text="#include \"/etc/hostname\" ]")
    report = dataclasses.replace(first_report, measures=[first, *first_report.measures[1:]],
                                 introduction="#panic(\"innledning\")")
    text = squeezed(body_text(pdf.render(report, lang="nb")))
    for line in HOSTILE:
        assert squeezed(line) in text
    assert squeezed('Kode: #eval("1+1") og uthevet') in text  # the Markdown's own marks taken
    assert squeezed('1 #read("/etc/passwd") <x> (UD,JD,BLD)') in text
    assert squeezed('#include "/etc/hostname" ]') in text and squeezed('#panic("innledning")') in text
    assert "root:" not in text  # nothing of /etc/passwd was read


def test_a_letter_no_font_has_still_gives_a_tagged_pdf(first_report):
    import dataclasses

    first = dataclasses.replace(first_report.measures[0], narrative="Takk 😀 og 中文 → videre.")
    data = pdf.render(dataclasses.replace(first_report, measures=[first]), lang="nb")
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nb"
    text = squeezed(body_text(data))
    assert "Takk" in text and squeezed("→ videre.") in text
