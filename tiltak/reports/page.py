"""The report as a page of the site: what the page template shows, built from ReportData alone (no queries)."""

from tiltak.reports.data import ReportData
from tiltak.reports.labels import Labels
from tiltak.reports.renderers.common import paragraphs, web_link


def anchor(number: str) -> str:
    return f"tiltak-{number}"


def page_context(report: ReportData, words: Labels) -> dict:
    lang = words.lang
    total = len(report.measures)
    measures = [{
        "number": m.number, "title": m.title, "anchor": anchor(m.number), "responsible": m.responsible,
        "status": m.status_label(lang) or words.not_reported, "colour": m.grade.colour if m.grade else None,
        "plan_text": paragraphs(m.plan_text), "narrative": m.narrative,
        "links": [{"text": url, "href": web_link(url)} for url in m.links],
    } for m in report.measures]
    distribution = [{"name": words.grade(g), "colour": g.colour if g else None, "count": n}
                    for g, n in report.distribution]
    changes = None
    if report.changes is not None:
        c = report.changes
        used = {t.before for t in c.transitions} | {t.after for t in c.transitions}
        columns = [*report.grades] + ([None] if None in used else [])
        changes = {
            "compared_with": words.compared_with.format(label=words.round_label(report, -2)),
            "columns": [words.grade(g) for g in columns],
            "rows": [{"grade": words.grade(b), "counts": [c.count(b, a) for a in columns]} for b in columns],
            "changed": [{"number": m.number, "title": m.title, "anchor": anchor(m.number),
                         "before": words.grade(m.previous.grade), "after": words.grade(m.grade)} for m in c.changed],
            "unchanged": [{"number": m.number, "title": m.title, "anchor": anchor(m.number)}
                          for m in c.unchanged_narratives],
            "new": [{"number": m.number, "title": m.title, "anchor": anchor(m.number)} for m in c.new],
        }
    with_unreported = any(n for g, n in report.distribution if g is None)
    width = len(report.grades) + (1 if with_unreported else 0)
    summary_rows = []
    for s in report.ministry_summary:
        for role, counts in ((words.lead, s.lead), (words.co, s.co)):
            if sum(counts):
                summary_rows.append({"abbreviation": s.ministry.abbreviation, "name": s.ministry.label(lang),
                                     "role": role, "counts": list(counts[:width]), "total": sum(counts)})
    return {
        "w": words, "report": report, "title": words.title(report), "round_label": words.round_label(report),
        "introduction": paragraphs(report.introduction),
        "corrections": [{"text": words.correction(note), "anchor": anchor(note.number)} for note in report.corrections],
        "legend": [{"name": g.label(lang), "colour": g.colour} for g in report.grades],
        "measures": measures, "distribution": distribution, "total": total, "changes": changes,
        "summary_columns": [words.grade(g) for g in report.grades] + ([words.not_reported] if with_unreported else []),
        "summary_rows": summary_rows,
    }
