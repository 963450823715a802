"""The work pages show each round's measures as the round has them (tiltak.plans.selectors.measure_as_published):
a published round as it published them, whatever the register says since; a round opened after a change the
register as it is now; a round opened before a change what it was opened with, as its preview and the report it
will publish do (the change applies from the next round on). Addresses keep the measure's number now."""

import datetime

import pytest

from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, import_report, open_round, register
from tiltak.reports.data import build_report

pytestmark = pytest.mark.django_db
OLD_TITLE, NEW_TITLE = "Øke innsatsen", "Forsterke arbeidet mot utnytting"
BASE = "/arbeid/plan/testplan/"


def _change_measure_10(plan, coordinator):
    measure = plan.measures.get(number="10")
    register.edit_measure(measure=measure, title=NEW_TITLE, plan_text="Ny plantekst om utnytting.",
                          responsible=["BLD"], acting_user=coordinator)
    register.renumber_measure(measure=measure, number="11", acting_user=coordinator)


def _open_2022(plan, coordinator):
    return open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                      deadline=None, acting_user=coordinator)


def _row(html: str, href: str) -> str:
    """The row of the table of every entry («Alle tiltak») that links ``href``."""
    table = html.split('id="entries"', 1)[1].split("</table>", 1)[0]
    found = [row.split("</tr>", 1)[0] for row in table.split("<tr>")[1:] if href in row]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_published_rounds_work_pages_show_its_measures_as_published(client, plan, coordinator, lang):
    _change_measure_10(plan, coordinator)
    _open_2022(plan, coordinator)  # opened after the change: the register as it is now
    client.force_login(coordinator)
    if lang == "en":
        client.cookies["django_language"] = "en"

    board = client.get(f"{BASE}2021-03/").content.decode()
    row = _row(board, f'href="{BASE}2021-03/tiltak/11/"')
    assert '<td class="web-card-number">10</td>' in row and f">{OLD_TITLE}</a>" in row
    assert ">JD</td>" in row and NEW_TITLE not in board
    # The data-quality note the import left on measure 10 names it as the round (its document) did.
    notes = board.split('id="notes"', 1)[1].split("</table>", 1)[0]
    assert f'href="{BASE}2021-03/tiltak/11/">10</a>' in notes
    entry = client.get(f"{BASE}2021-03/tiltak/11/").content.decode()
    assert f'10 <span lang="nb">{OLD_TITLE}</span> (JD)</h1>' in entry and NEW_TITLE not in entry
    assert "Ny plantekst om utnytting" not in entry
    history = client.get(f"{BASE}2021-03/tiltak/11/historikk/").content.decode()
    assert f'10 <span lang="nb">{OLD_TITLE}</span></h1>' in history

    board = client.get(f"{BASE}2022-03/").content.decode()
    row = _row(board, f'href="{BASE}2022-03/tiltak/11/"')
    assert '<td class="web-card-number">11</td>' in row and f">{NEW_TITLE}</a>" in row and ">BLD</td>" in row
    entry = client.get(f"{BASE}2022-03/tiltak/11/").content.decode()
    assert f'11 <span lang="nb">{NEW_TITLE}</span> (BLD)</h1>' in entry and "Ny plantekst om utnytting" in entry
    # The progress per ministry follows the round's own responsible ministries.
    assert "<td>BLD</td>" not in client.get(f"{BASE}2021-03/").content.decode().split('id="entries"', 1)[0]


def test_a_measure_renumbered_since_keeps_its_place_on_a_published_rounds_board(client, plan, coordinator):
    register.renumber_measure(measure=plan.measures.get(number="2"), number="12", acting_user=coordinator)
    client.force_login(coordinator)
    table = client.get(f"{BASE}2021-03/").content.decode().split('id="entries"', 1)[1].split("</table>", 1)[0]
    numbers = [row.split('<td class="web-card-number">', 1)[1].split("<", 1)[0]
               for row in table.split("<tr>")[1:] if "web-card-number" in row]
    assert numbers == ["2", "10"]
    assert f'href="{BASE}2021-03/tiltak/12/"' in table


def test_a_round_opened_before_a_change_keeps_what_it_opened_with(client, plan, coordinator):
    the_round = _open_2022(plan, coordinator)
    _change_measure_10(plan, coordinator)
    client.force_login(coordinator)
    row = _row(client.get(f"{BASE}2022-03/").content.decode(), f'href="{BASE}2022-03/tiltak/11/"')
    assert f">{OLD_TITLE}</a>" in row and '<td class="web-card-number">10</td>' in row
    # The report it will publish (its preview): the same.
    assert [(m.number, m.title) for m in build_report(plan, the_round).measures] == [
        ("2", "Styrke samarbeidet"), ("10", OLD_TITLE)]


def test_an_older_rounds_work_pages_show_the_texts_it_was_imported_with(client, plan, coordinator):
    older = document()
    older["report"].update(slug="2020-03", as_of="2020-03", title="", introduction="")
    older["measures"][0].update(title="Samarbeid i startfasen", responsible=["JD"])
    older["warnings"] = []
    import_report(acting_user=SYSTEM, document=older)
    client.force_login(coordinator)
    row = _row(client.get(f"{BASE}2020-03/").content.decode(), f'href="{BASE}2020-03/tiltak/2/"')
    assert ">Samarbeid i startfasen</a>" in row and ">JD</td>" in row
    row = _row(client.get(f"{BASE}2021-03/").content.decode(), f'href="{BASE}2021-03/tiltak/2/"')
    assert ">Styrke samarbeidet</a>" in row and ">UD, JD</td>" in row
