"""Fixtures for the importer: the seed report, the gold transcription, and clean DOCX/PDF builds of the gold."""

import html
import json
from pathlib import Path

import pytest

from tiltak.importer.structure import parse_text

# The seed report as received (shared/seed/000_f48096fa2fe1ae34.txt), shipped in the package as its sample.
SEED = Path(__file__).resolve().parents[2] / "tiltak" / "importer" / "samples" / "statusrapport-2012-02-ocr.txt"
GOLD = Path(__file__).resolve().parents[2] / "tiltak" / "plans" / "data" / "menneskehandel-2011-2014.json"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


# The seed with one real change: a sentence added to measure 1's narrative (its OCR damage left as it is).
ADDED_SENTENCE = "Innlegget ble fulgt opp med et nytt møte i mars 2012."


def changed_seed_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\nYork.\n") == 1
    return text.replace("\nYork.\n", f"\nYork. {ADDED_SENTENCE}\n")


@pytest.fixture
def changed_seed_path(tmp_path) -> Path:
    path = tmp_path / "statusrapport-endret.txt"
    path.write_text(changed_seed_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parsed_seed(seed_path) -> dict:
    """The seed parsed once for all tests that read it."""
    return parse_text(seed_path.read_text(encoding="utf-8")).to_json(with_restorations=True)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def build_docx(report: dict, path: Path) -> Path:
    """A clean Word document of the report's structure: title, introduction, legend, table, sections."""
    import docx

    document = docx.Document()
    document.add_heading(report["report"]["title"], level=1)
    for par in _paragraphs(report["report"].get("introduction", "")):
        document.add_paragraph(par)
    for grade in report["report"]["status_scale"]:
        document.add_paragraph(grade)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Nr.", "Tiltak", "Ansvarlig", "Status"], strict=True):
        cell.text = text
    for m in report["measures"]:
        row = table.add_row().cells
        row[0].text, row[1].text = m["number"], m["title"]
        row[2].text, row[3].text = ",".join(m["responsible"]), m["status_overview"]
    for m in report["measures"]:
        document.add_heading(f"{m['number']} {m['title']} ({','.join(m['responsible'])})", level=2)
        for par in _paragraphs(m["plan_text"]):
            document.add_paragraph(par)
        document.add_paragraph(f"Status: {m['status']}")
        for par in _paragraphs(m["status_text"]):
            document.add_paragraph(par)
    document.save(path)
    return path


def build_pdf(report: dict, path: Path) -> Path:
    """The same structure as a PDF, laid out by WeasyPrint (a ruled overview table)."""
    from weasyprint import HTML

    e = html.escape
    parts = [
        "<html><head><meta charset='utf-8'><style>",
        "body{font-family:sans-serif;font-size:10pt} table{border-collapse:collapse}",
        "td,th{border:1px solid #000;padding:3px;vertical-align:top} p{margin:0 0 8pt 0}",
        "</style></head><body>",
        f"<h1>{e(report['report']['title'])}</h1>",
    ]
    parts += [f"<p>{e(p)}</p>" for p in _paragraphs(report["report"].get("introduction", ""))]
    parts += [f"<p>{e(g)}</p>" for g in report["report"]["status_scale"]]
    parts.append("<table><tr><th>Nr.</th><th>Tiltak</th><th>Ansvarlig</th><th>Status</th></tr>")
    for m in report["measures"]:
        parts.append(
            f"<tr><td>{e(m['number'])}</td><td>{e(m['title'])}</td>"
            f"<td>{e(','.join(m['responsible']))}</td><td>{e(m['status_overview'])}</td></tr>"
        )
    parts.append("</table>")
    for m in report["measures"]:
        parts.append(f"<h2>{e(m['number'])} {e(m['title'])} ({e(','.join(m['responsible']))})</h2>")
        parts += [f"<p>{e(p)}</p>" for p in _paragraphs(m["plan_text"])]
        parts.append(f"<p>Status: {e(m['status'])}</p>")
        parts += [f"<p>{e(p)}</p>" for p in _paragraphs(m["status_text"])]
    parts.append("</body></html>")
    HTML(string="".join(parts)).write_pdf(path)
    return path
