"""The one function that builds a round's report as plain data; every format renders this."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from tiltak.plans.models import Measure, Plan, Responsibility, Round, StatusEntry


@dataclass(frozen=True)
class GradeData:
    position: int
    meaning: str
    name: str
    name_en: str
    colour: str


@dataclass(frozen=True)
class MeasureData:
    number: str
    title: str
    responsible: list[str]
    plan_text: str
    status: str | None
    status_en: str | None
    grade: GradeData | None
    narrative: str
    links: list[str]


@dataclass(frozen=True)
class ReportData:
    plan_slug: str
    plan_title: str
    plan_title_en: str
    period: tuple[str, str]
    round_slug: str
    round_label: str
    title: str
    introduction: str
    as_of: datetime.date
    published: bool
    grades: list[GradeData]
    measures: list[MeasureData] = field(default_factory=list)

    @property
    def as_of_text(self) -> str:
        """«2012-02» when the round is dated by month (the first of it), else the full date."""
        if self.as_of.day == 1:
            return self.as_of.strftime("%Y-%m")
        return self.as_of.isoformat()


def _grade(grade) -> GradeData:
    return GradeData(position=grade.position, meaning=grade.meaning, name=grade.name, name_en=grade.name_en,
                     colour=grade.colour)


def build_report(plan: Plan, the_round: Round) -> ReportData:
    """A fixed number of queries, however many measures the plan has."""
    grades = [_grade(g) for g in plan.scale.grades.order_by("position")]
    entries = {
        e.measure_id: e for e in StatusEntry.objects.filter(round=the_round).select_related("status__grade")
    }
    measures = Measure.objects.filter(plan=plan).prefetch_related(
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("ministry").order_by("position"))
    )
    rows = []
    for measure in measures.order_by("sort_key"):
        entry = entries.get(measure.pk)
        label = entry.status if entry else None
        rows.append(MeasureData(
            number=measure.number,
            title=measure.title,
            responsible=[r.ministry.abbreviation for r in measure.responsibilities.all()],
            plan_text=measure.plan_text,
            status=label.text if label else None,
            status_en=label.text_en if label else None,
            grade=_grade(label.grade) if label else None,
            narrative=entry.narrative if entry else "",
            links=list(entry.links) if entry else [],
        ))
    return ReportData(
        plan_slug=plan.slug, plan_title=plan.title, plan_title_en=plan.title_en, period=plan.period,
        round_slug=the_round.slug, round_label=the_round.label,
        title=the_round.title or f"Statusrapportering for {plan.title}", introduction=the_round.introduction,
        as_of=the_round.as_of, published=the_round.is_published, grades=grades, measures=rows,
    )
