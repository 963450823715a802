"""A plan from its own list of measures: numbered lists, tables, tables of contents and headings, no statuses."""

import datetime

import pytest

from tiltak.importer.ministries import read_ministries
from tiltak.importer.refdata import ministry_register
from tiltak.importer.structure import parse_text

NUMBERED = """Handlingsplan for et mer inkluderende arbeidsliv for personer med funksjonsnedsettelser \
og for unge som står utenfor (2022–2025)

Regjeringen vil gjennomføre disse tiltakene.

1. Styrke tilretteleggingen i arbeidslivet (Arbeids- og inkluderingsdepartementet)
2. Utvide ordningen med mentorer for unge som
står utenfor arbeidslivet (AID, KD)
3. Lage en veileder for kommunene (Kommunal- og distriktsdepartementet m.fl.)
"""

TABLE = """Handlingsplan mot vold i nære relasjoner (2021–2024)

Tiltak | Nr. | Ansvarlig departement
Styrke krisesentrene | 1 | Barne- og familiedepartementet
Opplæring av politiet | 2 | JD
Bedre samarbeid mellom | 3 | Helse- og omsorgsdepartementet, JD
hjelpetjenestene | |
"""

CONTENTS = """Handlingsplan mot radikalisering og voldelig ekstremisme (2014–2017)

Innhold
Tiltak 1 Bedre kunnskap om ekstremisme (JD) ........ 5
Tiltak 2 Styrke samarbeidet med kommunene (KMD) ........ 7
Tiltak 3 Forebygging på internett (JD, KUD) ........ 9

Innledning
Regjeringen legger fram tiltak.
"""

HEADINGS = """Handlingsplan for universell utforming 2015–2019

Tiltak 1: Lage en veileder for kommunene
Ansvar: Kommunal- og moderniseringsdepartementet
Veilederen skal gi kommunene råd.

Tiltak 2: Kartlegge bygg i staten
Ansvar: KMD og Kulturdepartementet
Statens bygg skal kartlegges.
"""


def _measures(text):
    report = parse_text(text, restore=False)
    return report, [(m.number, m.title, m.responsible) for m in report.measures]


def test_numbered_list_with_ministries_in_full_and_a_long_title():
    report, measures = _measures(NUMBERED)
    assert measures == [
        ("1", "Styrke tilretteleggingen i arbeidslivet", ["AID"]),
        ("2", "Utvide ordningen med mentorer for unge som står utenfor arbeidslivet", ["AID", "KD"]),
        ("3", "Lage en veileder for kommunene", ["KDD"]),
    ]
    assert report.kind == "plan" and report.as_of is None
    assert report.plan_title.startswith("Handlingsplan for et mer inkluderende arbeidsliv")
    assert len(report.plan_title) > 100
    assert report.period == ("2022", "2025")
    assert report.warnings == []
    assert {(n.measure, n.code) for n in report.uncertain} == {("3", "ministries_others"), (None, "scale_proposed")}


def test_table_with_its_columns_in_another_order_and_a_row_over_two_lines():
    report, measures = _measures(TABLE)
    assert measures == [
        ("1", "Styrke krisesentrene", ["BFD"]),
        ("2", "Opplæring av politiet", ["JD"]),
        ("3", "Bedre samarbeid mellom hjelpetjenestene", ["HOD", "JD"]),
    ]
    assert report.kind == "plan" and report.warnings == []


def test_table_of_contents_with_leaders_and_page_numbers():
    report, measures = _measures(CONTENTS)
    assert measures == [
        ("1", "Bedre kunnskap om ekstremisme", ["JD"]),
        ("2", "Styrke samarbeidet med kommunene", ["KMD"]),
        ("3", "Forebygging på internett", ["JD", "KUD"]),
    ]
    assert report.plan_title == "Handlingsplan mot radikalisering og voldelig ekstremisme (2014–2017)"


