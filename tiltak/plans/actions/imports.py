"""Storing a report document (report JSON, ``tiltak.report/1``) as a plan and a published round."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tiltak.lib.slugs import norwegian_slug
from tiltak.plans.actions.history import record_version
from tiltak.plans.models import (
    DataQualityNote,
    EntryState,
    Measure,
    Ministry,
    Plan,
    Responsibility,
    Round,
    StatusEntry,
    StatusLabel,
    StatusScale,
)

REPORT_FORMAT = "tiltak.report/1"
FIELD_NAMES = {"title": "tittel", "introduction": "innledning", "plan_text": "tekst i planen"}
MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember"]


class ImportRejected(ValueError):
    """The document cannot be stored as it is; the message says what and where."""


@dataclass
class Changes:
    """What an import did, as lines for people (bokmål) and counted by kind for summaries."""

    lines: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, line: str) -> None:
        self.counts[kind] += 1
        self.lines.append(line)


@dataclass
class ImportResult:
    plan: Plan
    round: Round | None  # None for a plan's list of measures (``"kind": "plan"``): a plan without a round
    changes: Changes = field(default_factory=Changes)
    warnings: list[dict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def lines(self) -> list[str]:
        return self.changes.lines

    @property
    def counts(self) -> Counter:
        """Keys: plan_created, round_created, round_updated, measure_created, measure_updated,
        responsible_changed, entry_updated, note_added."""
        return self.changes.counts

    @property
    def changed(self) -> bool:
        return bool(self.changes.lines)


class _DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run."""


def import_report(*, document: dict, plan_slug: str | None = None, acting_user=None,
                  dry_run: bool = False) -> ImportResult:
    """Store ``document`` in one transaction: a new plan with its round, or a new round of plan ``plan_slug``.

    Importing the same document twice changes nothing the second time. With ``dry_run`` everything is done
    and then rolled back, so the result tells exactly what would change.
    """
    _check_shape(document)
    store = _store_plan if is_measure_list(document) else _store
    try:
        with transaction.atomic():
            result = store(document, plan_slug=plan_slug, acting_user=acting_user)
            if dry_run:
                result.dry_run = True
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return result


def is_measure_list(document: dict) -> bool:
    """Whether the document is a plan's list of measures (no round, no status) rather than a status report."""
    return document.get("kind") == "plan"


def parse_as_of(value: str) -> datetime.date:
    """«2012-02» or «2012-02-15» → a date (the first of the month when no day is given)."""
    try:
        if len(value) == 7:
            return datetime.date.fromisoformat(value + "-01")
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ImportRejected(f"report.as_of: {value!r} is not a date like 2012-02 or 2012-02-15") from None


def round_label(as_of: datetime.date) -> str:
    return f"Status per {MONTHS_NB[as_of.month - 1]} {as_of.year}"


def _check_shape(document: dict) -> None:
    if not isinstance(document, dict) or document.get("format") != REPORT_FORMAT:
        raise ImportRejected(f"not a report document: 'format' must be {REPORT_FORMAT!r}")
    for key in ("plan", "report"):
        if not isinstance(document.get(key), dict):
            raise ImportRejected(f"'{key}' must be an object")
    if not document["plan"].get("title"):
        raise ImportRejected("plan.title is missing")
    measures = document.get("measures")
    if not isinstance(measures, list) or not measures:
        raise ImportRejected("the document holds no measures")
    seen = set()
    for index, measure in enumerate(measures):
        where = f"measures[{index}]"
        if not isinstance(measure, dict) or not str(measure.get("number") or "").strip():
            raise ImportRejected(f"{where}: a measure needs a number")
        number = str(measure["number"]).strip()
        if number in seen:
            raise ImportRejected(f"measure {number}: the number occurs twice")
        seen.add(number)
        if not str(measure.get("title") or "").strip():
            raise ImportRejected(f"measure {number}: the title is missing")
        responsible = measure.get("responsible", [])
        if not isinstance(responsible, list) or not all(isinstance(r, str) for r in responsible):
            raise ImportRejected(f"measure {number}: 'responsible' must be a list of abbreviations")
        if len(set(responsible)) != len(responsible):
            raise ImportRejected(f"measure {number}: a ministry is named twice in 'responsible'")
        links = measure.get("links", [])
        if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
            raise ImportRejected(f"measure {number}: 'links' must be a list of addresses")


