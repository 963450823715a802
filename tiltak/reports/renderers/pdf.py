"""PDF with Typst (its Python binding, no external program) from the HTML renderer's context and labels.

The Typst document (templates/reports/report.typ) gets the report as JSON — the very values the HTML template
gets, through ``html.context`` — and builds the pages from it in Typst code. No text people wrote is pasted into
markup, so none of it is ever read as Typst: a narrative holding ``#read("/etc/passwd")`` prints just that. The
layout runs in a child process, which gives back its memory when done (tiltak.lib.typeset says why).

What the PDF keeps: A4, «Side N av M» below, the report's title above from page 2, the overview as one table whose
header row repeats on every page, grade colours, the vendored Open Sans embedded (a subset; the system's fonts are
never looked at, so the same report gives the same file anywhere), tagged and declared PDF/UA-1 with the document
language (the plan's own texts marked bokmål or nynorsk where the report is in another language), the title in
the metadata and the headings as bookmarks. The importer reads it back exactly (tests/importer/test_own_reports.py),
so the gaps between paragraphs and table rows are part of the layout's contract. Typst lays out the built-in
report in a fraction of the CPU time WeasyPrint took (docs/benchmarks.md).
"""

import dataclasses
import json
import logging
from pathlib import Path

from tiltak.lib.typeset import typeset
from tiltak.reports.chart import distribution_chart
from tiltak.reports.data import ReportData
from tiltak.reports.renderers.html import context

REPORTS = Path(__file__).resolve().parent.parent
TEMPLATE = REPORTS / "templates" / "reports" / "report.typ"
FONTS = REPORTS / "static" / "reports" / "fonts"

log = logging.getLogger(__name__)


def _tag(tag: dict) -> dict:
    return {"name": tag["name"], "colour": tag["colour"], "text": tag["text"]}


def _measure(m: dict) -> dict:
    return {
        "anchor": m["anchor"], "number": m["number"], "title": m["title"], "heading": m["heading"],
        "responsible": m["responsible"], "status": m["status"], "tag": _tag(m["tag"]),
        "plan_text": m["plan_text"],
        "narrative": [dataclasses.asdict(block) for block in m["narrative_blocks"]],
        "links": m["links"],
    }


def _changes(changes: dict | None) -> dict | None:
    if changes is None:
        return None
    return {**changes, "changed": [{**c, "before": _tag(c["before"]), "after": _tag(c["after"])}
                                   for c in changes["changed"]]}


def document_data(report: ReportData, *, lang: str = "nb") -> dict:
    """What report.typ is given: the HTML template's context, as plain JSON values."""
    ctx = context(report, lang=lang)
    words = ctx["w"]
    return {
        "lang": words.lang,
        # The written language of people's text (titles, plan texts, narratives, the introduction): never
        # translated, so marked where it is not the report's (bokmål in an English report, nynorsk in any).
        "text_lang": report.language,
        "words": dataclasses.asdict(words),
        "document_title": f"{ctx['title']} – {ctx['round_label']}",
        "description": f"{ctx['title']}. {ctx['round_label']}.",
        "title": ctx["title"],
        "round_label": ctx["round_label"],
        "published": ctx["published"],
        "corrections": ctx["corrections"],
        "introduction": ctx["introduction"],
        "legend": [_tag(g) for g in ctx["legend"]],
        "measures": [_measure(m) for m in ctx["measures"]],
        # The chart as a picture: drawn as vector paths, its letters would make a thicket of lines that PDF readers
        # (the importer's pdfplumber among them) take for the ruling of the table beside it.
        # (Typst takes bytes as an array of numbers.)
        "chart_png": list(distribution_chart(report, words, fmt="png")),
        "chart_alt": ctx["chart_alt"],
        "changes": _changes(ctx["changes"]),
        "ministries": ctx["ministries"],
    }


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    data = json.dumps(document_data(report, lang=lang), ensure_ascii=False)
    result = typeset(TEMPLATE, data, fonts=FONTS)
    if result.standard is None:
        log.warning("report %s/%s: PDF not declared PDF/UA-1: %s", report.plan_slug, report.round_slug, result.note)
    return result.pdf
