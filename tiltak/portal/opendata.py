"""The whole published history of a plan as open data: the documented, versioned format «tiltak.history/1».

CSV and XLSX are the report renderers' all-rounds tables of the latest published round (every earlier published
round is in them); JSON is the document below, one object per measure with its status in every round.
"""

import json

from tiltak.reports.data import EntryData, MeasureText, ReportData, RoundData

HISTORY_FORMAT = "tiltak.history/1"
LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"

# The fields of «tiltak.history/1», documented on the open-data page (in the page's language).
SCHEMA = [
    ("format", "string", "«tiltak.history/1»"),
    ("licence", "string", LICENCE),
    ("plan.slug, plan.title, plan.title_en, plan.period", "string", ""),
    ("rounds[].slug, rounds[].label, rounds[].as_of", "string (as_of: YYYY-MM-DD)", ""),
    ("grades[].position, grades[].meaning, grades[].name, grades[].name_en", "integer, string", ""),
    ("measures[].number, measures[].title, measures[].plan_text", "string", ""),
    ("measures[].responsible", "list of strings (lead first)", ""),
    ("measures[].history[].round", "string (rounds[].slug)", ""),
    ("measures[].history[].number, title, plan_text", "string", ""),
    ("measures[].history[].responsible", "list of strings (lead first)", ""),
    ("measures[].history[].grade", "integer (grades[].position) or null", ""),
    ("measures[].history[].status, status_en, narrative", "string or null", ""),
    ("measures[].history[].links", "list of strings", ""),
]


def history_document(report: ReportData) -> dict:
    return {
        "format": HISTORY_FORMAT,
        "licence": LICENCE,
        "plan": {"slug": report.plan_slug, "title": report.plan_title, "title_en": report.plan_title_en,
                 "period": list(report.period)},
        "rounds": [{"slug": r.slug, "label": r.label, "as_of": r.as_of.isoformat()} for r in report.rounds],
        "grades": [{"position": g.position, "meaning": g.meaning, "name": g.name, "name_en": g.name_en,
                    "colour": g.colour} for g in report.grades],
        "ministries": [{"abbreviation": m.abbreviation, "name": m.name, "name_en": m.name_en}
                       for m in report.ministries.values()],
        "measures": [
            {"number": m.number, "title": m.title, "plan_text": m.plan_text, "responsible": list(m.responsible),
             "history": [_in_round(r, e, m.in_round(index)) for index, (r, e)
                         in enumerate(zip(report.rounds, m.history, strict=False))]}
            for m in report.measures
        ],
    }


def _in_round(the_round: RoundData, e: EntryData | None, measure: MeasureText) -> dict:
    """A measure in one round: as that round published it (number, title, plan text, responsible), and its
    status."""
    return {"round": the_round.slug, "number": measure.number, "title": measure.title,
            "plan_text": measure.plan_text, "responsible": list(measure.responsible),
            "grade": e.grade.position if e and e.grade else None,
            "status": e.status if e else None, "status_en": e.status_en if e else None,
            "narrative": e.narrative if e else None, "links": list(e.links) if e else []}


def render_history_json(report: ReportData) -> bytes:
    return json.dumps(history_document(report), ensure_ascii=False, indent=2).encode("utf-8")