def test_headings_with_ansvar_lines_keep_their_text_as_the_plan_text():
    report, measures = _measures(HEADINGS)
    assert measures == [
        ("1", "Lage en veileder for kommunene", ["KMD"]),
        ("2", "Kartlegge bygg i staten", ["KMD", "KUD"]),
    ]
    assert report.measures[0].plan_text == "Veilederen skal gi kommunene råd."
    assert report.to_json()["kind"] == "plan"


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Justis- og politidepartementet", datetime.date(2011, 6, 1), ["JD"]),
        ("Arbeidsdepartementet", datetime.date(2011, 6, 1), ["AD"]),
        ("Arbeidsdepartementet", datetime.date(2016, 6, 1), ["ASD"]),  # the informal name of the day
        ("AD", datetime.date(2016, 6, 1), ["ASD"]),  # an old abbreviation moved to the day's ministry
        ("ASD", datetime.date(2023, 1, 1), ["AID"]),
        ("KMD", datetime.date(2023, 1, 1), ["KDD"]),
        ("BLD", datetime.date(2020, 1, 1), ["BFD"]),
        ("Barne-, likestillings- og\ninkluderingsdepartementet, ]D", datetime.date(2012, 2, 1), ["BLD", "JD"]),
        ("KD", datetime.date(2001, 1, 1), ["KD"]),
        ("Utanriksdepartementet og Digitaliserings- og forvaltningsdepartementet", None, ["UD", "DFD"]),
        ("KMD i samarbeid med KUD", None, ["KMD", "KUD"]),
    ],
)
def test_ministries_by_any_name_resolved_to_the_documents_date(text, day, expected):
    assert read_ministries(text, day).known == expected


def test_all_ministries_are_those_of_the_day():
    reading = read_ministries("alle departementer", datetime.date(2012, 6, 1))
    assert reading.everyone and "AD" in reading.known and "ASD" not in reading.known and "SMK" not in reading.known


def test_the_register_covers_the_renamings_since_2000():
    register = ministry_register()
    kd_2001 = register.resolve("KD", datetime.date(2001, 6, 1))
    assert kd_2001.name == "Kulturdepartementet"
    assert register.on(kd_2001, datetime.date(2023, 1, 1)).name == "Kultur- og likestillingsdepartementet"
    assert register.on(register.resolve("AAD"), datetime.date(2007, 1, 1)).abbreviation == "AID"
    assert register.resolve("OED", datetime.date(2025, 1, 1)).abbreviation == "ED"
    assert {row.abbreviation for row in register.valid_on(datetime.date(2025, 1, 1))} >= {
        "UD", "JD", "FD", "FIN", "SD", "AID", "HOD", "KD", "KUD", "BFD", "KDD", "DFD", "NFD", "LMD", "KLD", "ED",
        "SMK",
    }


NYNORSK_REPORT = """Statusrapport for handlingsplan mot vald i nære relasjonar (2021–2024)

Status per mars 2023.

Tiltaka er vurderte slik:
- Gjennomført: tiltaket er ferdig
- Under gjennomføring: arbeidet er i gang
- Under førebuing: arbeidet er ikkje byrja, men det blir planlagt
- Ikkje sett i gang: ingenting er gjort enno

Tiltak 1: Styrkje krisesentera
Ansvarleg: Barne- og familiedepartementet
Status: Gjennomført
Dei nye krisesentera er opna.

Tiltak 2: Opplæring av politiet
Ansvarleg: JD
Status: Under førebuing
Opplæringa er ikkje sett i gang enno, men ho blir planlagd.

Tiltak 3: Betre samarbeid mellom hjelpetenestene
Ansvarleg: HOD og JD
Status: Ikkje sett i gang
Arbeidet har ikkje byrja.
"""

LEGEND_TABLE = """Statusrapport for handlingsplan for berekraftig mat (2020–2023)

Status per januar 2022.

Status | Forklaring
Gjennomført | Tiltaket er ferdig
Under gjennomføring | Arbeidet pågår
Under forberedelse | Arbeidet er planlagt
Ikke igangsatt | Ingenting er gjort

1. Redusere matsvinn (LMD)
Status: Under gjennomføring
Arbeidet pågår.

2. Merke maten bedre (HOD, LMD)
Status: Gjennomført
Merkeordningen er innført.
"""

