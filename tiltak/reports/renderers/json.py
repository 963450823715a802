"""Report JSON, ``tiltak.report/1``: what ``tiltak parse`` prints and ``tiltak import`` reads.

The format's one definition is tiltak.lib.report_format; this renderer fills it from the report data.
"""

from tiltak.lib import report_format
from tiltak.reports.data import ReportData


def as_document(report: ReportData) -> dict:
    return report_format.document(
        plan={"slug": report.plan_slug, "title": report.plan_title, "title_en": report.plan_title_en,
              "period": list(report.period), "coordinator": report.coordinator},
        report={"slug": report.round_slug, "label": report.round_label, "title": report.title,
                "as_of": report.as_of_text, "introduction": report.introduction,
                "status_scale": [g.name for g in report.grades]},
        measures=[
            {
                "number": m.number,
                "title": m.title,
                "responsible": m.responsible,
                "status": m.status,
                # Table and sections come from the same entry, so they say the same.
                "status_overview": m.status,
                "plan_text": m.plan_text,
                "status_text": m.narrative,
                "links": m.links,
            }
            for m in report.measures
        ],
        # Changes made after publishing, each with its date and the coordinator's reason (not read back by
        # the importer: a re-imported round gets its own history).
        extra={"language": report.language,
               "corrections": [{"measure": n.number, "date": n.date.isoformat(), "reason": n.reason}
                               for n in report.corrections]},
    )


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    return report_format.dumps(as_document(report)).encode("utf-8")
