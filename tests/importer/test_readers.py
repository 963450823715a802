"""Readers: chosen by content; clean DOCX and PDF builds of the gold report come back exactly; bad input refused."""

import io
import json
import os

import pytest

from tiltak.importer.api import ImportFailure, parse_bytes, parse_file
from tiltak.importer.readers import UnreadableDocument, read_bytes, read_path

from .conftest import GOLD, build_docx, build_pdf

NORWEGIAN = "Tiltaket er gjennomført. Særlig støtte til ofre på Østlandet og i Åsane. " * 5


def test_utf8_text():
    source = read_bytes(NORWEGIAN.encode("utf-8"), name="r.txt")
    assert (source.kind, source.text) == ("text", NORWEGIAN)


def test_windows_1252_text_is_detected():
    source = read_bytes(NORWEGIAN.encode("cp1252"), name="r.txt")
    assert source.text == NORWEGIAN


def test_latin1_text_is_detected():
    text = "Rådet møttes i Tromsø. " * 20
    assert read_bytes(text.encode("latin-1"), name="r.txt").text == text


def test_reader_is_chosen_by_content_not_name(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(GOLD.read_bytes())
    assert read_path(path).kind == "json"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "r.txt", "empty"),
        (b"  \n\n \t", "r.txt", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "r.txt", "binary"),
        (bytes(range(256)) * 20, "r.bin", "binary"),
        (os.urandom(4096), "report.pdf", "no PDF"),
        (b"PK\x03\x04broken", "report.docx", "broken"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "report.pdf", "PDF"),
        (b'{"format": "other"}', "r.json", "not a report"),
        (b"{not json", "r.json", "not valid JSON"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, name, words):
    with pytest.raises(UnreadableDocument, match=words):
        read_bytes(data, name=name)


def test_a_zip_that_is_no_word_document(tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableDocument, match="no Word document"):
        read_bytes(buffer.getvalue(), name="x.docx")


def test_encrypted_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableDocument, match="encrypted"):
        read_bytes(buffer.getvalue(), name="locked.pdf")


def test_pdf_without_text_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableDocument, match="no text"):
        read_bytes(buffer.getvalue(), name="scan.pdf")


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(NORWEGIAN * 10, encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="over the size limit of 100 bytes"):
        read_path(path, max_bytes=100)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(UnreadableDocument, match="directory"):
        read_path(tmp_path)


def test_no_measures_is_an_error():
    with pytest.raises(ImportFailure, match="no measure found"):
        parse_bytes(NORWEGIAN.encode(), name="notat.txt")


def test_report_json_comes_back_as_it_is(gold):
    report = parse_file(GOLD).to_json()
    assert report["measures"] == gold["measures"]
    assert report["warnings"] == gold["warnings"]


# -- clean documents of the gold report ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_docx(gold, tmp_path_factory):
    return parse_file(build_docx(gold, tmp_path_factory.mktemp("docx") / "rapport.docx")).to_json()


@pytest.fixture(scope="module")
def gold_pdf(gold, tmp_path_factory):
    return parse_file(build_pdf(gold, tmp_path_factory.mktemp("pdf") / "rapport.pdf")).to_json()


@pytest.mark.parametrize("fixture", ["gold_docx", "gold_pdf"])
def test_clean_document_comes_back_exactly(request, gold, fixture):
    parsed = request.getfixturevalue(fixture)
    assert parsed["measures"] == gold["measures"]
    # The gold holds one title per measure, so a document built from it has the status contradiction only.
    assert parsed["warnings"] == [w for w in gold["warnings"] if w["code"] != "title_mismatch"]
    for key in ("title", "as_of", "introduction", "status_scale", "label"):
        assert parsed["report"][key] == gold["report"][key], key
    assert parsed["plan"]["title"] == gold["plan"]["title"]


def test_clean_docx_is_not_restored(gold_docx):
    """A document that kept its letters gets none «restored»: no unsure readings, nothing changed."""
    assert json.dumps(gold_docx, ensure_ascii=False).count("å") > 100


def test_only_text_that_lost_its_letters_is_restored(seed_path):
    from tiltak.importer.api import needs_restoration

    assert needs_restoration(seed_path.read_text(encoding="utf-8"))
    assert not needs_restoration(NORWEGIAN)
    # A clean document with a rare word restoration would read otherwise keeps it.
    text = "1 Støtte til Terres des Hommes og hesten (UD)\n\nStatus: Gjennomført\n\nTrer i kraft våren 2012.\n"
    report = parse_bytes(("Rapport for året\n\n" + text).encode(), name="r.txt").to_json()
    assert report["measures"][0]["title"] == "Støtte til Terres des Hommes og hesten"
    assert report["measures"][0]["status_text"] == "Trer i kraft våren 2012."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_with_or_without_a_byte_order_mark(codec):
    # "utf-16" writes a byte-order mark; the -le/-be codecs write none, and the zero bytes tell
    source = read_bytes(NORWEGIAN.encode(codec), name="r.txt")
    assert (source.kind, source.text) == ("text", NORWEGIAN)


def test_a_utf16_report_parses_like_its_utf8_original(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    from_utf16 = parse_bytes(text.encode("utf-16"), name="rapport.txt").to_json()
    assert from_utf16 == parse_bytes(text.encode("utf-8"), name="rapport.txt").to_json()


def test_broken_utf16_is_refused():
    with pytest.raises(UnreadableDocument, match="not valid UTF-16"):
        read_bytes(b"\xff\xfe" + "Tiltak".encode("utf-16-le") + b"\x00\xd8\x41", name="r.txt")
