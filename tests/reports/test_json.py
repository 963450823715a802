"""Report JSON: the register as `tiltak.report/1`, which `tiltak import` reads back."""

import json

import pytest

from tiltak.reports.renderers import json as json_renderer

pytestmark = pytest.mark.django_db


def test_the_document_holds_the_register(first_report, reports):
    doc = json.loads(json_renderer.render(first_report, lang="nb"))
    assert doc["format"] == "tiltak.report/1"
    assert doc["report"]["status_scale"] == [name for name, _ in reports["grades"]]
    assert [(m["number"], m["title"], m["responsible"], m["status"], m["status_text"]) for m in doc["measures"]] == [
        (r["number"], r["title"], r["responsible"], r["status"], r["narrative"]) for r in reports["register"]]
    assert all(m["status_overview"] == m["status"] for m in doc["measures"])
