"""XLSX: a sheet per round and one with all rounds; header frozen; statuses coloured."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils.exceptions import IllegalCharacterError

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.models import Plan, StatusEntry
from tiltak.reports.data import build_report
from tiltak.reports.renderers import sheetrows, xlsx

from ..plans.documents import document

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workbook(later_report):
    return load_workbook(io.BytesIO(xlsx.render(later_report, lang="nb")))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_sheet_per_round_and_one_with_all(workbook):
    assert workbook.sheetnames == ["2012-02", "2012-09", "Alle runder"]
    assert workbook.active.title == "2012-09"  # the report's own round opens first
    assert workbook["2012-02"].max_row == 36
    assert workbook["Alle runder"].max_row == 71


def test_rows_hold_the_register(workbook, reports):
    for sheet, register in (("2012-02", reports["register"]), ("2012-09", reports["register_later"])):
        rows = values(workbook[sheet])
        header = rows[0]
        assert header[:4] == ["Runde", "Status per", "Nr.", "Tiltak"]
        got = [dict(zip(header, row, strict=True)) for row in rows[1:]]
        assert [(r["Nr."], r["Tiltak"], r["Status"], r["Beskrivelse"]) for r in got] == [
            (e["number"], e["title"], e["status"], e["narrative"]) for e in register]


def test_header_frozen_and_statuses_coloured(workbook, later_report):
    sheet = workbook["2012-09"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    status_column = [c.value for c in sheet[1]].index("Status") + 1
    fills = ["#" + sheet.cell(row=r, column=status_column).fill.fgColor.rgb[-6:].lower() for r in range(2, 37)]
    assert fills == [m.grade.colour.lower() for m in later_report.measures]
    assert workbook["Alle runder"].freeze_panes == "A2"


def test_english_sheet_names_and_header(first_report):
    workbook = load_workbook(io.BytesIO(xlsx.render(first_report, lang="en")))
    assert workbook.sheetnames == ["2012-02", "All rounds"]
    assert workbook["2012-02"]["D1"].value == "Measure"


def test_formula_text_is_stored_as_text():
    doc = document()
    doc["measures"][0]["title"] = "=1+1"
    import_report(acting_user=SYSTEM, document=doc)
    plan = Plan.objects.get(slug="testplan")
    sheet = load_workbook(io.BytesIO(xlsx.render(build_report(plan, plan.rounds.get()), lang="nb"))).active
    assert sheet["D2"].value == "=1+1" and sheet["D2"].data_type == "s"


def test_a_many_round_plan_has_every_row_in_a_few_queries(builtin_plan, client, django_assert_max_num_queries):
    """30 published rounds: a sheet per round in date order with one row per measure as the register has it,
    the all-rounds sheet holding all of them in the same order, and a download whose query count does not
    depend on the number of rounds."""
    create_demo_data(plans=1, measures=4, rounds=30)
    plan = Plan.objects.get(slug="demo-0001")
    rounds = list(plan.rounds.order_by("as_of"))
    assert len(rounds) == 30
    with django_assert_max_num_queries(8):
        response = client.get(f"/rapport/{plan.slug}/{rounds[-1].slug}/rapport.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [r.slug for r in rounds] + ["Alle runder"]
    assert book.active.title == rounds[-1].slug
    expected = {
        r.slug: [(e.measure.number, e.status.text, e.narrative) for e in StatusEntry.objects.filter(round=r)
                 .select_related("measure", "status").order_by("measure__sort_key")]
        for r in rounds
    }
    every = []
    for r in rounds:
        header, *rows = values(book[r.slug])
        number, status, narrative = (header.index(name) for name in ("Nr.", "Status", "Beskrivelse"))
        assert {row[0] for row in rows} == {r.slug}
        assert [(row[number], row[status], row[narrative]) for row in rows] == expected[r.slug]
        every += rows
    header, *all_rows = values(book["Alle runder"])
    assert len(all_rows) == 30 * 4
    assert all_rows == every
    assert book["Alle runder"].auto_filter.ref == f"A1:K{30 * 4 + 1}"


# Text the fast row writer must write exactly as openpyxl does: beyond ASCII (astral too), markup characters,
# spaces at the ends, line breaks of both kinds, a formula and an error code as text, the empty text, too long a text.
TRICKY_TEXTS = ["vanlig tekst", "æøå ÆØÅ – «sitat» ☃ 😀", 'a & b < c > d "q" \'a\'', " foran", "bak ", "linje\nskift",
                "cr\r\nlf", "=1+1", "#N/A", "", "tab\tinni", "x" * 40_000, None]


def _openpyxl_sheet_data(values: list, style_ids: list[int] | None = None) -> tuple[bytes, list[int]]:
    """What openpyxl itself writes for one row of styled text cells: the sheet's <sheetData> content."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    cells, ids = [], []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.alignment = Alignment(vertical="top", wrap_text=index % 2 == 0)
        if index % 3 == 0:
            cell.fill = PatternFill("solid", fgColor="2E7D32")
        ids.append(cell.style_id)
        cells.append(cell)
    sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    return xml.split(b"<sheetData>")[1].split(b"</sheetData>")[0], ids


def test_rows_are_written_byte_for_byte_as_openpyxl_writes_them():
    expected, style_ids = _openpyxl_sheet_data(TRICKY_TEXTS)
    assert b"".join(sheetrows.rows_xml([(TRICKY_TEXTS, style_ids)], first_row=1)) == expected
    # Rows numbered on, in chunks that join to the same text.
    two = b"".join(sheetrows.rows_xml([(["a"], [0]), (["b"], [0])], first_row=7))
    assert two == b'<row r="7"><c r="A7" s="0" t="inlineStr"><is><t>a</t></is></c></row>' \
                  b'<row r="8"><c r="A8" s="0" t="inlineStr"><is><t>b</t></is></c></row>'


def test_control_characters_are_refused_as_openpyxl_refuses_them():
    with pytest.raises(IllegalCharacterError):
        _openpyxl_sheet_data(["bell\x07"])
    with pytest.raises(IllegalCharacterError):
        b"".join(sheetrows.rows_xml([(["bell\x07"], [0])], first_row=1))
