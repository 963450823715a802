"""PDF with Typst (in process, through its Python binding) from the HTML renderer's context and labels.

The Typst document (templates/reports/report.typ) gets the report as JSON — the very values the HTML template
gets, through ``html.context`` — and builds the pages from it in Typst code. No text people wrote is pasted into
markup, so none of it is ever read as Typst: a narrative holding ``#read("/etc/passwd")`` prints just that.

What the PDF keeps: A4, «Side N av M» below, the report's title above from page 2, the overview as one table whose
header row repeats on every page, the vendored Open Sans embedded (a subset; the system's fonts and Typst's own
are not looked at, so the same report gives the same file anywhere), tagged as PDF/UA-1 with the document language
(people's Norwegian text marked as such inside an English report), the title in the metadata and the headings as
bookmarks. Typst lays out the built-in report in a fraction of the time WeasyPrint took (docs/benchmarks.md).
"""

import dataclasses
import json
import logging
import threading
from functools import cache
from pathlib import Path

from tiltak.reports.chart import distribution_chart
from tiltak.reports.data import ReportData
from tiltak.reports.renderers.html import context

REPORTS = Path(__file__).resolve().parent.parent
TEMPLATE = REPORTS / "templates" / "reports" / "report.typ"
FONTS = REPORTS / "static" / "reports" / "fonts"

_local = threading.local()
log = logging.getLogger(__name__)


@cache
def _fonts():
    import typst

    # Typst's own fonts (in the binding, the same everywhere) stand in for a letter Open Sans lacks («→», Greek,
    # Cyrillic); the system's fonts are never looked at, so a report gives the same file on every machine.
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS)])


def _compiler():
    """One compiler per thread (it keeps the template and the fonts; it is not made to be shared by threads)."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        import typst

        compiler = _local.compiler = typst.Compiler(root=str(TEMPLATE.parent), font_paths=_fonts())
    return compiler


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
        # The language people wrote the plan's texts in (titles, narratives, the introduction; bokmål or nynorsk):
        # never translated, so marked wherever the report is in another.
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
    import typst

    data = json.dumps(document_data(report, lang=lang), ensure_ascii=False)
    compiler = _compiler()
    try:
        return compiler.compile(str(TEMPLATE), format="pdf", sys_inputs={"data": data}, pdf_standards=["ua-1"])
    except typst.TypstError as error:
        # PDF/UA-1 forbids a letter no font can show (an emoji, Chinese in a narrative). The report must still
        # come out: tagged as always, with the missing letters as boxes, but no longer declared PDF/UA-1.
        if "could not be displayed" not in str(error):
            raise
        log.warning("report %s/%s: PDF not declared PDF/UA-1: %s", report.plan_slug, report.round_slug, error)
        return compiler.compile(str(TEMPLATE), format="pdf", sys_inputs={"data": data})
