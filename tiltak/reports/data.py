"""The one function that builds a round's report as plain data; every format renders this.

The data holds the round itself and the previous published round (for the comparison with the previous report) —
or, with ``all_rounds=True``, every earlier published round (for the all-rounds sheets of CSV and XLSX). So a plan
with a thousand rounds costs the report page what a plan with two does. The summaries are derived from it on first
use, with no further queries.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils import timezone

from tiltak.lib.language import in_language
from tiltak.lib.numbering import natural_key
from tiltak.plans import selectors
from tiltak.plans.models import Grade, Measure, Ministry, Plan, Responsibility, Round, StatusEntry, StatusEntryVersion


@dataclass(frozen=True)
class GradeData:
    position: int
    meaning: str
    name: str
    name_en: str
    colour: str

    def label(self, lang: str) -> str:
        return in_language(lang, self.name, self.name_en)


@dataclass(frozen=True)
class MinistryData:
    abbreviation: str
    name: str
    name_en: str

    def label(self, lang: str) -> str:
        return in_language(lang, self.name, self.name_en)


@dataclass(frozen=True)
class RoundData:
    slug: str
    label: str
    as_of: datetime.date


# A measure's number, title, plan text and responsible ministries as one round published it.
MeasureText = selectors.MeasureAsPublished


@dataclass(frozen=True)
class EntryData:
    """A measure's status in one round: the exact label (as written) and its grade."""

    status: str | None
    status_en: str | None
    grade: GradeData | None
    narrative: str
    links: list[str]
    # The measure as this round published it, where that differs from the report's row (None: as the row says);
    # the all-rounds tables and the history print each round's own. See MeasureData.in_round.
    measure: MeasureText | None = None

    def status_label(self, lang: str) -> str | None:
        return in_language(lang, self.status, self.status_en)


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
    # One item per ``ReportData.rounds``, oldest first, the report's own round last; None where no entry exists.
    history: tuple[EntryData | None, ...] = ()

    def status_label(self, lang: str) -> str | None:
        return in_language(lang, self.status, self.status_en)

    @property
    def heading(self) -> str:
        """«N Title (MIN,MIN)», the form of the published report's section headings."""
        if self.responsible:
            return f"{self.number} {self.title} ({','.join(self.responsible)})"
        return f"{self.number} {self.title}"

    @property
    def previous(self) -> EntryData | None:
        return self.history[-2] if len(self.history) > 1 else None

    def in_round(self, index: int) -> MeasureText:
        """The measure as the round ``ReportData.rounds[index]`` published it."""
        entry = self.history[index] if index < len(self.history) else None
        if entry is not None and entry.measure is not None:
            return entry.measure
        return self.text

    @cached_property
    def text(self) -> MeasureText:
        """The measure as the report's own round published it."""
        return MeasureText(number=self.number, title=self.title, plan_text=self.plan_text,
                           responsible=tuple(self.responsible))


@dataclass(frozen=True)
class Transition:
    before: GradeData | None
    after: GradeData | None
    count: int


@dataclass(frozen=True)
class Changes:
    """«Endringer siden forrige rapport»: what moved between the previous published round and this one."""

    previous: RoundData
    # Counts for every (before, after) pair that occurs, grades in scale order, «no entry» (None) last.
    transitions: list[Transition]
    changed: list[MeasureData]
    unchanged_narratives: list[MeasureData]
    new: list[MeasureData]

    def count(self, before: GradeData | None, after: GradeData | None) -> int:
        for t in self.transitions:
            if t.before == before and t.after == after:
                return t.count
        return 0


@dataclass(frozen=True)
class MinistrySummary:
    ministry: MinistryData
    # Counts in the order of ``ReportData.grades``, then one for measures without a status.
    lead: tuple[int, ...]
    co: tuple[int, ...]

    @property
    def lead_total(self) -> int:
        return sum(self.lead)

    @property
    def co_total(self) -> int:
        return sum(self.co)


