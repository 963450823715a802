"""Layouts people bring (tiltak/importer/flat_tables.py, tiltak/importer/html.py): tables copied from a browser
with tabs or one cell a line and group headings between the rows, contents run together in one paragraph, labels
and values in two columns, and a saved web page whose header, menus and footer are no part of the document."""

import io
import json

from django.core.management import call_command

from tiltak.importer.api import parse_bytes
from tiltak.importer.flat_tables import unflatten
from tiltak.importer.html import looks_like_html, read_html


def _rows(report) -> list[tuple]:
    return [(m.number, m.title, m.responsible, m.status) for m in report.measures]


def test_a_table_copied_with_tabs_and_a_group_heading_between_its_rows():
    text = ("Oversikt over tiltakene i handlingsplanen for likestilling 2018–2021\n\n"
            "Nr.\tTiltak\tAnsvarlig\tStatus\n"
            "1\tStyrke kunnskapen om likestilling\tKD\tGjennomført\n"
            "Likestilling i arbeidslivet\n"
            "2\tKartlegge lønnsforskjeller i staten\tKMD\tUnder forberedelse\n"
            "3\tEtablere en veiledningstjeneste\tBLD, AD\tIkke igangsatt\n")
    report = parse_bytes(text.encode(), name="tabs.txt")
    assert _rows(report) == [("1", "Styrke kunnskapen om likestilling", ["KD"], "Gjennomført"),
                             ("2", "Kartlegge lønnsforskjeller i staten", ["KMD"], "Under forberedelse"),
                             ("3", "Etablere en veiledningstjeneste", ["BLD", "ASD"], "Ikke igangsatt")]
    assert report.warnings == []


def test_a_tab_before_a_page_number_is_no_table():
    lines = ["Innhold", "Tiltak 1 Styrke kunnskapen (KD)\t5", "Tiltak 2 Kartlegge (KMD)\t6"]
    assert unflatten(lines) == lines


def test_contents_run_together_in_one_paragraph_are_one_entry_a_line():
    line = ("Tiltak 1 Styrke kunnskapen om likestilling i barnehagen (KD)... 5 Tiltak 2 Kartlegge lønnsforskjeller "
            "i staten (KMD)... 5 Tiltak 3 Etablere en nasjonal veiledningstjeneste (BLD, AD)... 6")
    assert unflatten(["Innhold", "", line]) == [
        "Innhold", "", "Tiltak 1 Styrke kunnskapen om likestilling i barnehagen (KD)... 5",
        "Tiltak 2 Kartlegge lønnsforskjeller i staten (KMD)... 5",
        "Tiltak 3 Etablere en nasjonal veiledningstjeneste (BLD, AD)... 6"]
    report = parse_bytes(f"Fremdriftsrapport for handlingsplan for likestilling 2018–2021\n\nInnhold\n\n{line}\n"
                         .encode(), name="innhold.txt")
    assert [(m.number, m.title, m.responsible) for m in report.measures] == [
        ("1", "Styrke kunnskapen om likestilling i barnehagen", ["KD"]),
        ("2", "Kartlegge lønnsforskjeller i staten", ["KMD"]),
        ("3", "Etablere en nasjonal veiledningstjeneste", ["BLD", "ASD"])]


def test_labels_in_one_column_and_their_values_in_the_next():
    assert unflatten(["Ansvarlig:", "Gjennomføring:", "JD, AD, BLD", "2014-2017", "STATUS:", "Arbeidet går."]) == [
        "Ansvarlig: JD, AD, BLD", "Gjennomføring: 2014-2017", "", "", "STATUS:", "Arbeidet går."]


PAGE = """<!doctype html><html><head><title>Handlingsplan mot vold (2021–2024) - regjeringen.no</title>
<style>td { color: red }</style><script>document.write("<p>1. Skript (JD)</p>")</script></head><body>
<header><nav><ul><li>Forsiden</li><li>Tema</li></ul></nav></header>
<div class="breadcrumbs">Forsiden › Dokumenter</div>
<main><article><header><h1>Handlingsplan mot vold (2021–2024)</h1></header>
<p>Planen har fire tiltak.</p>
<h2>Forebygging</h2>
<ol><li>Styrke barnevernet &amp; krisesentrene (BFD)</li><li>Kartlegge omfanget av vold (JD, HOD)</li></ol>
<h2>Hjelp</h2>
<ol start="3"><li>Bedre helsestasjonene (HOD)</li><li>Utvikle politiets arbeid (JD)</li></ol>
</article></main>
<aside>Relaterte saker: 9. Ikke et tiltak (UD)</aside>
<footer><p>Tiltak 99. Ikke et tiltak (UD)</p></footer></body></html>"""


def test_a_saved_web_page_is_read_without_its_header_menus_and_footer():
    text, title = read_html(PAGE)
    assert title == "Handlingsplan mot vold (2021–2024)"
    assert "Forsiden" not in text and "Skript" not in text and "Ikke et tiltak" not in text and "color" not in text
    assert "1. Styrke barnevernet & krisesentrene (BFD)" in text and "3. Bedre helsestasjonene (HOD)" in text
    report = parse_bytes(PAGE.encode(), name="plan.html")
    assert [(m.number, m.title, m.responsible) for m in report.measures] == [
        ("1", "Styrke barnevernet & krisesentrene", ["BFD"]), ("2", "Kartlegge omfanget av vold", ["JD", "HOD"]),
        ("3", "Bedre helsestasjonene", ["HOD"]), ("4", "Utvikle politiets arbeid", ["JD"])]
    assert report.kind == "plan"


