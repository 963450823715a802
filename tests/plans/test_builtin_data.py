"""The built-in plan against the seed report (shared/seed/000_f48096fa2fe1ae34.txt), as read by a person.

Every expectation here was written from reading the seed, not from the data file: a wrong ministry, a wrong
status, a lost measure, a lost paragraph or a lost letter in the data makes one of these fail.
"""

import re

import pytest

from tiltak.plans.builtin import builtin_document
from tiltak.plans.models import DataQualityNote, Measure, StatusEntry

# The status on each measure's own «Status:» line.
SECTION_STATUS = {
    "1": "Under gjennomføring", "2": "Gjennomført", "3": "Løpende", "4": "Løpende", "5": "Gjennomført",
    "6": "Løpende", "7": "Løpende", "8": "Under gjennomføring", "9": "Under gjennomføring",
    "10": "Under forberedelse", "11": "Under gjennomføring", "12": "Under forberedelse",
    "13": "Under forberedelse", "14": "Under gjennomføring", "15": "Under gjennomføring", "16": "Gjennomført",
    "17": "Under gjennomføring", "18": "Under gjennomføring", "19": "Ikke igangsatt", "20": "Under gjennomføring",
    "21": "Løpende", "22": "Løpende", "23": "Under gjennomføring", "24": "Under gjennomføring",
    "25": "Under gjennomføring", "26": "Under gjennomføring", "27": "Under gjennomføring",
    "28": "Under forberedelse", "29": "Under gjennomføring", "30": "Løpende", "31": "Løpende",
    "32": "Under forberedelse", "33": "Under gjennomføring", "34": "Under forberedelse", "35": "Under forberedelse",
}
# The overview table agrees everywhere but for measure 10.
OVERVIEW_STATUS = {**SECTION_STATUS, "10": "Under gjennomføring"}

RESPONSIBLE = {
    "1": "UD,JD,BLD", "2": "UD,JD", "3": "UD", "4": "FD", "5": "JD", "6": "JD", "7": "UD,JD", "8": "UD", "9": "UD",
    "10": "JD", "11": "HOD", "12": "JD", "13": "JD", "14": "JD", "15": "JD", "16": "BLD,JD,AD,HOD",
    "17": "AD,JD,KRD,BLD", "18": "AD", "19": "AD,JD,KRD,BLD", "20": "HOD", "21": "JD", "22": "JD", "23": "JD",
    "24": "BLD", "25": "BLD,JD", "26": "BLD", "27": "BLD", "28": "BLD", "29": "JD", "30": "JD", "31": "JD,UD",
    "32": "JD", "33": "JD", "34": "JD", "35": "JD",
}

TITLES = {
    "1": "Være en fortsatt pådriver for å styrke, samordne og gjennomføre det internasjonale regelverket mot "
         "menneskehandel, særlig innenfor FN, Europarådet og Østersjørådet",
    "4": "Forsvaret skal bekjempe menneskehandel",
    "9": "Bidra til å bekjempe menneskehandel gjennom EØS-finansieringsmekanismen",
    "11": "Forebygge menneskehandel til fjerning av organer",
    "13": "Iverksette tiltak for å begrense organisert tigging på kort og lang sikt",
    "14": "Øke innsatsen for å identifisere mulige ofre",
    "15": "Støtte ROSA",
    "16": "Drive Lauras Hus som et forsøksprosjekt ut 2011",
    "19": "Gjennomgå organiseringen og finansieringen av bistanden til ofre",
    "28": "Innhente forskningsbasert kunnskap om mindreårige ofre for menneskehandel",
    "34": "Inngå samarbeidsavtaler mellom politiet og andre aktører",
    "35": "Evaluere politiinnsatsen",
}

# Words the OCR produced in place of Norwegian ones; none may survive.
OCR_LEFTOVERS = {"pa", "a", "gjennomfort", "gjennomforing", "lopende", "veere", "vaere", "ogsa", "bade", "na",
                 "nar", "folger", "stotte", "giennom", "szerlig", "saerlig", "sarlig", "pddriver", "padriver",
                 "Europaradet", "Ostersjoradet", "oppfolging", "mindrearige", "asylsokere", "kjop"}


@pytest.fixture(scope="module")
def doc():
    return builtin_document()


@pytest.fixture(scope="module")
def measures(doc):
    return {m["number"]: m for m in doc["measures"]}


def test_all_35_measures_in_order(doc):
    assert [m["number"] for m in doc["measures"]] == [str(n) for n in range(1, 36)]


