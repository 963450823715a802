"""The structure of a report: the seed against the gold transcription, and other plans' forms."""

import pytest

from tiltak.bench.accuracy import compare_reports
from tiltak.importer.structure import NoMeasures, parse_text

# -- the seed --------------------------------------------------------------------------------------------------


def test_seed_has_all_35_measures_in_order(parsed_seed):
    assert [m["number"] for m in parsed_seed["measures"]] == [str(n) for n in range(1, 36)]


@pytest.mark.parametrize("key", ["title", "responsible", "status", "status_overview", "links"])
def test_seed_field_is_exact_for_every_measure(parsed_seed, gold, key):
    ours = {m["number"]: m[key] for m in parsed_seed["measures"]}
    assert ours == {m["number"]: m[key] for m in gold["measures"]}


def test_seed_quality_figures(parsed_seed, gold):
    figures = compare_reports(parsed_seed, gold)
    assert figures["title_similarity"] >= 0.985
    assert figures["word_accuracy"] >= 0.97
    assert figures["norwegian_word_accuracy"] >= 0.95
    assert figures["words"] > 8000


def test_seed_front_matter(parsed_seed, gold):
    assert parsed_seed["format"] == "tiltak.report/1"
    assert parsed_seed["plan"] == {"title": gold["plan"]["title"], "period": gold["plan"]["period"]}
    for key in ("title", "as_of", "status_scale", "introduction", "label"):
        assert parsed_seed["report"][key] == gold["report"][key], key


def test_seed_warnings_are_the_real_contradictions(parsed_seed, gold):
    """Measure 10: the table says «Under gjennomføring», the section «Under forberedelse». Measure 25: the table
    says «oppklare barns forsvinninger», the section «oppklare at barn forsvinner»."""
    found = {(w["measure"], w["code"]) for w in parsed_seed["warnings"]}
    assert found == {("10", "status_mismatch"), ("25", "title_mismatch")}
    assert parsed_seed["warnings"] == gold["warnings"]


def test_seed_restorations_are_reported_per_measure_with_the_unsure_flagged(parsed_seed):
    notes = parsed_seed["restorations"]
    unsure = [n for n in notes if n["unsure"]]
    assert unsure and all(n["alternatives"] for n in unsure)
    sure = [n for n in notes if not n["unsure"]]
    assert any((n["word"], n["chosen"]) == ("gjennomfort", "gjennomført") for n in sure)
    assert all(n["word"] != n["chosen"] for n in sure)  # a sure note is only made where a word changed
    assert {n["measure"] for n in notes} - {None} <= {str(k) for k in range(1, 36)}


def test_seed_page_junk_does_not_split_paragraphs(parsed_seed):
    m4 = next(m for m in parsed_seed["measures"] if m["number"] == "4")
    assert "Det betyr at Forsvaret har begrenset mulighet" in m4["status_text"]


def test_seed_lists_become_one_paragraph_per_item(parsed_seed):
    m33 = next(m for m in parsed_seed["measures"] if m["number"] == "33")
    items = [p for p in m33["status_text"].split("\n\n") if p.startswith("- ")]
    assert len(items) == 6
    assert items[-1] == "- Være en pådriver for internasjonalt politisamarbeid"


# -- other forms -----------------------------------------------------------------------------------------------

TILTAK_FORM = """Statusrapport for handlingsplan for universell utforming

Status per mars 2015.

Tiltak 1: Lage en veileder for kommunene
Ansvarlig: KMD
Status: Ferdig
Veilederen ble lagt fram i januar.

Tiltak 2: Kartlegge bygg i staten
Ansvarlig: KMD, KUD
Status: Pågående – i rute
Arbeidet pågår.

Tiltak 3: Styrke tilsynet
Ansvarlig: ASD
Status: Pågående – forsinket
Arbeidet er forsinket.
"""


