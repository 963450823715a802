"""The parsed report as plain dataclasses, and its report JSON (``"format": "tiltak.report/1"``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tiltak.lib import report_format

FORMAT = report_format.FORMAT


@dataclass
class ParseWarning:
    measure: str | None
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"measure": self.measure, "code": self.code, "message": self.message}


@dataclass
class ParsedMeasure:
    number: str
    title: str
    responsible: list[str] = field(default_factory=list)
    status: str | None = None
    status_overview: str | None = None
    plan_text: str = ""
    status_text: str = ""
    links: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "responsible": list(self.responsible),
            "status": self.status,
            "status_overview": self.status_overview,
            "plan_text": self.plan_text,
            "status_text": self.status_text,
            "links": list(self.links),
        }


class MalformedReport(ValueError):
    """Report JSON whose shape is wrong; the message says where."""


@dataclass
class ParsedReport:
    plan_title: str = ""
    period: tuple[str, str] | None = None
    # What a report JSON written by tiltak itself carries besides the design's keys; a parsed document has none.
    plan_slug: str = ""
    plan_title_en: str = ""
    coordinator: str = ""
    slug: str = ""
    title: str = ""
    label: str = ""
    as_of: str | None = None
    introduction: str = ""
    status_scale: list[str] = field(default_factory=list)
    scale_slug: str | None = None
    measures: list[ParsedMeasure] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    restorations: list[dict] = field(default_factory=list)
    # What could not be read for certain (not a contradiction of the document's own): shown before storing.
    uncertain: list[ParseWarning] = field(default_factory=list)
    language: str = ""  # «nb» or «nn»
    kind: str = "report"  # «report»: a status report (a round); «plan»: a plan's list of measures, no round

    def to_json(self, *, with_restorations: bool = False) -> dict:
        """The report JSON of the design; ``restorations`` (every restored word, the unsure ones flagged) only
        when asked for."""
        extra: dict = {}
        if self.kind != "report":
            extra["kind"] = self.kind  # only a plan's list of measures says what it is; a report is the default
        if self.language:
            extra["language"] = self.language
        if self.uncertain:
            extra["uncertain"] = [w.as_dict() for w in self.uncertain]
        if with_restorations:
            extra["restorations"] = list(self.restorations)
        return report_format.document(
            plan={"slug": self.plan_slug, "title": self.plan_title, "title_en": self.plan_title_en,
                  "period": list(self.period) if self.period else None, "coordinator": self.coordinator},
            report={"slug": self.slug, "title": self.title, "label": self.label, "as_of": self.as_of,
                    "introduction": self.introduction, "status_scale": list(self.status_scale)},
            measures=[m.as_dict() for m in self.measures],
            warnings=[w.as_dict() for w in self.warnings],
            extra=extra,
        )

    @classmethod
    def from_json(cls, doc: dict) -> ParsedReport:
        """Read report JSON back (as ``tiltak parse`` wrote it or ``tiltak report --format json`` did), checked
        and in normal form (tiltak.lib.report_format)."""
        try:
            return cls._from_json(report_format.check(doc))
        except report_format.ReportFormatError as exc:
            raise MalformedReport(f"the report JSON is not of the form tiltak.report/1: {exc}") from None

    @classmethod
    def _from_json(cls, doc: dict) -> ParsedReport:
        plan = doc.get("plan") or {}
        report = doc.get("report") or {}
        period = plan.get("period")
        return cls(
            plan_title=plan.get("title", ""),
            period=tuple(period) if period else None,
            plan_slug=plan.get("slug", ""),
            plan_title_en=plan.get("title_en", ""),
            coordinator=plan.get("coordinator") or "",
            slug=report.get("slug", ""),
            title=report.get("title", ""),
            label=report.get("label", ""),
            as_of=report.get("as_of"),
            introduction=report.get("introduction", ""),
            status_scale=list(report.get("status_scale") or []),
            measures=[
                ParsedMeasure(
                    number=str(m["number"]),
                    title=m.get("title", ""),
                    responsible=list(m.get("responsible") or []),
                    status=m.get("status"),
                    status_overview=m.get("status_overview"),
                    plan_text=m.get("plan_text", ""),
                    status_text=m.get("status_text", ""),
                    links=list(m.get("links") or []),
                )
                for m in doc.get("measures") or []
            ],
            warnings=[
                ParseWarning(w.get("measure"), w.get("code", ""), w.get("message", ""))
                for w in doc.get("warnings") or []
            ],
            uncertain=[
                ParseWarning(w.get("measure"), w.get("code", ""), w.get("message", ""))
                for w in doc.get("uncertain") or []
            ],
            language=doc.get("language") or "",
            kind=doc.get("kind") or "report",
        )