def _store(document: dict, *, plan_slug: str | None, acting_user) -> ImportResult:
    plan_data, report_data = document["plan"], document["report"]
    as_of = parse_as_of(str(report_data.get("as_of") or ""))
    changes = Changes()

    plan = _get_or_create_plan(plan_data, report_data, as_of, plan_slug=plan_slug, changes=changes)
    labels = _labels_of(plan.scale)
    the_round = _get_or_create_round(plan, report_data, as_of, changes=changes)

    now = timezone.now()
    for item in document["measures"]:
        measure = _upsert_measure(plan, item, as_of, changes=changes)
        _upsert_entry(measure, the_round, item, labels, now=now, acting_user=acting_user, changes=changes)

    warnings = [w for w in document.get("warnings", []) if isinstance(w, dict)]
    _store_notes(the_round, warnings, changes=changes)
    return ImportResult(plan=plan, round=the_round, changes=changes, warnings=warnings)


def _store_plan(document: dict, *, plan_slug: str | None, acting_user) -> ImportResult:
    """A plan and its measures from the plan's own list of measures; no round. The ministries are those of the
    first day of the plan's period."""
    if any(measure.get("status") for measure in document["measures"]):
        raise ImportRejected("a list of measures (\"kind\": \"plan\") holds no statuses; import a status report")
    plan_data, report_data = document["plan"], document["report"]
    period = plan_data.get("period") or [timezone.localdate().year] * 2
    try:
        first_day = datetime.date(int(period[0]), 1, 1)
    except (TypeError, ValueError, IndexError):
        raise ImportRejected(f"plan.period: {period!r} is not two years") from None
    changes = Changes()
    plan = _get_or_create_plan(plan_data, report_data, first_day, plan_slug=plan_slug, changes=changes)
    for item in document["measures"]:
        _upsert_measure(plan, item, first_day, changes=changes)
    warnings = [w for w in document.get("warnings", []) if isinstance(w, dict)]
    return ImportResult(plan=plan, round=None, changes=changes, warnings=warnings)


def _get_or_create_plan(plan_data: dict, report_data: dict, as_of, *, plan_slug, changes) -> Plan:
    slug = plan_slug or plan_data.get("slug") or norwegian_slug(plan_data["title"])
    if not slug:
        raise ImportRejected("cannot derive a plan slug from the title; give one with --plan")
    plan = Plan.objects.select_related("scale").filter(slug=slug).first()
    if plan is not None:
        return plan
    period = plan_data.get("period") or [as_of.year, as_of.year]
    try:
        start, end = int(period[0]), int(period[-1])
    except (TypeError, ValueError, IndexError):
        raise ImportRejected(f"plan.period: {period!r} is not two years") from None
    if end < start:
        raise ImportRejected(f"plan.period: {start}–{end} ends before it starts")
    coordinator = None
    if plan_data.get("coordinator"):
        coordinator = _ministry(plan_data["coordinator"], as_of, where="plan.coordinator")
    scale = _scale_for(report_data.get("status_scale") or [])
    plan = Plan.objects.create(
        slug=slug, title=plan_data["title"], title_en=plan_data.get("title_en", ""), period_start=start,
        period_end=end, coordinator=coordinator, scale=scale,
    )
    changes.add("plan_created", f"ny plan {slug}: {plan.title}")
    return plan


def _scale_for(grade_names: list[str]) -> StatusScale:
    """The known scale whose legend is this list of grades, in order, each by its name or one of its labels (a
    nynorsk legend names the grades by their nynorsk labels); case aside."""
    wanted = [name.strip().casefold() for name in grade_names]
    scales = StatusScale.objects.prefetch_related("grades")
    if not wanted:
        scale = scales.filter(slug="handlingsplan").first()
        if scale is None:
            raise ImportRejected("the document has no status scale and no default scale is installed")
        return scale
    for scale in scales.prefetch_related("grades__labels"):
        grades = list(scale.grades.all())
        if len(grades) == len(wanted) and all(
            name in {grade.name.casefold(), *(label.text.casefold() for label in grade.labels.all())}
            for grade, name in zip(grades, wanted, strict=True)
        ):
            return scale
    known = "; ".join(" / ".join(g.name for g in s.grades.all()) for s in scales)
    raise ImportRejected(f"report.status_scale {grade_names!r} matches no known scale (known: {known})")


def _labels_of(scale: StatusScale) -> dict[str, StatusLabel]:
    return {label.text.casefold(): label for label in StatusLabel.objects.filter(grade__scale=scale)}


