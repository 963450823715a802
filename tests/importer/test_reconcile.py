"""Reading a document against the stored text (tiltak/importer/reconcile.py): OCR damage keeps the stored
spelling, real changes stay changes. No database: the stored texts come in as plain data."""

import json

import pytest

from tiltak.importer.reconcile import Stored, Vocabulary, ocr_equivalent, reconcile_document, reconcile_text

from .conftest import GOLD


@pytest.mark.parametrize(("stored", "seen"), [
    ("Europarådskonvensjonens", "Europaraddskonvensjonens"),  # å as dd
    ("overvåkingsmekanisme", "overvikingsmekanisme"),  # å as i
    ("spesialrapportør", "spesialrapporter"),  # ø as e
    ("Genève", "Genéve"),  # a diacritic mangled
    ("ga", "gå"),  # an å wrongly put back
    ("EØS-borgere", "EQS-borgere"),
    ("læringssituasjonen.", "leeringssituasjonen."),  # æ as ee
    ("klart", "Kklart"),  # a doubled letter
    ("IOMs", "I0OMs"),
    ("trafficked", "trafticked"),  # the fi ligature read as ti
    ("forutsigbarhet.", "forutsighbarhet."),  # a stray letter inside a long word
    ("Barneverntjenestens", "Barneverntienestens"),  # j/i
    ("modell", "rnodell"),  # rn/m
    ("2011", "20l1"),  # l/1
    ("(«domestic", "(’domestic"),  # quotes
])
def test_ocr_confusions_are_equivalent(stored, seen):
    assert ocr_equivalent(stored, seen)


@pytest.mark.parametrize(("stored", "seen"), [
    ("gjennomført", "gjennomføres"), ("2011", "2012"), ("mars", "mai"), ("JD", "UD"), ("Tiltaket", "Tiltakene"),
    ("ikke", "ikkje"), ("styrke", "svekke"), ("35", "36"),
])
def test_real_changes_are_not(stored, seen):
    assert not ocr_equivalent(stored, seen)


def test_a_damaged_copy_is_the_stored_text_kept_whole():
    stored = "Norge vil søke å styrke Europarådskonvensjonens overvåkingsorgan GRETA."
    seen = "Norge vil sgke & styrke Europaraddskonvensjonens\n\novervikingsorgan GRETA ."
    result = reconcile_text(seen, stored)
    assert result.text == stored and result.whole and result.worse and result.kept_words == 5


def test_a_real_change_keeps_the_stored_spelling_around_it():
    stored = "Norge vil søke å styrke overvåkingsorganet i 2011."
    seen = "Norge vil sgke & styrke overvikingsorganet i 2012, sammen med Sverige."
    result = reconcile_text(seen, stored)
    assert not result.whole
    assert result.text == "Norge vil søke å styrke overvåkingsorganet i 2012, sammen med Sverige."


def test_words_without_a_stored_counterpart_are_spelled_as_the_plan_spells_them():
    vocabulary = Vocabulary(["Barnevernets omsorgssentre for mindreårige", "Østersjørådet"])
    stored = "Arbeidet er i gang."
    seen = "Arbeidet er i gang, ogsa i omsorgssentre for mindrearige i Ostersjoradet."
    result = reconcile_text(seen, stored, vocabulary)
    assert result.text == "Arbeidet er i gang, ogsa i omsorgssentre for mindreårige i Østersjørådet."
    assert result.restored_words == 2
    # a word the plan spells both ways is left as it is
    assert Vocabulary(["for", "før"]).restore("for") == "for"


def test_the_seed_read_against_the_gold_is_the_gold(parsed_seed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    stored = Stored(measures={m["number"]: {k: m[k] for k in ("title", "plan_text", "status_text")}
                              for m in gold["measures"]},
                    round={"title": gold["report"]["title"], "introduction": gold["report"]["introduction"]})
    document, kept = reconcile_document(parsed_seed, stored)
    fields = ("number", "title", "plan_text", "status_text")
    assert [{k: m[k] for k in fields} for m in document["measures"]] == [{k: m[k] for k in fields}
                                                                         for m in gold["measures"]]
    assert len(kept) == 22 and all(k.whole for k in kept)
    # a measure the plan does not hold yet is left as the document has it
    stored.measures.pop("35")
    document, _kept = reconcile_document(parsed_seed, stored)
    assert document["measures"][-1] == parsed_seed["measures"][-1]
