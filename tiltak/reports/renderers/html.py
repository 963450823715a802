"""HTML: a standalone file with inline CSS, also the web page and the source of the PDF.

The template gets plain, already-translated values; Django's autoescaping escapes every piece of text people
wrote, and the chart comes in as a data: URI image so nothing is marked safe.
"""

import base64

from django.template.loader import render_to_string
from django.utils.html import format_html

from tiltak.reports.chart import chart_alt, distribution_chart
from tiltak.reports.data import GradeData, ReportData
from tiltak.reports.labels import Labels, labels
from tiltak.reports.renderers.common import colour_class, colour_rules, paragraphs, text_colour_on, web_link
from tiltak.reports.renderers.narrative import narrative_blocks, narrative_report_html

NO_STATUS = {"name": None, "colour": "#ffffff", "text": "#000000"}


def _tag(grade: GradeData | None, text: str) -> dict:
    if grade is None:
        return {**NO_STATUS, "name": text, "css": colour_class(NO_STATUS["colour"])}
    return {"name": text, "colour": grade.colour, "text": text_colour_on(grade.colour),
            "css": colour_class(grade.colour)}


def _measure(m, words: Labels) -> dict:
    status = m.status_label(words.lang) or words.not_reported
    return {
        "anchor": f"tiltak-{m.number}",
        "number": m.number,
        "title": m.title,
        "heading": m.heading,
        "responsible": ",".join(m.responsible),
        "status": status,
        "tag": _tag(m.grade, status),
        "plan_text": paragraphs(m.plan_text),
        "narrative": paragraphs(m.narrative),
        "narrative_html": narrative_report_html(m.narrative),
        "narrative_blocks": narrative_blocks(m.narrative),  # the same parse, for the PDF
        "links": [{"text": url, "href": web_link(url)} for url in m.links],
    }


def _changes(report: ReportData, words: Labels) -> dict | None:
    changes = report.changes
    if changes is None:
        return None
    used = {t.before for t in changes.transitions} | {t.after for t in changes.transitions}
    columns = [*report.grades] + ([None] if None in used else [])
    return {
        "compared_with": words.compared_with.format(label=words.round_label(report, -2)),
        "columns": [words.grade(g) for g in columns],
        "rows": [
            {"grade": words.grade(before), "counts": [changes.count(before, after) for after in columns]}
            for before in columns
        ],
        "changed": [
            {"number": m.number, "title": m.title, "anchor": f"tiltak-{m.number}",
             "before": _tag(m.previous.grade, words.grade(m.previous.grade)),
             "after": _tag(m.grade, words.grade(m.grade))}
            for m in changes.changed
        ],
        "unchanged": [{"number": m.number, "title": m.title, "anchor": f"tiltak-{m.number}"}
                      for m in changes.unchanged_narratives],
        "new": [{"number": m.number, "title": m.title, "anchor": f"tiltak-{m.number}"} for m in changes.new],
    }


def _ministries(report: ReportData, words: Labels) -> dict:
    with_unreported = any(n for g, n in report.distribution if g is None)
    width = len(report.grades) + (1 if with_unreported else 0)
    rows = []
    for s in report.ministry_summary:
        for role, counts in ((words.lead, s.lead), (words.co, s.co)):
            if sum(counts):
                rows.append({"abbreviation": s.ministry.abbreviation, "name": s.ministry.label(words.lang),
                             "role": role, "counts": list(counts[:width]), "total": sum(counts)})
    columns = [words.grade(g) for g in report.grades] + ([words.not_reported] if with_unreported else [])
    return {"columns": columns, "rows": rows}


def context(report: ReportData, *, lang: str = "nb", downloads: list[dict] | None = None,
            nonce: str | None = None) -> dict:
    words = labels(lang)
    chart = base64.b64encode(distribution_chart(report, words, fmt="svg")).decode("ascii")
    return {
        "w": words,
        # Text people wrote is in the plan's language; marked where the report is in another (WCAG 3.1.2).
        "text_lang": format_html(' lang="{}"', report.language) if report.language != words.lang else "",
        "title": words.title(report),
        "round_label": words.round_label(report),
        "published": report.published,
        "introduction": paragraphs(report.introduction),
        "corrections": [words.correction(note) for note in report.corrections],
        "legend": [_tag(g, g.label(lang)) for g in report.grades],
        "measures": [_measure(m, words) for m in report.measures],
        "distribution": [{"tag": _tag(g, words.grade(g)), "count": n} for g, n in report.distribution],
        "chart_src": f"data:image/svg+xml;base64,{chart}",
        "chart_alt": chart_alt(report, words),
        "changes": _changes(report, words),
        "ministries": _ministries(report, words),
        "page_label": words.page,
        "downloads": downloads or [],
        # The page is served under a Content-Security-Policy: its one style element carries the request's nonce.
        "nonce": nonce,
        "tag_css": colour_rules([NO_STATUS["colour"], *(g.colour for g in report.grades)]),
    }


def render_html(report: ReportData, *, lang: str = "nb", downloads: list[dict] | None = None,
                nonce: str | None = None) -> str:
    return render_to_string("reports/report.html", context(report, lang=lang, downloads=downloads, nonce=nonce))


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    return render_html(report, lang=lang).encode("utf-8")