def _get_or_create_round(plan: Plan, report_data: dict, as_of, *, changes) -> Round:
    slug = report_data.get("slug") or as_of.strftime("%Y-%m")
    the_round = Round.objects.filter(plan=plan, slug=slug).first()
    title = report_data.get("title", "")
    introduction = report_data.get("introduction", "")
    if the_round is None:
        published_at = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(12)))
        the_round = Round.objects.create(
            plan=plan, slug=slug, label=report_data.get("label") or round_label(as_of), title=title,
            introduction=introduction, as_of=as_of, state=Round.State.PUBLISHED, published_at=published_at,
        )
        changes.add("round_created", f"ny runde {plan.slug}/{slug}: {the_round.label}")
        return the_round
    changed = _update_fields(the_round, {"title": title, "introduction": introduction})
    if changed:
        changes.add("round_updated", f"endret runde {plan.slug}/{slug}: {', '.join(FIELD_NAMES[c] for c in changed)}")
    return the_round


def _update_fields(obj, values: dict[str, str]) -> list[str]:
    """Set and save the fields whose new value is given (not empty) and differs; return their names."""
    changed = [name for name, value in values.items() if value and getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return changed


def _ministry(abbreviation: str, on: datetime.date, *, where: str) -> Ministry:
    ministry = Ministry.objects.by_abbreviation(abbreviation.strip(), on=on)
    if ministry is None:
        known = ", ".join(sorted(set(Ministry.objects.values_list("abbreviation", flat=True))))
        raise ImportRejected(f"{where}: unknown ministry {abbreviation!r} (known: {known})")
    return ministry


def _upsert_measure(plan: Plan, item: dict, as_of, *, changes) -> Measure:
    number = str(item["number"]).strip()
    title = item["title"].strip()
    plan_text = item.get("plan_text") or ""
    ministries = [_ministry(a, as_of, where=f"measure {number}") for a in item.get("responsible", [])]
    measure = Measure.objects.filter(plan=plan, number=number).first()
    if measure is None:
        measure = Measure.objects.create(plan=plan, number=number, sort_key=Measure.key_for(number), title=title,
                                         plan_text=plan_text)
        changes.add("measure_created", f"nytt tiltak {number}: {title}")
    else:
        changed = _update_fields(measure, {"title": title, "plan_text": plan_text})
        if changed:
            changes.add("measure_updated", f"endret tiltak {number}: {', '.join(FIELD_NAMES[c] for c in changed)}")
    current = list(measure.responsibilities.order_by("position").values_list("ministry__abbreviation", flat=True))
    wanted = [m.abbreviation for m in ministries]
    if ministries and current != wanted:
        measure.responsibilities.all().delete()
        Responsibility.objects.bulk_create(
            Responsibility(measure=measure, ministry=m, position=i) for i, m in enumerate(ministries)
        )
        if current:
            changes.add("responsible_changed", f"tiltak {number}: ansvar {','.join(current)} → {','.join(wanted)}")
    return measure


def _upsert_entry(measure: Measure, the_round: Round, item: dict, labels: dict, *, now, acting_user, changes):
    status = _status_label(item.get("status"), labels, number=measure.number)
    narrative = item.get("status_text") or ""
    links = list(item.get("links") or [])
    entry = StatusEntry.objects.filter(measure=measure, round=the_round).first()
    if entry is None:
        entry = StatusEntry.objects.create(
            measure=measure, round=the_round, status=status, narrative=narrative, links=links,
            state=EntryState.APPROVED, updated_at=now, updated_by=acting_user, approved_by=acting_user,
            approved_at=now,
        )
        record_version(entry, action="import", acting_user=acting_user)
        return
    if (entry.status_id, entry.narrative, entry.links) == (status.pk if status else None, narrative, links):
        return
    entry.status, entry.narrative, entry.links = status, narrative, links
    entry.version += 1
    entry.updated_at, entry.updated_by = now, acting_user
    entry.save()
    record_version(entry, action="import", acting_user=acting_user, comment="re-imported with changes")
    changes.add("entry_updated", f"tiltak {measure.number}: ny versjon {entry.version} av statusen")


def _status_label(text, labels: dict, *, number: str) -> StatusLabel | None:
    if not text:
        return None
    label = labels.get(str(text).strip().casefold())
    if label is None:
        allowed = ", ".join(sorted({lbl.text for lbl in labels.values()}))
        raise ImportRejected(f"measure {number}: unknown status {text!r} (allowed: {allowed})")
    return label


def _store_notes(the_round: Round, warnings: list[dict], *, changes) -> None:
    measures = {m.number: m for m in the_round.plan.measures.all()}
    for warning in warnings:
        measure = measures.get(str(warning.get("measure") or ""))
        code = str(warning.get("code") or "note")[:60]
        message = str(warning.get("message") or "")
        _note, created = DataQualityNote.objects.get_or_create(
            round=the_round, measure=measure, code=code, defaults={"message": message}
        )
        if created:
            changes.add("note_added", f"merknad ({code}) for tiltak {warning.get('measure') or '–'}: {message}")