@dataclass(frozen=True)
class CorrectionData:
    """A change to a measure's entry after the round was published: when, and the coordinator's reason."""

    number: str
    title: str
    date: datetime.date
    reason: str


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
    # Earlier published rounds and this one, oldest first.
    rounds: list[RoundData] = field(default_factory=list)
    ministries: dict[str, MinistryData] = field(default_factory=dict)
    coordinator: str | None = None  # the coordinating ministry's abbreviation
    language: str = "nb"  # the written language of the plan's texts: «nb» or «nn» (Plan.language)
    # Corrections after publishing, in measure order (each of them, oldest first), shown as dated notes.
    corrections: list[CorrectionData] = field(default_factory=list)

    @property
    def as_of_text(self) -> str:
        """«2012-02» when the round is dated by month (the first of it), else the full date."""
        if self.as_of.day == 1:
            return self.as_of.strftime("%Y-%m")
        return self.as_of.isoformat()

    @property
    def previous_round(self) -> RoundData | None:
        return self.rounds[-2] if len(self.rounds) > 1 else None

    @cached_property
    def distribution(self) -> list[tuple[GradeData | None, int]]:
        """Measures per grade in scale order; a last ``(None, n)`` for measures without a status, if any."""
        counts = Counter(m.grade for m in self.measures)
        result = [(g, counts.get(g, 0)) for g in self.grades]
        if counts.get(None):
            result.append((None, counts[None]))
        return result

    @cached_property
    def ministry_summary(self) -> list[MinistrySummary]:
        """Per ministry (alphabetically): its measures by grade, as lead and as co-responsible."""
        index = {g: i for i, g in enumerate(self.grades)}
        width = len(self.grades) + 1  # the last column counts measures without a status
        lead: dict[str, list[int]] = {}
        co: dict[str, list[int]] = {}
        for m in self.measures:
            column = index.get(m.grade, width - 1)
            for position, abbreviation in enumerate(m.responsible):
                counts = (lead if position == 0 else co)
                counts.setdefault(abbreviation, [0] * width)[column] += 1
        return [
            MinistrySummary(ministry=self.ministries.get(a) or MinistryData(a, a, a),
                            lead=tuple(lead.get(a, [0] * width)), co=tuple(co.get(a, [0] * width)))
            for a in sorted(set(lead) | set(co))
        ]

    @cached_property
    def changes(self) -> "Changes | None":
        """The comparison with the previous published round; None when this is the first."""
        previous = self.previous_round
        if previous is None:
            return None
        order = {g: i for i, g in enumerate(self.grades)}
        counts: Counter = Counter()
        changed, unchanged, new = [], [], []
        for m in self.measures:
            before = m.previous
            if before is None:
                if m.grade is not None:
                    new.append(m)
                continue
            counts[(before.grade, m.grade)] += 1
            if before.grade != m.grade:
                changed.append(m)
            if m.narrative.strip() and m.narrative.strip() == before.narrative.strip():
                unchanged.append(m)

        def rank(grade):
            return order.get(grade, len(order))

        transitions = [Transition(before=b, after=a, count=n)
                       for (b, a), n in sorted(counts.items(), key=lambda item: (rank(item[0][0]), rank(item[0][1])))]
        return Changes(previous=previous, transitions=transitions, changed=changed, unchanged_narratives=unchanged,
                       new=new)


def default_title(plan_title: str) -> str:
    """«Statusrapportering for regjeringens handlingsplan …»: the plan's title mid-sentence, so its first word
    loses its capital («Regjeringens» → «regjeringens»), unless it is an abbreviation («OGP», «NAV»)."""
    if plan_title[:1].isupper() and plan_title[1:2].islower():
        plan_title = plan_title[:1].lower() + plan_title[1:]
    return f"Statusrapportering for {plan_title}"


def _grade(grade) -> GradeData:
    return GradeData(position=grade.position, meaning=grade.meaning, name=grade.name, name_en=grade.name_en,
                     colour=grade.colour)


def _entry(entry: StatusEntry, grades: dict[int, GradeData], measure: MeasureText | None) -> EntryData:
    label = entry.status
    return EntryData(
        status=label.text if label else None,
        status_en=label.text_en if label else None,
        grade=grades[label.grade_id] if label else None,
        narrative=entry.narrative,
        links=list(entry.links or []),
        measure=measure,
    )


