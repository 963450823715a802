"""CSV: one row per measure and round, UTF-8 with a BOM."""

import csv
import io

import pytest

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Plan
from tiltak.reports.data import build_report
from tiltak.reports.renderers import csv as csv_renderer

from ..plans.documents import document

pytestmark = pytest.mark.django_db


def read(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_measure_and_round(later_report, reports):
    rows = read(csv_renderer.render(later_report, lang="nb"))
    assert len(rows) == 70
    assert [r["Runde"] for r in rows] == ["2012-02"] * 35 + ["2012-09"] * 35
    for row, entry in zip(rows, reports["register"] + reports["register_later"], strict=True):
        assert (row["Nr."], row["Tiltak"], row["Status"], row["Statusgrad"], row["Beskrivelse"]) == (
            entry["number"], entry["title"], entry["status"], entry["grade"], entry["narrative"])
        assert row["Ansvar"] == ",".join(entry["responsible"])
        assert row["Hovedansvarlig"] == entry["responsible"][0]
    assert rows[0]["Status per"] == "2012-02-01"


def test_english_header(first_report):
    rows = read(csv_renderer.render(first_report, lang="en"))
    assert list(rows[0])[:4] == ["Round", "Status as of", "No.", "Measure"]
    assert rows[0]["Status"] == "Being implemented"


def test_text_that_looks_like_a_formula_stays_text():
    doc = document()
    doc["measures"][0]["title"] = "=HYPERLINK(\"http://x\")"
    import_report(acting_user=SYSTEM, document=doc)
    plan = Plan.objects.get(slug="testplan")
    rows = read(csv_renderer.render(build_report(plan, plan.rounds.get()), lang="nb"))
    assert rows[0]["Tiltak"] == "'=HYPERLINK(\"http://x\")"
