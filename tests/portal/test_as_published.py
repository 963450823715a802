"""Every public page shows a round's measures as the round published them (tiltak.plans.selectors): after the
register changed a measure's number, title, plan text and responsible ministries, and after an older round was
imported, the ministry page, the search (by the old title too), the corrections feed and the open data keep each
round's own texts; a round published after the change shows the new ones. Through the page cache, as a visitor
gets the pages."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests.cast import all_approved, make_user
from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, import_report, open_round, publish_round, register, update_entry
from tiltak.plans.models import Role, StatusEntry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
OLD_TITLE, NEW_TITLE = "Øke innsatsen", "Forsterke arbeidet mot utnytting"
REASON = "Feil status ble publisert"


@pytest.fixture
def coordinator(db):
    return make_user("koordinator", Role.Kind.COORDINATOR)


@pytest.fixture
def changed(coordinator):
    """The test plan's published 2021 round with a correction of measure 10; then measure 10 (JD) renamed, given a
    plan text, handed to BLD and renumbered 11 in the register."""
    plan = import_report(acting_user=SYSTEM, document=document()).plan
    entry = StatusEntry.objects.for_work().get(round__slug="2021-03", measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative=entry.narrative + " Rettet.",
                 expected_version=entry.version, acting_user=coordinator, reason=REASON)
    measure = plan.measures.get(number="10")
    register.edit_measure(measure=measure, title=NEW_TITLE, plan_text="Ny plantekst om utnytting.",
                          responsible=["BLD"], acting_user=coordinator)
    register.renumber_measure(measure=measure, number="11", acting_user=coordinator)
    return plan


def _publish_2022(plan, coordinator):
    """A round opened after the change and published: it has the register's new texts."""
    the_round = open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                           deadline=None, acting_user=coordinator)
    all_approved(the_round, coordinator)
    return publish_round(the_round=the_round, acting_user=coordinator)


def _rows(html: str) -> list[str]:
    return [row.split("</tr>", 1)[0] for row in html.split("<tr>")[1:]]


def _row_of(html: str, href: str) -> str:
    found = [row for row in _rows(html) if href in row]
    assert len(found) == 1, found
    return found[0]


