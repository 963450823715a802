"""Orthography restoration: words, texts, hyphenation, and the accuracy on text it was not tuned on."""

import pytest

from tiltak.bench.accuracy import po_restoration_accuracy, score_words, strip_norwegian_letters
from tiltak.importer.orthography import Restorer
from tiltak.importer.refdata import ministry_abbreviations
from tiltak.importer.text import join_lines


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer(keep=ministry_abbreviations())


def restored(restorer: Restorer, text: str) -> str:
    return restorer.restore_text(text)[0]


@pytest.mark.parametrize(
    ("ocr", "right"),
    [
        ("ogsa", "også"),
        ("pa", "på"),
        ("gjennomforing", "gjennomføring"),
        ("Ostersjoradet", "Østersjørådet"),
        ("veere", "være"),
        ("szerlig", "særlig"),
        ("giennom", "gjennom"),
        ("utferer", "utfører"),
        ("sgke", "søke"),
        ("mindredrige", "mindreårige"),
        ("stotte", "støtte"),
        ("menneskehandelsomradet", "menneskehandelsområdet"),
    ],
)
def test_ocr_words_get_their_letters_back(restorer, ocr, right):
    assert restored(restorer, f"Det er {ocr} her.") == f"Det er {right} her."


@pytest.mark.parametrize("word", ["menneskehandel", "trer", "hesten", "Karamoja", "UNODC", "workers", "Genève"])
def test_correct_words_are_left_alone(restorer, word):
    text = f"Det gjelder {word} i dag."
    assert restored(restorer, text) == text


@pytest.mark.parametrize("abbreviation", sorted(ministry_abbreviations()))
def test_ministry_abbreviations_are_never_read_as_words(restorer, abbreviation):
    assert restored(restorer, f"Ansvarlig er {abbreviation} og UD.") == f"Ansvarlig er {abbreviation} og UD."


@pytest.mark.parametrize(("ocr", "right"), [("for 4 styrke", "for å styrke"), ("til & bidra", "til å bidra"),
                                            ("for d stoppe", "for å stoppe"), ("for da stoppe", "for å stoppe"),
                                            ("arbeid 4 gjore", "arbeid å gjøre")])
def test_the_infinitive_marker_in_its_ocr_disguises(restorer, ocr, right):
    assert restored(restorer, ocr) == right


def test_numbers_stay_numbers(restorer):
    assert restored(restorer, "tiltak 4 og kapittel 4.") == "tiltak 4 og kapittel 4."


@pytest.mark.parametrize(("word", "alternative"),
                         [("for", "før"), ("var", "vår"), ("bor", "bør"), ("la", "lå"), ("fort", "ført")])
def test_unsure_choices_are_marked(restorer, word, alternative):
    _, notes = restorer.restore_text(f"de {word} der")
    note = next(n for n in notes if n.word == word)
    assert note.unsure
    assert alternative in note.alternatives or note.chosen == alternative


def test_for_before_the_infinitive_marker_is_sure(restorer):
    text, notes = restorer.restore_text("for a styrke")
    assert text == "for å styrke"
    assert not any(n.word == "for" and n.unsure for n in notes)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["utlendings-", "lovgivningen"], "utlendingslovgivningen"),
        (["NAV-", "kontoret"], "NAV-kontoret"),
        (["politi-", "og påtalemyndighet"], "politi- og påtalemyndighet"),
        (["Vest-", "Balkan"], "Vest-Balkan"),
        (["re-", "trafikkering"], "re-trafikkering"),
        (["informasjons-", "virksomhet"], "informasjonsvirksomhet"),
    ],
)
def test_words_split_over_lines_are_joined_only_into_words(restorer, lines, joined):
    assert join_lines(lines, restorer.is_word) == joined


def test_score_words_counts_norwegian_words_apart():
    score = score_words("Det er pa tide å gå", "Det er på tide å gå")
    assert (score.words, score.right) == (6, 5)
    assert (score.norwegian_words, score.norwegian_right) == (3, 2)


def test_strip_norwegian_letters():
    assert strip_norwegian_letters("Æ ø å Ø") == "Ae o a O"


def test_accuracy_on_djangos_bokmal_translations():
    """Text the restorer was never tuned on: Django's nb .po files with æ, ø, å stripped, then restored."""
    figures = po_restoration_accuracy()
    assert figures["files"] >= 5
    assert figures["words"] > 2000
    assert figures["word_accuracy"] >= 0.985
    assert figures["norwegian_word_accuracy"] >= 0.92
    assert figures["word_accuracy"] > figures["baseline_word_accuracy"] + 0.05


def test_a_bokmaal_word_too_rare_to_count_as_known_is_never_restored(restorer):
    """Regression: «forebyggingen» (a bokmål form wordfreq's texts hold too rarely to count as known) was read as
    the compound «føre» + «byggingen» and came out «førebyggingen», a nynorsk-looking form in a bokmål text."""
    text = ("Forebyggingen i skolene er styrket. Det er satt av midler til forebygging, og flere skoler arbeider "
            "med a forebygge vold. Arbeidet med forebyggingen og gjennomforing av tiltakene fortsetter.")
    assert restored(restorer, text) == (
        "Forebyggingen i skolene er styrket. Det er satt av midler til forebygging, og flere skoler arbeider "
        "med å forebygge vold. Arbeidet med forebyggingen og gjennomføring av tiltakene fortsetter.")


@pytest.mark.parametrize("word", ["forebyggingen", "Forebyggingen", "forebygging", "forebygge", "tiltakene"])
def test_a_word_of_the_documents_language_is_never_made_into_one_it_does_not_write(restorer, word):
    assert restorer.lexicon.is_form(word.lower()) and not restorer.lexicon.is_form("førebyggingen")
    assert restorer.restore_word(word, False).chosen == word


def test_a_dictionary_word_is_still_read_as_the_far_more_common_word_of_the_language_it_is_ocr_of(restorer):
    # «pa», «ma» are no words; «sa» and «hasten» are, but «så» and «høsten» (bokmål words too) are far more common.
    assert [restorer.restore_word(w, False).chosen for w in ("pa", "ma", "sa", "hasten")] == [
        "på", "må", "så", "høsten"]


def test_one_nynorsk_word_in_a_short_bokmaal_excerpt_does_not_make_it_nynorsk():
    from tiltak.importer.layout import language_of

    # «vere» is how the OCR wrote «være» here: one nynorsk-looking word against none of bokmål's.
    assert language_of("Det skal vere mer forebygging i skolen.") == "nb"
    assert language_of("Det skal vere meir førebygging i skulen, og dei skal byrja no.") == "nn"


def test_a_sorted_word_list_answers_membership_by_binary_search():
    from tiltak.importer.lexicon import SortedWords

    words = SortedWords.of({"forebyggingen", "førebygginga", "å", "e-post", "zebra", "abc"})
    assert len(words) == 6
    assert all(w in words for w in ("forebyggingen", "førebygginga", "å", "e-post", "zebra", "abc"))
    assert not any(w in words for w in ("førebyggingen", "ab", "abcd", "", "zz", "forebygging"))
    assert "x" not in SortedWords()
