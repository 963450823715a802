"""Report JSON's one definition (tiltak.lib.report_format): what it lets through, in normal form, and the
one-line refusals."""

import copy
import json

import pytest

from tests.plans.documents import document
from tiltak.lib import report_format
from tiltak.lib.report_format import ReportFormatError, check


def test_a_good_document_passes_and_comes_back_in_normal_form():
    doc = document()
    doc["measures"][0]["status_text"] = "Første\r\nlinje  \r\n\r\nAndre a\u030avsnitt\x0b"
    doc["measures"][0]["number"] = 2
    checked = check(doc)
    assert checked["measures"][0]["status_text"] == "Første\nlinje\n\nAndre åvsnitt"
    assert checked["measures"][0]["number"] == "2"
    assert check(checked) == checked


def test_written_and_read_by_the_same_definition():
    doc = check(document())
    again = report_format.document(plan=doc["plan"], report=doc["report"], measures=doc["measures"],
                                   warnings=doc["warnings"])
    assert check(again) == doc


def _with(path: str, value):
    doc = copy.deepcopy(document())
    target = doc
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("plan.slug", "plan-æ", "plan.slug: 'plan-æ' is not a slug"),
        ("report.slug", "2022/03", "report.slug: '2022/03' is not a slug"),
        ("measures.0.number", "9/9", "measures[0].number: '9/9' is not a measure number"),
        ("measures.0.links", ["javascript:alert(1)"], "measures[0].links[0]: 'javascript:alert(1)' is not an http"),
        ("measures.0.status_text", "x" * 4_000_000, "measures[0].status_text: is 4 000 000 characters long"),
        ("measures.0.status_text", "a\x00b", "measures[0].status_text: contains a NUL"),
        ("measures.0.plan_text", "a\ud800b", "measures[0].plan_text: contains a lone surrogate"),
        ("measures.0.title", 42, "measures[0].title: must be text, not a number"),
        ("measures.0.title", "", "measures[0].title: is empty"),
        ("plan.title", {"nested": [[[]]]}, "plan.title: must be text, not an object"),
        ("report.label", "Status\r\nBcc: x@example.org", "report.label: must be one line"),
        ("measures.0.responsible", ["JD", "JD"], "a ministry is named twice"),
        ("measures.0.links", ["https://a.no/"] * 21, "holds 21 items; at most 20"),
        ("plan.period", ["2020", "toåtti"], "plan.period[1]: 'toåtti' is not a year"),
        ("measures", [], "holds no measures"),
        ("format", "tiltak.report/2", "not a report document"),
    ],
)
def test_a_bad_value_is_one_line_saying_where(path, value, words):
    with pytest.raises(ReportFormatError) as caught:
        check(_with(path, value))
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert len(str(caught.value)) < 300


def test_deeply_nested_json_is_a_one_line_error():
    with pytest.raises(ReportFormatError, match="nested too deeply"):
        report_format.loads("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReportFormatError, match="not valid JSON"):
        report_format.loads('{"format": ')
    assert report_format.loads(json.dumps(document()))["format"] == "tiltak.report/1"