def test_html_is_known_by_its_content_or_its_name():
    assert looks_like_html("<!DOCTYPE html><html>") and looks_like_html("  <table><tr>")
    assert looks_like_html("Tiltak 1", "side.htm") and not looks_like_html("Tiltak 1 (JD)\n<b> er ikke HTML")


def test_a_web_page_through_tiltak_parse(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(PAGE, encoding="utf-8")
    out = io.StringIO()
    call_command("parse", str(path), stdout=out)  # in the child process with limits, as every format
    parsed = json.loads(out.getvalue())
    assert [m["number"] for m in parsed["measures"]] == ["1", "2", "3", "4"] and parsed["kind"] == "plan"


def test_a_deeply_nested_or_unclosed_page_is_read_without_recursion():
    page = "<div>" * 50_000 + "<table><tr><th>Nr</th><th>Tiltak</th><th>Ansvarlig</th></tr>" + "".join(
        f"<tr><td>{n}<td>Tiltak nummer {n}<td>JD" for n in range(1, 4))
    text, _title = read_html(page)
    assert "1 | Tiltak nummer 1 | JD" in text and "3 | Tiltak nummer 3 | JD" in text


def test_the_2012_report_from_word_as_libreoffice_prints_it_has_its_whole_overview(gold, tmp_path):
    """The overview's table runs over pages and its cells wrap («Under» + «gjennomføring», a title over ten lines,
    a row's title going on at the top of the next page): every row is read, with its status, and the one warning
    is the report's own disagreement (measure 10's overview and section differ in the 2012 report)."""
    from tiltak.bench.corpus import libreoffice_pdf, soffice
    from tiltak.importer.api import parse_file

    from .conftest import build_docx

    assert soffice(), "LibreOffice (soffice) is needed: scripts/system-packages installs libreoffice-writer-nogui"
    pdf = libreoffice_pdf(lambda _plan, path: build_docx(gold, path), None, tmp_path / "rapport-2012.pdf")
    parsed = parse_file(pdf).to_json()
    overview = {m["number"]: m.get("status_overview") or m["status"] for m in gold["measures"]}
    assert [(m["number"], m["status_overview"]) for m in parsed["measures"]] == list(overview.items())
    assert [(m["number"], m["title"], m["status"]) for m in parsed["measures"]] == [
        (m["number"], m["title"], m["status"]) for m in gold["measures"]]
    assert [(w["measure"], w["code"]) for w in parsed["warnings"]] == [("10", "status_mismatch")]


PROP_ROWS = [("1", "Styrke kunnskapen om vold i nære relasjoner ved PST", ["JD"], "Gjennomført"),
             ("2", "Etablere flere barnehus", ["JD", "BFD"], "Under gjennomføring"),
             ("3", "Utrede et nasjonalt kompetansesenter", ["HOD"], "Ikke igangsatt"),
             ("4", "Videreutvikle krisesentertilbudet", ["BFD"], "Under forberedelse")]


def test_a_prop_1_s_status_table_flattened_to_text_in_bokmaal():
    rows = [f"{n} {title} {', '.join(ministries)} {status}" for n, title, ministries, status in PROP_ROWS]
    text = "\n".join(["Prop. 1 S (2019–2020)", "", "Opptrappingsplanen mot vold og overgrep (2017–2021)", "",
                      "Tabell 4.2 Status for tiltakene i planen per juni 2019", "", "Nr. Tiltak Ansvarlig Status",
                      *rows[:2], "Hjelp og beskyttelse", *rows[2:], ""])
    report = parse_bytes(text.encode(), name="prop.txt")
    assert _rows(report) == PROP_ROWS and report.warnings == [] and report.as_of == "2019-06"
    assert (report.plan_title, report.period) == ("Opptrappingsplanen mot vold og overgrep (2017–2021)",
                                                  ("2017", "2021"))


def test_a_prop_1_s_status_table_in_nynorsk_one_cell_a_line():
    rows = [("1", "Styrkje kunnskapen om vald i nære relasjonar", "JD", "Gjennomført"),
            ("2", "Etablere fleire barnehus", "JD, BFD", "Under gjennomføring"),
            ("3", "Greie ut eit nasjonalt kompetansesenter", "HOD", "Ikkje sett i gang")]
    text = "\n".join(["Prop. 1 S (2019–2020)", "", "Opptrappingsplanen mot vald og overgrep (2017–2021)", "",
                      "Tabell 4.2 Status for tiltaka i planen per juni 2019", "", "Nr.", "Tiltak",
                      "Ansvarleg departement", "Status", "Førebygging", *rows[0], *rows[1], "Hjelp og vern", *rows[2],
                      ""])
    report = parse_bytes(text.encode(), name="prop-nn.txt")
    assert [(m.number, m.title, ", ".join(m.responsible), m.status) for m in report.measures] == rows
    assert report.language == "nn" and report.warnings == []
