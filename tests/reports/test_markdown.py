"""Markdown: holds the register, and stays text when a wiki renders it."""

import re

import markdown as markdown_lib
import pytest

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Plan
from tiltak.reports.data import build_report
from tiltak.reports.renderers import markdown

from ..plans.documents import document
from .checks import assert_holds_register

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def text(first_report):
    return markdown.render(first_report, lang="nb").decode("utf-8")


def test_the_text_holds_the_register(text, reports):
    assert_holds_register(text, reports["register"], reports["grades"])
    assert text.startswith("# Statusrapportering for regjeringens handlingsplan mot menneskehandel\n")


def test_the_overview_table_and_the_sections_agree(text, reports):
    lines = text.splitlines()
    start = lines.index("## Skjematisk tiltaksoversikt")
    rows = [line.strip("|").split(" | ") for line in lines[start + 4:start + 39]]
    assert len(rows) == 35
    headings = [line.removeprefix("### ") for line in lines if line.startswith("### ")]
    assert headings == [f"{n.strip()} {title} {responsible}" for n, title, responsible, _ in rows]
    statuses = [line.removeprefix("**Status: ").removesuffix("**") for line in lines if line.startswith("**Status:")]
    assert statuses == [s.strip() for *_, s in rows] == [r["status"] for r in reports["register"]]


def test_links_are_autolinks(text, reports):
    for url in (url for r in reports["register"] for url in r["links"]):
        assert f"- <{url}>" in text


def test_markup_in_text_people_wrote_stays_text():
    doc = document()
    doc["measures"][0].update(title="<img src=x onerror=alert(1)> *viktig* [lenke](javascript:x) | rør")
    doc["measures"][0]["status_text"] = "# Ikke en overskrift\n\n1. ikke en liste"
    import_report(acting_user=SYSTEM, document=doc)
    plan = Plan.objects.get(slug="testplan")
    text = markdown.render(build_report(plan, plan.rounds.get()), lang="nb").decode()
    html = markdown_lib.markdown(text, extensions=["tables"])
    assert "<img" not in html and "<em>viktig</em>" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt; *viktig* [lenke](javascript:x) | rør" in html
    # A narrative's own Markdown subset (lists, emphasis, links) is kept (issue 10); a heading is not in it.
    assert "<h1>Ikke en overskrift</h1>" not in html
    assert re.search(r"<ol>\s*<li>\s*(<p>)?ikke en liste", html)
    # The table keeps four columns although the title holds a «|».
    row = next(line for line in text.splitlines() if line.startswith("| 2 |"))
    assert row.count(" | ") == 3


def test_english_headings(first_report):
    text = markdown.render(first_report, lang="en").decode()
    assert "## Overview of measures" in text and "| No. | Measure | Responsible | Status |" in text
    assert "Skjematisk" not in text
