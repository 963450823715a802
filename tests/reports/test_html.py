"""HTML: a standalone file with inline CSS that holds the register, escapes what people wrote, and says it in
English with --lang en."""

import re
from html.parser import HTMLParser

import pytest

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.models import Plan, StatusEntry
from tiltak.reports.data import build_report
from tiltak.reports.renderers import html

from ..plans.documents import document
from .checks import assert_holds_register, flat, html_text

# The module-wide fixtures need the test database, even where a test itself reads no row.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def page(first_report):
    return html.render(first_report, lang="nb").decode("utf-8")


class Structure(HTMLParser):
    """The overview rows and the sections, to compare them."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.rows: list[list[str]] = []
        self.sections: list[dict] = []
        self.in_overview = False
        self.current = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "overview-table" in (attrs.get("class") or ""):
            self.in_overview = True
        if self.in_overview and tag == "tr":
            self.rows.append([])
        if self.in_overview and tag == "td":
            self.rows[-1].append("")
        if tag == "article":
            self.sections.append({"heading": ""})
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_overview = False
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.in_overview and "td" in self.stack:
            self.rows[-1][-1] += data
        elif self.sections and "h3" in self.stack:
            self.sections[-1]["heading"] += data


def test_the_page_holds_the_register(page, reports):
    assert_holds_register(html_text(page), reports["register"], reports["grades"])
    assert page.startswith("<!doctype html>") and '<html lang="nb">' in page
    assert "<link" not in page  # standalone: the CSS is inline
    assert "<style>" in page and "font-family" in page


def test_the_overview_and_the_sections_agree_for_every_measure(page, reports):
    parsed = Structure()
    parsed.feed(page)
    rows = [[flat(cell) for cell in row] for row in parsed.rows if row]
    assert len(rows) == 35
    headings = [flat(s["heading"]) for s in parsed.sections]
    assert headings == [f"{n} {title} {responsible}" for n, title, responsible, _ in rows]
    statuses = re.findall(r'<p class="status-line"><strong>Status:</strong> ([^<]+)</p>', page)
    assert statuses == [status for *_, status in rows] == [r["status"] for r in reports["register"]]


def test_section_headings_plan_text_and_links(page, reports):
    first = reports["register"][0]
    assert f"<h3>1 {first['title']} (UD,JD,BLD)</h3>" in page
    assert '<div class="plan-text"><p>Norge vil søke å styrke' in page  # set apart, italic in the CSS
    urls = [url for r in reports["register"] for url in r["links"]]
    for url in urls:
        assert f'<a href="{url}">' in page.replace("&amp;", "&")


def test_the_chart_is_an_svg_image_with_the_counts_as_alt_text(page):
    match = re.search(r'<img class="chart" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)">', page)
    assert match, "the chart is missing"
    assert match.group(1) == ("Stolpediagram over statusfordelingen: Gjennomført: 3 tiltak; Løpende/under "
                              "gjennomføring: 24 tiltak; Under forberedelse: 7 tiltak; Ikke igangsatt: 1 tiltak.")


def test_the_first_round_has_no_changes_section_and_the_later_one_has(page, later_report):
    assert "Endringer siden forrige rapport" not in page
    later = html_text(html.render(later_report, lang="nb").decode())
    assert "Endringer siden forrige rapport" in later
    assert "Sammenlignet med Status per februar 2012." in flat(later)
    assert "Oppsummering per departement" in later


def test_english_labels_legend_and_statuses(reports, first_report):
    page = html.render(first_report, lang="en").decode()
    text = html_text(page)
    assert '<html lang="en">' in page
    assert_holds_register(text, reports["register"], reports["grades"], lang="en")
    for heading in ("Overview of measures", "Status scale", "Status of each measure", "Summary by ministry",
                    "Status report for the Government's Action Plan against Human Trafficking (2011–2014)",
                    "Status as of February 2012"):
        assert heading in text
    for norwegian in ("Skjematisk tiltaksoversikt", "Statusinndeling", "Ansvar", "Ikke igangsatt"):
        assert norwegian not in text
    # Narratives stay as written.
    assert reports["register"][0]["narrative"].split("\n")[0][:60] in text


@pytest.mark.django_db
def test_text_people_wrote_is_escaped_and_only_web_links_are_links():
    doc = document()
    doc["measures"][0].update(title='<script>alert("x")</script> & «tiltak»', links=["https://example.org/?a=1&b=2"])
    doc["measures"][0]["status_text"] = "<b>fet</b>\n\nAndre avsnitt"
    import_report(acting_user=SYSTEM, document=doc)
    plan = Plan.objects.get(slug="testplan")
    # Every way in refuses a javascript: link now; one stored before that is still never made clickable.
    StatusEntry.objects.filter(measure__plan=plan, measure__number=doc["measures"][0]["number"]).update(
        links=["javascript:alert(1)", "https://example.org/?a=1&b=2"])
    page = html.render(build_report(plan, plan.rounds.get()), lang="nb").decode()
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «tiltak»" in page
    assert "<b>fet</b>" not in page and "<p>&lt;b&gt;fet&lt;/b&gt;</p>" in page
    assert 'href="javascript:' not in page and "<li>javascript:alert(1)</li>" in page
    assert '<a href="https://example.org/?a=1&amp;b=2">' in page