def test_tiltak_headings_with_ansvarlig_lines_and_another_scale():
    report = parse_text(TILTAK_FORM).to_json()
    assert [(m["number"], m["title"], m["responsible"], m["status"]) for m in report["measures"]] == [
        ("1", "Lage en veileder for kommunene", ["KMD"], "Ferdig"),
        ("2", "Kartlegge bygg i staten", ["KMD", "KUD"], "Pågående – i rute"),
        ("3", "Styrke tilsynet", ["ASD"], "Pågående – forsinket"),
    ]
    assert report["measures"][0]["status_text"] == "Veilederen ble lagt fram i januar."
    assert report["report"]["as_of"] == "2015-03"
    assert report["report"]["status_scale"][0] == "Ferdig"


MINISTRY_FIRST = """Status report on the open government action plan

1 KMD: Publish budget data
Status: Substantial
The data is published monthly.

2 (FIN) Open the tax statistics
Status: Limited
Work has started.
"""


def test_ministry_before_the_title_and_a_scale_named_on_the_command_line():
    report = parse_text(MINISTRY_FIRST, scale="ogp", restore=False).to_json()
    assert [(m["title"], m["responsible"], m["status"]) for m in report["measures"]] == [
        ("Publish budget data", ["KMD"], "Betydelig"),
        ("Open the tax statistics", ["FIN"], "Begrenset"),
    ]
    assert report["report"]["status_scale"] == ["Ikke startet", "Begrenset", "Betydelig", "Fullført"]


BROKEN_NUMBERING = """Statusrapport

1 Første tiltak (JD)
Status: Gjennomført
Ferdig.

2 Andre tiltak (JD,XYZ)
Status: Nesten ferdig
Snart.

4 Fjerde tiltak (UD)
Status: Ikke igangsatt
Ikke startet.

4 Fjerde tiltak igjen (UD)
Status: Under forberedelse
Forberedes.
"""


def test_numbering_ministries_and_status_labels_are_checked():
    report = parse_text(BROKEN_NUMBERING, scale="handlingsplan")
    found = {(w.measure, w.code) for w in report.warnings}
    assert found == {
        ("2", "unknown_ministry"),
        ("2", "unknown_status"),
        ("4", "number_skipped"),
        ("4", "number_repeated"),
    }
    unknown_status = next(w for w in report.warnings if w.code == "unknown_status")
    assert "Nesten ferdig" in unknown_status.message
    assert report.measures[1].responsible == ["JD"]
    assert report.measures[1].status is None


WITH_TABLE = """Statusrapport for handlingsplan

Status per mai 2013.

Gjennomført
Løpende/under gjennomføring
Under forberedelse
Ikke igangsatt

1.| Første tiltak (JD) Gjennomført
2.| Andre tiltak (UD,JD) Løpende
3.| Tredje tiltak (BLD) Ikke igangsatt

1 Første tiltak (JD)
Status: Gjennomført
Ferdig.

2 Andre tiltak (UD)
Status: Løpende
Pågår.

4 Fjerde tiltak (AD)
Status: Under forberedelse
Forberedes.
"""


def test_overview_table_against_sections():
    report = parse_text(WITH_TABLE)
    found = {(w.measure, w.code) for w in report.warnings}
    assert found == {
        ("2", "ministries_mismatch"),
        ("4", "missing_in_overview"),
        ("4", "number_skipped"),
        ("3", "missing_section"),
    }
    assert [m.status_overview for m in report.measures] == ["Gjennomført", "Løpende", None]


def test_a_document_without_measures_is_an_error():
    with pytest.raises(NoMeasures):
        parse_text("Et notat\n\nHer står det ingenting om tiltak.\n")


def test_seed_paragraphs_are_the_gold_paragraphs(parsed_seed, gold):
    """Page-break junk neither splits nor merges paragraphs: every text has the gold's number of paragraphs."""
    gold_by_number = {m["number"]: m for m in gold["measures"]}
    for m in parsed_seed["measures"]:
        for key in ("plan_text", "status_text"):
            assert len(m[key].split("\n\n")) == len(gold_by_number[m["number"]][key].split("\n\n")), (m["number"], key)