def test_every_status_is_the_sections_own(measures):
    assert {n: m["status"] for n, m in measures.items()} == SECTION_STATUS


def test_every_overview_status_is_the_tables(measures):
    assert {n: m["status_overview"] for n, m in measures.items()} == OVERVIEW_STATUS


def test_every_responsible_list_in_order(measures):
    assert {n: ",".join(m["responsible"]) for n, m in measures.items()} == RESPONSIBLE


@pytest.mark.parametrize(("number", "title"), sorted(TITLES.items()))
def test_titles_are_correct_norwegian(measures, number, title):
    assert measures[number]["title"] == title


def test_the_table_and_section_disagreements_are_warnings(doc):
    found = sorted((w["measure"], w["code"]) for w in doc["warnings"])
    # Measure 10's status differs; measure 25's title is worded differently in the table.
    assert found == [("10", "status_mismatch"), ("25", "title_mismatch")]


def test_report_header_and_legend(doc):
    assert doc["report"]["title"] == "Statusrapportering for regjeringens handlingsplan mot menneskehandel"
    assert doc["report"]["status_scale"] == [
        "Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt"]
    intro = doc["report"]["introduction"]
    assert "ett år inn i løpeperioden for handlingsplanen" in intro
    assert intro.count("\n\n") == 3  # four paragraphs


def test_every_measure_has_plan_text_and_narrative(measures):
    for number, measure in measures.items():
        assert measure["plan_text"].strip(), number
        assert measure["status_text"].strip(), number


def test_no_ocr_leftovers_anywhere(doc):
    texts = [doc["report"]["introduction"]]
    for m in doc["measures"]:
        texts += [m["title"], m["plan_text"], m["status_text"]]
    for text in texts:
        assert not re.search(r"[\]@]|\b4 [a-zæøå]|\b& [a-zæøå]", text), text[:80]
        assert "Status:" not in text
        words = set(re.findall(r"[A-Za-zæøåÆØÅéç]+", text.replace("bl.a.", "")))
        assert not words & OCR_LEFTOVERS, (words & OCR_LEFTOVERS, text[:80])
        assert "  " not in text and "\n\n\n" not in text


def test_paragraphs_survive_and_page_breaks_do_not_split_them(measures):
    narrative = measures["1"]["status_text"]
    paragraphs = narrative.split("\n\n")
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("Innenfor FN har UD i 2011 hatt særlig fokus på etablering")
    assert "herunder den mot menneskehandel. Arbeidet med mekanismen skjer" in paragraphs[0]
    assert "i Menneskerettighetsrådet i Genève og under FNs generalforsamling i New York." in narrative
    assert paragraphs[-1].startswith("Den internasjonale organisasjon for migrasjon, IOM, har vært UDs største")


def test_letters_restored_in_running_text(measures):
    assert "Det skal gjennomføres mer målrettede finansielle etterforskninger." in measures["30"]["plan_text"]
    assert "Departementet tar sikte på å lyse ut prosjektet i løpet av 2012." in measures["28"]["status_text"]
    assert "Juridiske og praktiske hindringer skal søkes avklart." in measures["35"]["plan_text"]


def test_links_are_kept(measures):
    assert measures["1"]["links"] == ["http://www.norad.no/no/resultater/publikasjoner/evalueringer/publikasjon?key=259795"]
    assert measures["16"]["links"] == ["http://www.bymisjon.no/PageFiles/15016/Evalueringsrapport_Lauras_hus+vedlegg.pdf"]
    assert measures["29"]["links"] == [
        "https://www.politi.no/oslo/strategier_og_analyser/statistikker_og_analyser/Tema_938.xhtml"]


@pytest.mark.django_db
def test_loaded_into_the_register(builtin_plan):
    assert builtin_plan.measures.count() == 35
    assert builtin_plan.coordinator.name == "Justis- og beredskapsdepartementet"
    entries = StatusEntry.objects.filter(round__plan=builtin_plan).select_related("status", "measure")
    assert {e.measure.number: e.status.text for e in entries} == SECTION_STATUS
    lauras_hus = Measure.objects.get(plan=builtin_plan, number="16")
    assert lauras_hus.responsible_abbreviations() == ["BLD", "JD", "AD", "HOD"]
    note = DataQualityNote.objects.get(round__plan=builtin_plan, code="status_mismatch")
    assert note.measure.number == "10"
    assert "Under gjennomføring" in note.message