def build_report(plan: Plan, the_round: Round, *, all_rounds: bool = False) -> ReportData:
    """Five queries, however many measures, rounds and ministries the plan has.

    Every round shows its measures and legend as it published them (``tiltak.plans.selectors``): the report's own
    round in its rows, each earlier round in its column of the history.
    """
    scale = list(Grade.objects.filter(scale_id=plan.scale_id).order_by("position"))
    legend_rows = selectors.legend_as_published(the_round, scale=scale)
    # Entries of grades the legend does not name (none, unless the scale grew since): as the scale names them now.
    grades_by_pk = {g.pk: _grade(g) for g in scale}
    grades_by_pk.update({g.pk: _grade(g) for g in legend_rows})
    legend = [grades_by_pk[g.pk] for g in legend_rows]
    # The earlier published rounds give the history; the report's own round may be unpublished (a preview).
    rounds = list(selectors.report_rounds(the_round, all_rounds=all_rounds).order_by("as_of", "pk"))
    # Keep the report's round last even if an earlier round shares its date.
    rounds = [r for r in rounds if r.pk != the_round.pk] + [the_round]
    column = {r.pk: index for index, r in enumerate(rounds)}
    # Every correction of this round after publishing, oldest first (one query, whatever their number): a reader
    # sees each change and its reason, not only the last.
    corrected: dict[int, list[tuple[datetime.datetime, str]]] = {}
    for measure_id, when, reason in (StatusEntryVersion.objects.filter(entry__round=the_round, action="correct")
                                     .order_by("version", "pk").values_list("entry__measure_id", "changed_at",
                                                                            "comment")):
        corrected.setdefault(measure_id, []).append((when, reason))
    shares = Responsibility.objects.select_related("ministry__successor").order_by("position")
    measures = list(Measure.objects.filter(plan=plan).prefetch_related(Prefetch("responsibilities", queryset=shares))
                    .order_by("sort_key"))
    register = {m.pk: selectors.MeasureAsPublished.of(m.snapshot()) for m in measures}
    entries = list(StatusEntry.objects.filter(round__in=[r.pk for r in rounds]).select_related("status"))
    # Each entry's measure as its round published it.
    shown = {entry.pk: selectors.measure_as_published(entry, registered=register[entry.measure_id])
             for entry in entries}
    # The measure as the report's round knew it: its rows and sections show that.
    as_was = {entry.measure_id: shown[entry.pk] for entry in entries if entry.round_id == the_round.pk}
    history: dict[int, list[EntryData | None]] = {}
    for entry in entries:
        row = history.setdefault(entry.measure_id, [None] * len(rounds))
        own = shown[entry.pk]
        # An earlier round that published the measure otherwise carries its own (the all-rounds tables print it).
        differs = own != (as_was.get(entry.measure_id) or register[entry.measure_id])
        row[column[entry.round_id]] = _entry(entry, grades_by_pk, own if differs else None)
    rows, row_measures = [], []
    notes: list[CorrectionData] = []
    ministries: dict[str, MinistryData] = {}
    for measure in measures:
        entries = tuple(history.get(measure.pk, [None] * len(rounds)))
        current = entries[-1]
        if current is None and not measure.belongs_to(the_round):
            continue  # added after the round was opened, or retired before
        kept = as_was.get(measure.pk) or register[measure.pk]
        for when, reason in corrected.get(measure.pk, ()):
            notes.append(CorrectionData(number=kept.number, title=kept.title, date=timezone.localdate(when),
                                        reason=reason))
        # The ministries the round names for the measure, as they were named on its as-of date.
        registered = {r.ministry.abbreviation: r.ministry for r in measure.responsibilities.all()}
        for abbreviation in kept.responsible:
            if abbreviation in ministries:
                continue
            ministry = registered.get(abbreviation)
            if ministry is None:  # no longer responsible: looked up (only where the register changed since)
                ministry = Ministry.objects.by_abbreviation(abbreviation, on=the_round.as_of)
            # A renamed ministry keeps its abbreviation; name it as it was on the as-of date (one renaming
            # ahead is fetched with the row, so the query count stays fixed).
            elif ministry.valid_to and ministry.valid_to < the_round.as_of and ministry.successor_id:
                ministry = ministry.successor
            if ministry is not None:
                ministries[abbreviation] = MinistryData(abbreviation=abbreviation, name=ministry.name,
                                                        name_en=ministry.name_en)
        row_measures.append(measure.pk)
        rows.append(MeasureData(
            number=kept.number, title=kept.title, responsible=list(kept.responsible), plan_text=kept.plan_text,
            status=current.status if current else None,
            status_en=current.status_en if current else None,
            grade=current.grade if current else None,
            narrative=current.narrative if current else "",
            links=list(current.links) if current else [],
            history=entries,
        ))
    if any(row.number != register[pk].number for pk, row in zip(row_measures, rows, strict=True)):
        rows.sort(key=lambda row: natural_key(row.number))  # a renumbered measure in its place as it was
    return ReportData(
        plan_slug=plan.slug, plan_title=plan.title, plan_title_en=plan.title_en, period=plan.period,
        round_slug=the_round.slug, round_label=the_round.label,
        title=the_round.title or default_title(plan.title), introduction=the_round.introduction,
        as_of=the_round.as_of, published=the_round.is_published, grades=legend,
        measures=rows, rounds=[RoundData(slug=r.slug, label=r.label, as_of=r.as_of) for r in rounds],
        ministries=ministries,
        coordinator=plan.coordinator.abbreviation if plan.coordinator_id else None,
        corrections=notes, language=plan.language,
    )