def test_the_ministry_page_shows_the_latest_round_as_published_and_changes_when_a_round_is(
        client, changed, coordinator, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        jd = client.get("/departement/JD/").content.decode()
    # Measure 11 now, published as 10, «Øke innsatsen», led by JD: JD's row, at the measure's address now.
    row = _row_of(jd, 'href="/plan/testplan/tiltak/11/"')
    assert '<td class="site-num">10</td>' in row and f">{OLD_TITLE}</a>" in row
    assert 'href="/departement/JD/">JD</a>' in row and "BLD" not in row
    assert NEW_TITLE not in jd and "Hovedansvarlig for 1 tiltak, medansvarlig for 1 tiltak." in jd
    # BLD answered for nothing in the 2021 round.
    bld = client.get("/departement/BLD/").content.decode()
    assert "/plan/testplan/tiltak/11/" not in bld and "Departementet har ikke ansvar for noe tiltak." in bld
    assert client.get("/departement/BLD/").content.decode() == bld  # served from the page cache

    _publish_2022(changed, coordinator)
    bld = client.get("/departement/BLD/").content.decode()
    row = _row_of(bld, 'href="/plan/testplan/tiltak/11/"')
    assert '<td class="site-num">11</td>' in row and f">{NEW_TITLE}</a>" in row and "Hovedansvarlig for 1" in bld
    jd = client.get("/departement/JD/").content.decode()
    assert "/plan/testplan/tiltak/11/" not in jd and "Hovedansvarlig for 0 tiltak, medansvarlig for 1" in jd


def test_the_ministry_page_in_english_keeps_the_rounds_texts(client, changed):
    html = client.get("/en/departement/JD/").content.decode()
    row = _row_of(html, 'href="/en/plan/testplan/tiltak/11/"')
    assert '<td class="site-num">10</td>' in row and OLD_TITLE in row and NEW_TITLE not in html


def test_a_measure_added_since_the_latest_round_is_listed_as_the_register_has_it(client, changed, coordinator):
    register.add_measure(plan=changed, number="12", title="Et nytt tiltak", responsible=["BLD"],
                         acting_user=coordinator)
    row = _row_of(client.get("/departement/BLD/").content.decode(), 'href="/plan/testplan/tiltak/12/"')
    assert "Et nytt tiltak" in row and "Ikke rapportert" in row


def _hits(client, query: str, lang: str = "") -> list[str]:
    html = client.get(f"{lang}/sok/", {"q": query}).content.decode()
    results = html.split('<ol class="site-results">', 1)[1].split("</ol>", 1)[0] if "site-results" in html else ""
    return [item.split("</li>", 1)[0] for item in results.split("<li>")[1:]]


def test_search_finds_and_shows_each_round_with_its_own_texts(client, changed, coordinator):
    # The old title finds the 2021 round's entry, shown as it published it; the new title no published round.
    [hit] = _hits(client, "innsatsen")
    assert 'href="/plan/testplan/tiltak/11/"' in hit and "10 <span" in hit and "<mark>innsatsen</mark>" in hit
    assert "Status per mars 2021" in hit and NEW_TITLE not in hit
    assert _hits(client, "utnytting") == []

    _publish_2022(changed, coordinator)
    [hit] = _hits(client, "utnytting")  # the new title and plan text: the 2022 round
    assert "11 <span" in hit and "Status per mars 2022" in hit and "2021" not in hit
    [hit] = _hits(client, "innsatsen")  # the old title: still the 2021 round, shown as it was
    assert "10 <span" in hit and "Status per mars 2021" in hit and "<mark>innsatsen</mark>" in hit
    [english] = _hits(client, "innsatsen", "/en")
    assert 'href="/en/plan/testplan/tiltak/11/"' in english and "10 <span" in english


def test_the_static_search_index_holds_the_titles_rounds_published(client, changed):
    body = client.get("/sok/indeks.js").content.decode()
    index = json.loads(body.split("=", 1)[1].rstrip().rstrip(";"))
    item = next(i for i in index["items"] if i["n"] == "11")
    assert item["t"] == NEW_TITLE and OLD_TITLE in item["o"]


def test_the_corrections_feed_names_the_measure_as_the_corrected_round_published_it(client, changed):
    feed = ET.fromstring(client.get("/plan/testplan/rettelser.atom").content)  # noqa: S314 - our own feed
    [entry] = feed.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Tiltak 10 rettet i Status per mars 2021"
    assert "/plan/testplan/tiltak/11/#rettelse-" in entry.find(f"{ATOM}link").get("href")
    english = ET.fromstring(client.get("/en/plan/testplan/rettelser.atom").content)  # noqa: S314
    assert next(english.iter(f"{ATOM}entry")).findtext(f"{ATOM}title").startswith("Measure 10 ")


def test_the_open_data_keeps_each_rounds_texts(client, changed, coordinator):
    _publish_2022(changed, coordinator)
    data = json.loads(client.get("/plan/testplan/data/historikk.json").content)
    measure = next(m for m in data["measures"] if m["number"] == "11")
    by_round = {h["round"]: h for h in measure["history"]}
    assert (by_round["2021-03"]["number"], by_round["2021-03"]["title"], by_round["2021-03"]["responsible"],
            by_round["2021-03"]["plan_text"]) == ("10", OLD_TITLE, ["JD"], "")
    assert (by_round["2022-03"]["number"], by_round["2022-03"]["title"], by_round["2022-03"]["responsible"]) == (
        "11", NEW_TITLE, ["BLD"])
    csv_text = client.get("/plan/testplan/data/historikk.csv").content.decode("utf-8-sig")
    rows = {(r["Runde"], r["Nr."]): r for r in csv.DictReader(io.StringIO(csv_text))}
    assert (rows["2021-03", "10"]["Tiltak"], rows["2021-03", "10"]["Ansvar"]) == (OLD_TITLE, "JD")
    assert (rows["2022-03", "11"]["Tiltak"], rows["2022-03", "11"]["Ansvar"]) == (NEW_TITLE, "BLD")


def test_an_older_round_imported_is_found_and_shown_with_its_own_texts(client, db):
    plan = import_report(acting_user=SYSTEM, document=document()).plan
    older = document()
    older["report"].update(slug="2020-03", as_of="2020-03", title="", introduction="")
    older["measures"][0].update(title="Samarbeid i startfasen", responsible=["JD"], status_text="Det begynte.")
    older["warnings"] = []
    import_report(acting_user=SYSTEM, document=older)
    measure = plan.measures.get(number="2")
    assert measure.title == "Styrke samarbeidet"  # the 2021 round is the newest word

    [hit] = _hits(client, "startfasen")
    assert "Samarbeid i <mark>startfasen</mark>" in hit and "Status per mars 2020" in hit
    [hit] = _hits(client, "styrke")
    assert "<mark>Styrke</mark> samarbeidet" in hit and "Status per mars 2021" in hit
    # The ministry page reports the latest round: the register's texts, UD leading measure 2.
    ud = client.get("/departement/UD/").content.decode()
    assert "Styrke samarbeidet" in _row_of(ud, 'href="/plan/testplan/tiltak/2/"') and "startfasen" not in ud
    data = json.loads(client.get("/plan/testplan/data/historikk.json").content)
    by_round = {h["round"]: h for h in data["measures"][0]["history"]}
    assert (by_round["2020-03"]["title"], by_round["2020-03"]["responsible"]) == ("Samarbeid i startfasen", ["JD"])
    assert by_round["2021-03"]["title"] == "Styrke samarbeidet"


def test_a_measure_renumbered_since_keeps_its_place_on_the_ministry_page(client, builtin_plan, coordinator):
    register.renumber_measure(measure=builtin_plan.measures.get(number="1"), number="36", acting_user=coordinator)
    html = client.get("/departement/UD/").content.decode()
    lead = html.split("Tiltak departementet har hovedansvar for", 1)[1].split("</table>", 1)[0]
    rows = [row for row in _rows(lead) if '<td class="site-num">' in row]
    numbers = [row.split('<td class="site-num">', 1)[1].split("<", 1)[0] for row in rows]
    assert numbers == ["1", "2", "3", "7", "8", "9"]
    assert 'href="/plan/menneskehandel-2011-2014/tiltak/36/"' in rows[0]
