"""The open-data page, the whole-history downloads, the feeds and the accessibility statement."""

import json
import xml.etree.ElementTree as ET

import pytest

from tests.portal.conftest import CORRECTION_REASON, SECRET

pytestmark = pytest.mark.django_db
PLAN = "/plan/menneskehandel-2011-2014/"
ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - tiltak's own feed, built from test data


def test_the_open_data_page_links_every_round_and_the_history(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = client.get("/apne-data/").content.decode()
    for fmt in ("csv", "json", "xlsx"):
        assert f'href="/rapport/menneskehandel-2011-2014/2012-02/rapport.{fmt}"' in html
        assert f'href="/rapport/menneskehandel-2011-2014/2013-02/rapport.{fmt}"' in html
        assert f'href="{PLAN}data/historikk.{fmt}"' in html
    assert "2014-02" not in html
    assert "tiltak.history/1" in html and "Norsk lisens for offentlige data (NLOD) 2.0" in html
    english = client.get("/en/apne-data/").content.decode()
    assert "Open data" in english and f'href="/en{PLAN}data/historikk.csv"' in english


def test_the_history_json_holds_every_published_round(client, history):
    response = client.get(f"{PLAN}data/historikk.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["format"] == "tiltak.history/1" and data["licence"].startswith("Norsk lisens")
    assert [r["slug"] for r in data["rounds"]] == ["2012-02", "2013-02"]
    assert len(data["measures"]) == 35
    first = data["measures"][0]
    assert [h["round"] for h in first["history"]] == ["2012-02", "2013-02"]
    assert first["history"][1]["narrative"].startswith("Samarbeidet med Europarådet")
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_history_tables(client, history, fmt):
    response = client.get(f"{PLAN}data/historikk.{fmt}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'historikk.{fmt}"')
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.count("2012-02,") >= 35 and text.count("2013-02,") >= 35 and SECRET not in text
    english = client.get(f"/en{PLAN}data/historikk.{fmt}")
    assert english["Content-Disposition"].endswith(f'historikk-en.{fmt}"')


def test_unknown_history_format_or_plan_is_404(client, history):
    assert client.get(f"{PLAN}data/historikk.exe").status_code == 404
    assert client.get("/plan/nosuch/data/historikk.json").status_code == 404


def test_the_rounds_feed(client, history):
    response = client.get(f"{PLAN}runder.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = parsed(response)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Status per februar 2013", "Status per februar 2012"]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links[0].endswith(f"{PLAN}runde/2013-02/")
    english = parsed(client.get(f"/en{PLAN}runder.atom"))
    assert next(e.findtext(f"{ATOM}title") for e in english.iter(f"{ATOM}entry")) == "Status as of February 2013"


def test_the_corrections_feed(client, history):
    feed = parsed(client.get(f"{PLAN}rettelser.atom"))
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}title") == "Tiltak 2 rettet i Status per februar 2013"
    assert CORRECTION_REASON in entries[0].findtext(f"{ATOM}summary")
    assert client.get("/plan/nosuch/rettelser.atom").status_code == 404


HOSTILE = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'


def test_a_hostile_label_or_reason_is_text_in_the_feed_reader_too(client, history):
    """Issue 20: a round's label and a correction's reason went into <summary type="html"> escaped once, so a feed
    reader (which un-escapes the XML, then reads HTML) ran the <img onerror=…>."""
    from tiltak.plans.models import Round, StatusEntryVersion

    Round.objects.filter(plan=history, slug="2013-02").update(label=HOSTILE)
    StatusEntryVersion.objects.published_corrections().filter(entry__round__plan=history).update(
        comment=HOSTILE + "\nandre linje")
    for feed_path in ("runder.atom", "rettelser.atom"):
        entry = next(parsed(client.get(f"{PLAN}{feed_path}")).iter(f"{ATOM}entry"))
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        html = summary.text  # the HTML a feed reader renders, once the XML is read
        assert "<img" not in html and "<script" not in html and "onerror=" in html, html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;script&gt;" in html
    assert "<br>andre linje" in html  # the reason's line break, kept as HTML
    title = next(parsed(client.get(f"{PLAN}runder.atom")).iter(f"{ATOM}entry")).findtext(f"{ATOM}title")
    assert title == HOSTILE  # plain text: escaped once by the XML, shown as typed


def test_the_accessibility_statement(client, db):
    html = client.get("/tilgjengelighet/").content.decode()
    assert "Tilgjengelighetserklæring" in html and "WCAG 2.1" in html
    assert "Accessibility statement" in client.get("/en/tilgjengelighet/").content.decode()
