"""Search: titles, plan texts and narratives of published rounds; highlighted; bounded; safe."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.portal.conftest import SECRET
from tiltak.portal.search import MAX_QUERY_LENGTH, SNIPPET_CHARS, clean_query, excerpt, highlight, words_of

pytestmark = pytest.mark.django_db


def test_search_finds_narratives_titles_and_plan_texts_highlighted(client, history, django_assert_max_num_queries):
    # the candidates from the index, the entries shown and their measures' responsible ministries (the measure as
    # each round published it); on PostgreSQL also the time bound (SET LOCAL statement_timeout in a savepoint:
    # three statements)
    with django_assert_max_num_queries(6):
        response = client.get("/sok/", {"q": "Europarådet"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/plan/menneskehandel-2011-2014/tiltak/1/"' in html
    assert "<mark>Europarådet</mark>" in html or "<mark>europarådet</mark>" in html.lower()
    title_hit = client.get("/sok/", {"q": "pådriver"}).content.decode()
    assert 'href="/plan/menneskehandel-2011-2014/tiltak/1/"' in title_hit


def test_search_never_shows_unpublished_text(client, history):
    html = client.get("/sok/", {"q": "zyxoplanen"}).content.decode()
    assert SECRET not in html and "0 treff." in html


def test_search_results_in_english(client, history):
    html = client.get("/en/sok/", {"q": "Europarådet"}).content.decode()
    assert '<html lang="en"' in html and "Search the measures" in html
    assert 'href="/en/plan/menneskehandel-2011-2014/tiltak/1/"' in html and 'lang="nb"' in html


@pytest.mark.parametrize("query", ["", "   ", "<script>alert(1)</script>", "' OR 1=1 --", "%_%", "\x00\x01\x02",
                                   "ø" * 1_300, "a b c d e f g h i j k l m n o p", "🙂 *:( & | !"])
def test_any_input_is_safe_and_bounded(client, history, query):
    response = client.get("/sok/", {"q": query})
    # NUL anywhere in a request is refused with a 400 before any view (tiltak.middleware)
    assert response.status_code == (400 if "\x00" in query else 200)
    html = response.content.decode()
    assert "<script>alert" not in html and "\x00" not in html
    assert len(html) < 400_000


def test_a_search_longer_than_an_address_may_be_gets_the_sites_own_page(client, history):
    response = client.get("/sok/", {"q": "ø" * 10_000})  # 60,000 bytes once percent-encoded: past the 8 KiB bound
    html = response.content.decode()
    assert response.status_code == 414
    assert "<h1" in html and "Adressen er for lang" in html and "200 tegnene" in html


def test_the_query_is_bounded():
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query("a\x00b\nc") == "a b c"
    assert len(words_of(" ".join(f"ord{n}" for n in range(50)))) == 8


def test_highlight_escapes_before_marking():
    assert str(highlight("<b>Barn</b> og barnevern", ["barn"])) == (
        "&lt;b&gt;<mark>Barn</mark>&lt;/b&gt; og <mark>barn</mark>evern")


def test_words_match_their_forms(client, history):
    """PostgreSQL stems with its Norwegian configuration («barnet» finds «barn»); SQLite (FTS5) matches whole
    words in any case."""
    query = "barnet" if connection.vendor == "postgresql" else "barn"
    html = client.get("/sok/", {"q": query}).content.decode()
    assert "0 treff." not in html and "<mark>" in html


def test_the_search_states_its_limits_beside_the_field(client, history):
    for prefix, words in (("", "Høyst 200 tegn og 8 ord"), ("/en", "At most 200 characters and 8 words")):
        html = client.get(prefix + "/sok/").content.decode()
        assert words in html and 'aria-describedby="q-help"' in html


def _excerpt_of_the_whole(text: str, words: list[str]) -> str:
    """What an excerpt is, stated on the whole text folded (the search folds only the stretch around the word)."""
    text = " ".join(text.split())
    found = [i for i in (text.lower().find(w) for w in words) if i >= 0]
    if len(text) <= SNIPPET_CHARS:
        return text
    start = max(0, min(found, default=0) - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    end = text.rfind(" ", start, end) if end < len(text) else len(text)
    return ("… " if start else "") + text[start:end if end > start else start + SNIPPET_CHARS] + (
        " …" if end < len(text) else "")


_PIECES = st.sampled_from(["barn", "Barn", "BARN", "bARn", "politiet", "POLITIET", "og", "i", "Europarådet",
                           "menneskehandel", "æøå", "x" * 30, "ø", "<b>", "&amp;"])
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\n", " \n\n ", "\t"])


@given(pieces=st.lists(st.tuples(_PIECES, _SPACES), max_size=400), lead=_SPACES,
       words=st.lists(st.sampled_from(["barn", "politiet", "europarådet", "zzz", "æøå"]), min_size=1, max_size=3,
                      unique=True))
@settings(max_examples=300, deadline=None)
def test_an_excerpt_of_a_long_text_is_the_excerpt_of_the_whole_text_folded(pieces, lead, words):
    text = lead + "".join(word + space for word, space in pieces)
    assert excerpt(text, words) == _excerpt_of_the_whole(text, words)
    at = min((i for i in (text.lower().find(w) for w in words) if i >= 0), default=None)
    assert excerpt(text, words, at=at) == _excerpt_of_the_whole(text, words)  # the search's call: it knows where


def test_an_excerpt_far_into_a_long_narrative_is_around_the_word():
    text = "Innledning.\n\n" + "Tekst  uten\tfunn. " * 300 + "Politiet samarbeider om barn. " + "Mer tekst. " * 300
    shown = excerpt(text, ["barn"])
    assert shown.startswith("… ") and shown.endswith(" …") and "barn." in shown
    assert len(shown) <= SNIPPET_CHARS + 4 and "  " not in shown and "\t" not in shown


@pytest.mark.parametrize("text", ["x" * 1_000 + "barn" + "y" * 1_000, "z " * 400 + "x" * 1_000 + "barn"])
def test_an_excerpt_inside_a_very_long_word_is_a_piece_of_it(text):
    assert excerpt(text, ["barn"]) == _excerpt_of_the_whole(text, ["barn"])


def test_highlight_marks_no_entity_and_drops_the_markers_people_cannot_type():
    assert str(highlight("R&D <amp> \x02barn\x03", ["amp", "barn"])) == (
        "R&amp;D &lt;<mark>amp</mark>&gt; <mark>barn</mark>")