ONE_LINE_LEGEND = """Statusrapport for handlingsplan for berekraftig mat (2020–2023)

Status per januar 2022.

Statusgrader: Gjennomført – Under gjennomføring – Under forberedelse – Ikke igangsatt

1. Redusere matsvinn (LMD)
Status: Under gjennomføring
Arbeidet pågår.
"""


def test_a_nynorsk_report_with_a_bulleted_legend_keeps_its_nynorsk():
    report = parse_text(NYNORSK_REPORT, restore=False)
    assert report.language == "nn"
    assert report.status_scale == ["Gjennomført", "Under gjennomføring", "Under førebuing", "Ikkje sett i gang"]
    assert report.scale_slug == "handlingsplan"
    assert [(m.number, m.responsible, m.status) for m in report.measures] == [
        ("1", ["BFD"], "Gjennomført"), ("2", ["JD"], "Under førebuing"), ("3", ["HOD", "JD"], "Ikkje sett i gang"),
    ]
    assert report.measures[1].status_text == "Opplæringa er ikkje sett i gang enno, men ho blir planlagd."
    assert report.warnings == [] and report.uncertain == []
    assert report.to_json()["language"] == "nn"


@pytest.mark.parametrize("text", [LEGEND_TABLE, ONE_LINE_LEGEND])
def test_a_legend_as_a_table_or_on_one_line(text):
    report = parse_text(text, restore=False)
    assert report.status_scale == ["Gjennomført", "Under gjennomføring", "Under forberedelse", "Ikke igangsatt"]
    assert report.measures[0].status == "Under gjennomføring"
    assert report.warnings == [] and report.uncertain == []
    assert report.language == "nb"


def test_a_nynorsk_document_that_lost_its_letters_is_restored_as_nynorsk():
    from tiltak.bench.accuracy import strip_norwegian_letters

    sentence = "Dei nye krisesentera er opna frå 1. mars, og arbeidet med å førebu fleire held fram."
    report = parse_text(strip_norwegian_letters(NYNORSK_REPORT.replace("Dei nye krisesentera er opna.", sentence)))
    assert report.language == "nn"
    assert report.measures[0].status_text == sentence
    assert [m.status for m in report.measures] == ["Gjennomført", "Under førebuing", "Ikkje sett i gang"]
    assert report.measures[0].title == "Styrkje krisesentera"


def test_a_ministry_renamed_by_the_documents_date_is_read_as_its_successor_and_noted():
    report = parse_text("Handlingsplan for eldre (2016–2019)\n\n1. Flere seniorer i arbeid (AD)\n"
                        "2. Trygge boliger (KMD)\n", restore=False)
    assert [m.responsible for m in report.measures] == [["ASD"], ["KMD"]]
    notes = [n for n in report.uncertain if n.code == "ministry_resolved"]
    assert len(notes) == 1 and "«AD»" in notes[0].message and "ASD" in notes[0].message


def test_a_short_bokmaal_ocr_excerpt_keeps_its_bokmaal_words():
    """Regression: a short OCR'd bokmål excerpt came out with «førebyggingen» for «forebyggingen»."""
    text = "\n".join([
        "Status for handlingsplan mot vold i skolen (2020-2023)", "",
        "1 Forebygging av vold i skolen (KD)", "Det skal vere mer forebygging i skolen.",
        "Status: Under gjennomforing", "Forebyggingen i skolene er styrket, og flere skoler arbeider med a forebygge.",
        "", "2 Kunnskap om forebyggingen (KD, JD)", "Kunnskapen om forebyggingen skal bli bedre.",
        "Status: Gjennomfort", "Rapporten om forebyggingen kom i 2021.", ""])
    report = parse_text(text)
    assert report.language == "nb"
    assert [m.title for m in report.measures] == ["Forebygging av vold i skolen", "Kunnskap om forebyggingen"]
    assert report.measures[0].status_text.startswith("Forebyggingen i skolene er styrket")
    assert "førebygg" not in str(report.to_json())
