"""XLSX: a sheet per round and one with all rounds; header frozen; statuses coloured."""

import io

import pytest
from openpyxl import load_workbook

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Plan
from tiltak.reports.data import build_report
from tiltak.reports.renderers import xlsx

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
