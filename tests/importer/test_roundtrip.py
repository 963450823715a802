"""Report JSON written by tiltak comes back in through the importer with nothing lost."""

import pytest

from tiltak.importer.api import ImportFailure, parse_bytes
from tiltak.importer.document import ParsedReport
from tiltak.plans import selectors
from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.builtin import builtin_document
from tiltak.plans.models import Plan
from tiltak.reports.data import build_report
from tiltak.reports.renderers.json import as_document, render


def test_the_builtin_document_reads_back_unchanged():
    document = builtin_document()
    assert ParsedReport.from_json(document).to_json() == document


@pytest.mark.django_db
def test_a_generated_report_imports_as_a_copy_of_its_plan(builtin_plan):
    the_round = selectors.latest_published_round(builtin_plan)
    parsed = parse_bytes(render(build_report(builtin_plan, the_round)), name="rapport.json")
    result = import_report(acting_user=SYSTEM, document=parsed.to_json(), plan_slug="kopi")
    copy = Plan.objects.select_related("scale", "coordinator").get(slug="kopi")
    assert result.round.slug == the_round.slug and result.round.label == the_round.label
    assert (copy.title, copy.title_en, copy.coordinator.abbreviation) == (
        builtin_plan.title, builtin_plan.title_en, "JD")
    original = as_document(build_report(builtin_plan, the_round))
    copied = as_document(build_report(copy, selectors.latest_published_round(copy)))
    assert copied["measures"] == original["measures"]
    assert copied["report"] == original["report"]


def test_report_json_of_the_wrong_shape_is_a_one_line_failure():
    with pytest.raises(ImportFailure, match=r"not of the form tiltak\.report/1"):
        parse_bytes(b'{"format": "tiltak.report/1", "measures": [{"title": "uten nummer"}]}', name="x.json")
