"""The normal form of text (tiltak.lib.text) and the value rules (tiltak.lib.values)."""

import unicodedata

import pytest

from tiltak.lib import text, values


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("første\r\nandre\r\n\r\ntredje", "første\nandre\n\ntredje"),  # a browser's CRLF
        ("gammel\rmac", "gammel\nmac"),
        ("Word\x0bShift+Enter", "Word\nShift+Enter"),  # Word's manual line break
        ("side\x0cny side", "side\nny side"),
        ("linje\u2028skille\u2029avsnitt", "linje\nskille\n\navsnitt"),
        ("a\u030a og o\u0308", "å og ö"),  # NFC
        ("blanke bak   \t\nneste\u00a0", "blanke bak\nneste"),
        ("\n\n  innrykk beholdes\n\n\n", "  innrykk beholdes"),
        ("esc\x1b[31m rød", "esc[31m rød"),
        ("ikke\ufffe tegn\uffff\U0010ffff", "ikke tegn"),
        ("\ufeffbom", "bom"),
        ("c1\x80\x9f borte", "c1 borte"),
        ("tab\tbeholdes", "tab\tbeholdes"),
    ],
)
def test_text_is_brought_to_normal_form(raw, normal):
    assert text.normalise_text(raw) == normal
    assert text.normalise_text(normal) == normal  # idempotent


def test_a_normalised_text_is_nfc_and_holds_only_characters_xml_can_hold():
    raw = "".join(chr(c) for c in range(1, 0x110) if not 0xD800 <= c <= 0xDFFF) + "e\u0301"
    normal = text.normalise_text(raw)
    assert unicodedata.is_normalized("NFC", normal)
    assert all(ch in "\t\n" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F) for ch in normal)


def test_nul_and_lone_surrogates_are_refused_not_normalised():
    assert text.text_problem("a\x00b") == text.NUL
    assert text.text_problem("a\ud800b") == text.SURROGATE
    assert text.normalise_text("a\x00b") == "a\x00b"
    assert text.text_problem("helt vanlig\ntekst") is None


def test_a_one_line_value_refuses_line_breaks():
    assert text.normalise_line("  Status per mars 2022 \r\n") == "Status per mars 2022"
    assert text.line_problem(text.normalise_line("Status\r\nBcc: x@y.no")) == text.LINE_BREAK
    assert text.line_problem(text.normalise_line("Word\x0blinje")) == text.LINE_BREAK


def test_length_counts_characters_as_nfc_code_points():
    assert text.length("a\u030a") == 1
    assert values.too_long("å" * 10, 10) is None and values.too_long("å" * 11, 10)


@pytest.mark.parametrize("slug", ["handlingsplan-2011-2014", "2022-03", "a", "ny_plan"])
def test_good_slugs(slug):
    assert values.slug_problem(slug, 80) is None


@pytest.mark.parametrize("slug", ["plan-æøå", "2022/03", "Store", "-start", "med blank", "", "a" * 81])
def test_bad_slugs(slug):
    assert values.slug_problem(slug, 80)


@pytest.mark.parametrize("number", ["1", "35", "3.2", "1a", "IV-2", "3_1"])
def test_good_measure_numbers(number):
    assert values.number_problem(number) is None


@pytest.mark.parametrize("number", ["9/9", "3 2", "3.", "?", "1#2", "æ", "", "1" * 21, 7])
def test_bad_measure_numbers(number):
    assert values.number_problem(number)


@pytest.mark.parametrize("link", ["https://www.regjeringen.no/", "http://a.no/x?y=1", "mailto:post@jd.dep.no"])
def test_good_links(link):
    assert values.link_problem(link) is None and values.safe_link(link) == link


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "ftp://a.no/",
                                  "https://", "mailto:", "https://a.no/ x", "vbscript:x", "//a.no/",
                                  "https://a.no/" + "x" * 500, "", None, 3])
def test_bad_links_are_refused_and_never_made_clickable(link):
    assert values.link_problem(link) and values.safe_link(link) is None
