"""The report as a page of the site: what the page template shows, built from ReportData alone (no queries)."""

from tiltak.reports.data import ReportData
from tiltak.reports.labels import Labels
from tiltak.reports.renderers.common import paragraphs, web_link


def anchor(number: str) -> str:
    return f"tiltak-{number}"


def same_page_link(number: str) -> str:
    return f"#{anchor(number)}"


def page_context(report: ReportData, words: Labels, *, measures: list | None = None, link=same_page_link,
                 first_page: bool = True, list_limit: int | None = None) -> dict:
    """``measures``: the ones this page shows in its overview table and sections (a long report's page shows a
    part; tiltak/reports/views.py), every one by default. ``link(number)``: the address of a measure's section,
    wherever it is. The front matter (introduction, legend, chart, changes, ministries) is on the first page only,
    and over the whole round; its lists of measures are cut at ``list_limit`` (the downloads have them whole)."""
    lang = words.lang
    total = len(report.measures)
    shown = report.measures if measures is None else measures

    def cut(items: list) -> tuple[list, int]:
        if list_limit is None or len(items) <= list_limit:
            return items, 0
        return items[:list_limit], len(items) - list_limit

    measure_rows = [{
        "number": m.number, "title": m.title, "anchor": anchor(m.number), "href": same_page_link(m.number),
        "responsible": m.responsible,
        "status": m.status_label(lang) or words.not_reported, "colour": m.grade.colour if m.grade else None,
        "plan_text": paragraphs(m.plan_text), "narrative": m.narrative,
        "links": [{"text": url, "href": web_link(url)} for url in m.links],
    } for m in shown]
    distribution = [{"name": words.grade(g), "colour": g.colour if g else None, "count": n}
                    for g, n in report.distribution]
    changes = None
    if report.changes is not None and first_page:
        c = report.changes
        used = {t.before for t in c.transitions} | {t.after for t in c.transitions}
        columns = [*report.grades] + ([None] if None in used else [])
        changed, changed_more = cut(c.changed)
        unchanged, unchanged_more = cut(c.unchanged_narratives)
        new, new_more = cut(c.new)
        changes = {
            "compared_with": words.compared_with.format(label=words.round_label(report, -2)),
            "columns": [words.grade(g) for g in columns],
            "rows": [{"grade": words.grade(b), "counts": [c.count(b, a) for a in columns]} for b in columns],
            "changed": [{"number": m.number, "title": m.title, "href": link(m.number),
                         "before": words.grade(m.previous.grade), "after": words.grade(m.grade)} for m in changed],
            "unchanged": [{"number": m.number, "title": m.title, "href": link(m.number)} for m in unchanged],
            "new": [{"number": m.number, "title": m.title, "href": link(m.number)} for m in new],
            "changed_more": changed_more, "unchanged_more": unchanged_more, "new_more": new_more,
        }
    with_unreported = any(n for g, n in report.distribution if g is None)
    width = len(report.grades) + (1 if with_unreported else 0)
    summary_rows = []
    for s in report.ministry_summary if first_page else []:
        for role, counts in ((words.lead, s.lead), (words.co, s.co)):
            if sum(counts):
                summary_rows.append({"abbreviation": s.ministry.abbreviation, "name": s.ministry.label(lang),
                                     "role": role, "counts": list(counts[:width]), "total": sum(counts)})
    return {
        "w": words, "report": report, "title": words.title(report), "round_label": words.round_label(report),
        "first_page": first_page, "introduction": paragraphs(report.introduction),
        "corrections": [{"text": words.correction(note), "href": link(note.number)} for note in report.corrections]
        if first_page else [],
        "legend": [{"name": g.label(lang), "colour": g.colour} for g in report.grades],
        "measures": measure_rows, "distribution": distribution, "total": total, "changes": changes,
        "summary_columns": [words.grade(g) for g in report.grades] + ([words.not_reported] if with_unreported else []),
        "summary_rows": summary_rows,
    }
