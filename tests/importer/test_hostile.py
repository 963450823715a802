"""Hostile documents are refused quickly, with a one-line message, whatever they hold (issue 11, item 2).

Each document is made on the spot (tiltak/bench/hostile.py) and parsed the way `tiltak parse`, `tiltak import`
and the web upload parse: in a child process with limits on memory and time (tiltak/importer/sandbox.py). What
each one cost is printed (`pytest -s`) and measured by `tiltak bench --only hostile`; no test asserts a time.
"""

import pytest

from tiltak.bench import hostile
from tiltak.importer import sandbox
from tiltak.importer.api import ImportFailure
from tiltak.importer.readers import MAX_PAGE_GLYPHS, UnreadableDocument, read_bytes


def _refused(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(ImportFailure) as caught:
        sandbox.parse_bytes(data, name=name, **kwargs)
    message = str(caught.value)
    usage = sandbox.last_usage
    print(f"\n{name}: {len(data):,} bytes refused in {usage.seconds:.2f} s, child peak "
          f"{usage.peak_rss_bytes / 2**20:.0f} MB: {message}")
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


def test_a_docx_whose_part_inflates_to_gigabytes_is_refused_by_its_declared_size():
    data = hostile.docx_bomb(2 * 1024**3)
    assert len(data) < 3 * 1024**2  # about 1 MB on disk per GB inflated
    message = _refused(data, "bomb.docx")
    assert "would inflate to 2048 MB" in message and "word/media/image1.bin" in message


def test_a_docx_that_lies_about_its_sizes_inflates_no_more_than_it_declares():
    # the central directory says 4 kB; the deflate stream holds 1 GB of zeros
    data = hostile.docx_bomb(1024**3, declared=4096)
    message = _refused(data, "liar.docx")
    assert "no measure found" in message or "broken" in message or "damaged" in message
    assert sandbox.last_usage.peak_rss_bytes < 300 * 2**20


def test_a_docx_of_300000_empty_paragraphs_is_refused():
    message = _refused(hostile.docx_paragraphs(300_000), "paragraphs.docx")
    assert "more than 60 000 paragraphs" in message


def test_a_pdf_of_20000_pages_is_refused():
    message = _refused(hostile.pdf_pages(20_000), "pages.pdf")
    assert "more than 2 000 pages" in message


def test_a_pdf_with_660000_glyphs_on_one_page_is_refused_before_it_is_laid_out():
    message = _refused(hostile.pdf_glyphs(660_000), "glyphs.pdf")
    assert "page 1 holds some 660 000 glyphs" in message


def test_the_glyph_count_before_layout_lets_an_ordinary_page_through():
    # 2 000 glyphs on a page: read, and the text comes out
    source = read_bytes(hostile.pdf_glyphs(2_000), name="ok.pdf")
    assert source.text.count("x") == 2_000 and MAX_PAGE_GLYPHS > 2_000


def test_a_pdf_whose_page_count_lies_is_counted_as_its_pages_are_walked(monkeypatch):
    data = hostile.pdf_pages(2_500).replace(b"/Count 2500", b"/Count 1   ")
    with pytest.raises(UnreadableDocument, match="more than 2 000 pages"):
        read_bytes(data, name="liar.pdf")


def test_too_much_text_is_refused(monkeypatch):
    monkeypatch.setattr("tiltak.importer.readers.MAX_TEXT_CHARS", 10_000)
    with pytest.raises(UnreadableDocument, match="characters of text is more than"):
        read_bytes(("Tiltak 1 (JD) gjennomført. " * 1_000).encode(), name="lang.txt")


def test_a_parse_past_the_memory_limit_ends_with_a_message_not_a_crash(seed_path):
    # the sandbox's own wall: a limit too small for any parse is met by the one-line refusal
    message = _refused(seed_path.read_bytes(), "rapport.txt", limits=sandbox.Limits(memory_bytes=40 * 2**20))
    assert "needs more than 40 MB of memory" in message or "could not be read" in message


def test_a_parse_past_the_time_limit_is_stopped(seed_path):
    message = _refused(seed_path.read_bytes(), "rapport.txt", limits=sandbox.Limits(wall_seconds=0.05))
    assert "took longer than 0.05 seconds" in message


def test_a_document_parsed_in_the_child_is_the_document_parsed_here(seed_path):
    from tiltak.importer.api import parse_bytes

    data = seed_path.read_bytes()
    here = parse_bytes(data, name="rapport.txt")
    there = sandbox.parse_bytes(data, name="rapport.txt")
    assert there.to_json(with_restorations=True) == here.to_json(with_restorations=True)
    assert there.scale_slug == here.scale_slug
