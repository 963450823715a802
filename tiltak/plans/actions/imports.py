"""Storing a report document (report JSON, ``tiltak.report/1``) as a plan and a round: an action like the others.

- **Who.** ``acting_user`` is a person, checked here (``plans.import_report``: the coordinator of the plan, or of
  every plan, or an administrator), or :data:`SYSTEM` — the command line and the loading of the built-in plan,
  run by whoever runs the server and so acting as an administrator. ``None`` is nobody and may do nothing.
- **Which plan.** The plan ``plan_slug`` names; else the plan the document's slug names; else a plan with the
  same title and period, or the same measures — a document of a plan that exists becomes a round of it, never a
  second copy of the plan (``ImportResult.matched_by`` says why); else a new plan.
- **Which round, and what may change in it.** A new round is published at once, or with ``publish=False`` kept
  closed, every entry approved, for the coordinator to review and publish. In an existing round that is not
  published an import changes only entries the reporters still work on (draft, returned): an approved or
  submitted entry is left as it is. In a published round a change is the coordinator's correction: it needs a
  ``reason`` and is recorded like every other correction (history action ``correct``, the reason as comment).
- **The measures as each round published them.** A round keeps its measures' texts (number, title, plan text,
  responsible ministries) as the document has them (``tiltak.plans.selectors.measure_as_published``). The register
  (what the next round starts from) changes only where the document is the newest word on the measure — no round
  of a later date has an entry for it — and every round before keeps its texts as they were. An older document
  records its texts for its own round only. A measure only an older document has is added as retired (the later
  rounds did not have it). Changing a published round's texts is a correction like any other (a reason, a
  history row).
- **Every change** is listed with what it was and what it becomes (``ImportResult.changes.items``), so the web
  preview shows it as a diff.
- **One at a time.** Imports take one lock (PostgreSQL: an advisory lock; SQLite: the write lock its IMMEDIATE
  transactions take at once); one that cannot get it in time is refused with a message. The document is parsed
  before, outside any transaction, so the lock is held only for the short write.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltak.importer.reconcile import KeptText, reconcile_document
from tiltak.lib import report_format, values
from tiltak.lib.language import round_label
from tiltak.lib.slugs import norwegian_slug
from tiltak.lib.textdiff import word_diff
from tiltak.plans import access, selectors
from tiltak.plans.access import SYSTEM
from tiltak.plans.actions import search_index
from tiltak.plans.actions.history import record_version
from tiltak.plans.actions.register import keep_as_was
from tiltak.plans.actions.stored_texts import stored_texts
from tiltak.plans.models import (
    DataQualityNote,
    EntryState,
    Language,
    Measure,
    Ministry,
    Plan,
    Responsibility,
    Round,
    StatusEntry,
    StatusLabel,
    StatusScale,
)

FIELD_NAMES = {"title": "tittel", "introduction": "innledning", "plan_text": "tekst i planen"}
# Kinds of change that alter a published round, and so are corrections needing a reason.
CORRECTIONS = ("round_updated", "entry_updated", "entry_created", "measure_in_round_updated")
IMPORT_LOCK = 0x74696C74  # "tilt": the advisory lock imports take on PostgreSQL


class ImportRejected(ValueError):
    """The document cannot be stored as it is; the message says what and where."""


class ImportBusy(ImportRejected):
    """Another import held the lock longer than this one could wait."""


@dataclass
class Change:
    """One change: a line for people (bokmål) and, for a changed text, what it was and what it becomes."""

    kind: str
    line: str
    field: str = ""
    before: str | None = None
    after: str | None = None

    @property
    def diff(self) -> list[tuple[str, str]]:
        """Word by word: ("same" | "removed" | "added", text) pieces; empty when there is nothing to compare."""
        if self.before is None or self.after is None:
            return []
        return word_diff(self.before, self.after)


@dataclass
class Changes:
    """What an import did: items (a line, and before and after), counted by kind."""

    items: list[Change] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, line: str, *, field_name: str = "", before=None, after=None) -> None:
        self.counts[kind] += 1
        self.items.append(Change(kind, line, field_name, before, after))

    @property
    def lines(self) -> list[str]:
        return [item.line for item in self.items]


@dataclass
class ImportResult:
    plan: Plan
    round: Round | None  # None for a plan's list of measures (``"kind": "plan"``): a plan without a round
    changes: Changes = field(default_factory=Changes)
    warnings: list[dict] = field(default_factory=list)
    dry_run: bool = False
    matched_by: str | None = None  # how an existing plan was found: "slug", "title" (and period) or "measures"
    kept: list[str] = field(default_factory=list)  # measures whose approved or submitted entry was left alone
    # Texts the document holds worse than they are stored (OCR damage): the stored text, or spelling, is kept.
    stored_kept: list[KeptText] = field(default_factory=list)
    needs_reason: bool = False  # it changes a published round, which only a correction with a reason may

    @property
    def lines(self) -> list[str]:
        return self.changes.lines

    @property
    def counts(self) -> Counter:
        """Keys: plan_created, plan_matched, round_created, round_updated, measure_created, measure_updated,
        responsible_changed, measure_in_round_updated, entry_created, entry_updated, entry_kept, note_added."""
        return self.changes.counts

    @property
    def changed(self) -> bool:
        return any(kind not in ("plan_matched", "entry_kept") for kind in +self.changes.counts)

    @property
    def plan_is_new(self) -> bool:
        return bool(self.counts["plan_created"])

    @property
    def round_is_new(self) -> bool:  # False for a plan's list of measures
        return bool(self.counts["round_created"])


class _DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run."""


def import_report(*, document: dict, acting_user, plan_slug: str | None = None, dry_run: bool = False,
                  reason: str = "", publish: bool = True) -> ImportResult:
    """Store ``document`` in one transaction: a new plan with its round, or a round of an existing plan.

    Importing the same document twice changes nothing the second time. With ``dry_run`` everything is done
    and then rolled back, so the result tells exactly what would change (and whether a reason is needed).
    """
    document = _checked(document, plan_slug)
    reason = (reason or "").strip()
    try:
        return _import_once(document, acting_user=acting_user, plan_slug=plan_slug, dry_run=dry_run,
                            reason=reason, publish=publish)
    except IntegrityError:
        # With the import lock held no other import writes meanwhile, but another writer (the register pages, the
        # API) may have inserted the same plan, round or measure between this import's read and its insert: once
        # more, on what that writer committed. A second conflict is no race but a fault, and surfaces as one.
        return _import_once(document, acting_user=acting_user, plan_slug=plan_slug, dry_run=dry_run,
                            reason=reason, publish=publish)


def _import_once(document: dict, *, acting_user, plan_slug: str | None, dry_run: bool, reason: str,
                 publish: bool) -> ImportResult:
    store = _store_plan if is_measure_list(document) else _store
    try:
        with transaction.atomic():
            _take_import_lock()
            result = store(document, plan_slug=plan_slug, acting_user=acting_user, reason=reason, publish=publish)
            if result.needs_reason and not reason and not dry_run:
                raise ImportRejected(_("Importen endrer den publiserte runden «%(round)s». Det er en rettelse, "
                                       "og den krever en begrunnelse.") % {"round": result.round.label})
            if dry_run:
                result.dry_run = True
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except OperationalError as exc:
        if "lock" not in str(exc).lower():
            raise
        raise ImportBusy(_("En annen import pågår. Prøv igjen om litt.")) from None
    return result


def is_measure_list(document: dict) -> bool:
    """Whether the document is a plan's list of measures (no round, no status) rather than a status report."""
    return document.get("kind") == "plan"


def _take_import_lock() -> None:
    """One import at a time. On SQLite the IMMEDIATE transaction already holds the write lock."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET LOCAL lock_timeout = '20s'")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        except DatabaseError as exc:
            raise OperationalError(f"import lock not granted: {exc}") from None


def _require(acting_user, plan: Plan | None) -> None:
    """Refuse unless ``acting_user`` may import into ``plan`` (None: as a new plan)."""
    if acting_user is SYSTEM or access.can(acting_user, "import_report", plan):
        return
    if plan is None:
        raise PermissionDenied(_("Bare koordinator kan importere rapporter."))
    raise PermissionDenied(_("Du kan ikke importere til planen «%(title)s».") % {"title": plan.title})


def _person(acting_user):
    """The user a history row names: nobody for the system."""
    return None if acting_user is SYSTEM else acting_user


def parse_as_of(value: str) -> datetime.date:
    """«2012-02» or «2012-02-15» → a date (the first of the month when no day is given)."""
    try:
        if len(value) == 7:
            return datetime.date.fromisoformat(value + "-01")
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ImportRejected(f"report.as_of: {value!r} is not a date like 2012-02 or 2012-02-15") from None


def _checked(document, plan_slug: str | None) -> dict:
    """The document in normal form, checked against the one definition of report JSON (lengths, characters,
    slugs, numbers, links, types); ImportRejected with one line saying what and where."""
    try:
        document = report_format.check(document)
    except report_format.ReportFormatError as exc:
        raise ImportRejected(str(exc)) from None
    if plan_slug is not None and values.slug_problem(plan_slug, values.PLAN_SLUG):
        raise ImportRejected(f"--plan: {values.slug_problem(plan_slug, values.PLAN_SLUG)}")
    return document

def _store(document: dict, *, plan_slug: str | None, acting_user, reason: str, publish: bool) -> ImportResult:
    plan_data, report_data = document["plan"], document["report"]
    as_of = parse_as_of(str(report_data.get("as_of") or ""))
    changes = Changes()

    plan, matched_by = _find_plan(plan_data, document["measures"], plan_slug=plan_slug)
    _require(acting_user, plan)
    stored_kept: list[KeptText] = []
    if plan is not None:  # never worse than what is stored
        document, stored_kept = reconcile_document(
            document, stored_texts(plan, round_slug=report_data.get("slug") or as_of.strftime("%Y-%m")))
    if plan is None:
        plan = _create_plan(plan_data, report_data, as_of, plan_slug=plan_slug, changes=changes,
                            language=document.get("language"))
    elif matched_by in MATCHED_BY:
        changes.add("plan_matched", _("planen finnes: «%(title)s» (%(why)s), så dokumentet blir en runde av den, "
                                      "ikke en ny plan") % {"title": plan.title, "why": MATCHED_BY[matched_by]()})
    labels = _labels_of(plan.scale)
    the_round = _get_or_create_round(plan, report_data, as_of, publish=publish, changes=changes)
    result = ImportResult(plan=plan, round=the_round, changes=changes, matched_by=matched_by,
                          stored_kept=stored_kept)

    now = timezone.now()
    measures = []
    for item in document["measures"]:
        measure, texts = _upsert_measure(plan, item, as_of, the_round=the_round, now=now, changes=changes)
        measures.append(measure.pk)
        _upsert_entry(measure, the_round, item, labels, texts=texts, now=now, acting_user=acting_user,
                      reason=reason, result=result)
    # The search index: this round's entries (if published), and every published entry of a measure whose
    # title or plan text the document changed.
    search_index.update(StatusEntry.objects.filter(round=the_round))
    if changes.counts["measure_updated"]:
        search_index.update(StatusEntry.objects.filter(measure__in=measures, round__state=Round.State.PUBLISHED))

    result.warnings = [w for w in document.get("warnings", []) if isinstance(w, dict)]
    _store_notes(the_round, result.warnings, changes=changes)
    result.needs_reason = the_round.is_published and not result.round_is_new and any(
        changes.counts[kind] for kind in CORRECTIONS)
    return result


def _store_plan(document: dict, *, plan_slug: str | None, acting_user, reason: str, publish: bool) -> ImportResult:
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
    plan, matched_by = _find_plan(plan_data, document["measures"], plan_slug=plan_slug)
    _require(acting_user, plan)
    stored_kept: list[KeptText] = []
    if plan is None:
        plan = _create_plan(plan_data, report_data, first_day, plan_slug=plan_slug, changes=changes,
                            language=document.get("language"))
    else:  # never worse than what is stored
        document, stored_kept = reconcile_document(document, stored_texts(plan, round_slug=None))
    now = timezone.now()
    for item in document["measures"]:
        edited = changes.counts["measure_updated"]
        measure, _texts = _upsert_measure(plan, item, first_day, the_round=None, now=now, changes=changes)
        if changes.counts["measure_updated"] > edited:
            search_index.update_measure(measure)
    warnings = [w for w in document.get("warnings", []) if isinstance(w, dict)]
    return ImportResult(plan=plan, round=None, changes=changes, warnings=warnings, matched_by=matched_by,
                        stored_kept=stored_kept)


MATCHED_BY = {"title": lambda: _("samme tittel og periode"), "measures": lambda: _("de samme tiltakene")}


def _normal(text) -> str:
    return " ".join(str(text or "").replace("–", "-").split()).casefold()


def _find_plan(plan_data: dict, measures: list[dict], *, plan_slug: str | None) -> tuple[Plan | None, str | None]:
    """The existing plan the document belongs to, and how it was found; (None, None) for a new plan."""
    plans = Plan.objects.select_related("scale")
    if plan_slug:
        plan = plans.filter(slug=plan_slug).first()
        return plan, "slug" if plan else None
    slug = plan_data.get("slug") or norwegian_slug(plan_data["title"])
    if slug and (plan := plans.filter(slug=slug).first()) is not None:
        return plan, "slug"
    title, period = _normal(plan_data["title"]), [str(p) for p in (plan_data.get("period") or [])]
    for plan in plans.order_by("pk"):
        same_period = not period or [str(plan.period_start), str(plan.period_end)] == [period[0], period[-1]]
        if _normal(plan.title) == title and same_period:
            return plan, "title"
    wanted = {str(m["number"]).strip(): _normal(m.get("title")) for m in measures}
    by_plan: dict[int, dict[str, str]] = {}
    for plan_id, number, measure_title in Measure.objects.values_list("plan_id", "number", "title"):
        by_plan.setdefault(plan_id, {})[number] = _normal(measure_title)
    for plan_id, existing in sorted(by_plan.items()):
        if set(existing) == set(wanted) and sum(existing[n] == wanted[n] for n in wanted) >= 0.8 * len(wanted):
            return plans.get(pk=plan_id), "measures"
    return None, None


def _create_plan(plan_data: dict, report_data: dict, as_of, *, plan_slug, changes, language: str | None) -> Plan:
    slug = plan_slug or plan_data.get("slug") or norwegian_slug(plan_data["title"], max_length=values.PLAN_SLUG)
    if not slug or values.slug_problem(slug, values.PLAN_SLUG):
        raise ImportRejected("cannot derive a plan slug from the title; give one with --plan")
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
        language=Language.NYNORSK if language == Language.NYNORSK else Language.BOKMAL,
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


def _get_or_create_round(plan: Plan, report_data: dict, as_of, *, publish: bool, changes) -> Round:
    slug = report_data.get("slug") or as_of.strftime("%Y-%m")
    the_round = Round.objects.select_for_update().filter(plan=plan, slug=slug).first()
    title = report_data.get("title", "")
    introduction = report_data.get("introduction", "")
    if the_round is None:
        published_at = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(12)))
        the_round = Round.objects.create(
            plan=plan, slug=slug, label=report_data.get("label") or round_label(as_of), title=title,
            introduction=introduction, as_of=as_of,
            state=Round.State.PUBLISHED if publish else Round.State.CLOSED,
            published_at=published_at if publish else None,
        )
        kept = "" if publish else _(" (holdes upublisert til koordinator har gått gjennom den)")
        changes.add("round_created", f"ny runde {plan.slug}/{slug}: {the_round.label}{kept}")
        return the_round
    before = {"title": the_round.title, "introduction": the_round.introduction}
    for name in _update_fields(the_round, {"title": title, "introduction": introduction}):
        changes.add("round_updated", f"endret runde {plan.slug}/{slug}: {FIELD_NAMES[name]}",
                    field_name=FIELD_NAMES[name], before=before[name], after=getattr(the_round, name))
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


def _is_newest_word(measure: Measure, the_round: Round | None, as_of: datetime.date) -> bool:
    """Whether the document may change the register's measure: no round dated after it has an entry for it (a
    plan's list of measures, with no round, is the register itself)."""
    if the_round is None:
        return True
    return not StatusEntry.objects.filter(measure=measure, round__as_of__gt=as_of).exclude(round=the_round).exists()


def _set_responsible(measure: Measure, ministries: list[Ministry]) -> None:
    measure.responsibilities.all().delete()
    Responsibility.objects.bulk_create(Responsibility(measure=measure, ministry=m, position=i)
                                       for i, m in enumerate(ministries))


def _upsert_measure(plan: Plan, item: dict, as_of, *, the_round: Round | None, now, changes) -> tuple[Measure, dict]:
    """The register's measure for the document's item, changed only where the document is the newest word on it;
    and what the document says of the measure's texts (number and title always; plan text and responsible where
    it has them), which its round publishes."""
    number = str(item["number"]).strip()
    title = item["title"].strip()
    plan_text = item.get("plan_text") or ""
    ministries = [_ministry(a, as_of, where=f"measure {number}") for a in item.get("responsible", [])]
    said = {"number": number, "title": title, **({"plan_text": plan_text} if plan_text else {}),
            **({"responsible": [m.abbreviation for m in ministries]} if ministries else {})}
    measure = Measure.objects.filter(plan=plan, number=number).first()
    if measure is None:
        others = plan.rounds.exclude(pk=the_round.pk) if the_round is not None else plan.rounds.none()
        # Not part of the rounds already there (Measure.belongs_to); and retired at once when a later round has
        # gone without it.
        measure = Measure.objects.create(plan=plan, number=number, sort_key=Measure.key_for(number), title=title,
                                         plan_text=plan_text, added_at=now if others.exists() else None,
                                         retired_at=now if others.filter(as_of__gt=as_of).exists() else None)
        _set_responsible(measure, ministries)
        changes.add("measure_created", f"nytt tiltak {number}: {title}")
        return measure, said
    if not _is_newest_word(measure, the_round, as_of):
        return measure, said  # an older document: its round keeps these texts (_upsert_entry), the register stays
    current = list(measure.responsibilities.order_by("position").values_list("ministry__abbreviation", flat=True))
    wanted = said.get("responsible", current)
    if title == measure.title and plan_text in ("", measure.plan_text) and wanted == current:
        return measure, said
    keep_as_was(measure)  # the rounds so far keep the measure as it is now
    before = {"title": measure.title, "plan_text": measure.plan_text}
    for name in _update_fields(measure, {"title": title, "plan_text": plan_text}):
        changes.add("measure_updated", f"endret tiltak {number}: {FIELD_NAMES[name]}",
                    field_name=FIELD_NAMES[name], before=before[name], after=getattr(measure, name))
    if current != wanted:
        _set_responsible(measure, ministries)
        if current:
            changes.add("responsible_changed", f"tiltak {number}: ansvar {','.join(current)} → {','.join(wanted)}",
                        field_name=_("ansvar"), before=",".join(current), after=",".join(wanted))
    return measure, said


def _as_said(base: dict, texts: dict) -> selectors.MeasureAsPublished:
    """The measure's texts ``base`` with what the document says of them."""
    return selectors.MeasureAsPublished.of({**base, **texts})


def _texts_in_round(measure: Measure, texts: selectors.MeasureAsPublished) -> dict:
    """What an entry keeps as ``measure_as_was``: nothing while the round's texts are the register's."""
    return {} if texts == selectors.MeasureAsPublished.of(measure.snapshot()) else texts.snapshot()


def _round_text_changes(number: str, before: selectors.MeasureAsPublished, after: selectors.MeasureAsPublished,
                        changes) -> bool:
    """List how the round's own texts of the measure change; whether they do."""
    fields = [(FIELD_NAMES["title"], before.title, after.title),
              (FIELD_NAMES["plan_text"], before.plan_text, after.plan_text),
              (_("ansvar"), ",".join(before.responsible), ",".join(after.responsible))]
    changed = False
    for name, old, new in fields:
        if old != new:
            changes.add("measure_in_round_updated", f"tiltak {number} i runden: {name}", field_name=name,
                        before=old, after=new)
            changed = True
    return changed


def _upsert_entry(measure: Measure, the_round: Round, item: dict, labels: dict, *, texts: dict, now, acting_user,
                  reason: str, result: ImportResult) -> None:
    """The measure's entry in the round as the document has it (its status, and the measure's texts as the round
    publishes them: ``texts``, what the document says of them), within what the round's state allows."""
    changes = result.changes
    person = _person(acting_user)
    status = _status_label(item.get("status"), labels, number=measure.number)
    narrative = item.get("status_text") or ""
    links = list(item.get("links") or [])
    entry = StatusEntry.objects.filter(measure=measure, round=the_round).select_related("status").first()
    correcting = the_round.is_published and not result.round_is_new
    if entry is None:
        # A historic round (new, or published) holds approved entries; a round in progress gets a draft.
        settled = result.round_is_new or the_round.is_published
        entry = StatusEntry.objects.create(
            measure=measure, round=the_round, status=status, narrative=narrative, links=links,
            state=EntryState.APPROVED if settled else EntryState.DRAFT, updated_at=now, updated_by=person,
            approved_by=person if settled else None, approved_at=now if settled else None,
            measure_as_was=_texts_in_round(measure, _as_said(measure.snapshot(), texts)),
        )
        record_version(entry, action="correct" if correcting else "import", acting_user=person,
                       comment=reason if correcting else "")
        if not result.round_is_new:
            changes.add("entry_created", f"tiltak {measure.number}: ny status i runden", field_name=_("status"),
                        before="", after=_entry_text(status, narrative, links))
        return
    as_published = selectors.measure_as_published(entry, measure)
    said = _as_said(as_published.snapshot(), texts)
    texts_changed = _round_text_changes(measure.number, as_published, said, changes)
    if texts_changed:
        entry.measure_as_was = _texts_in_round(measure, said)
    if (entry.status_id, entry.narrative, list(entry.links)) == (status.pk if status else None, narrative, links):
        if texts_changed:
            _save_texts(entry, correcting=correcting, now=now, person=person, reason=reason)
        return
    if not the_round.is_published and entry.state not in (EntryState.DRAFT, EntryState.RETURNED):
        # Reviewed, or waiting for review: what the coordinator approved (or is about to) is not overwritten.
        if texts_changed:
            _save_texts(entry, correcting=correcting, now=now, person=person, reason=reason)
        result.kept.append(measure.number)
        changes.add("entry_kept", _("tiltak %(number)s: %(state)s, ikke endret av importen")
                    % {"number": measure.number, "state": entry.get_state_display().lower()})
        return
    before = _entry_text(entry.status, entry.narrative, entry.links)
    entry.status, entry.narrative, entry.links = status, narrative, links
    entry.version += 1
    entry.updated_at, entry.updated_by, entry.unchanged = now, person, False
    if not correcting:
        entry.state = EntryState.DRAFT
    entry.save()
    record_version(entry, action="correct" if correcting else "import", acting_user=person,
                   comment=reason if correcting else "importert på nytt")
    changes.add("entry_updated", f"tiltak {measure.number}: ny versjon {entry.version} av statusen",
                field_name=_("status"), before=before, after=_entry_text(status, narrative, links))


def _save_texts(entry: StatusEntry, *, correcting: bool, now, person, reason: str) -> None:
    """The round's own texts of the measure changed, its status not: saved as a new version of the entry (in a
    published round, a correction with its reason), so the history and the readers see when and why."""
    if not correcting:
        entry.save(update_fields=["measure_as_was"])
        return
    entry.version += 1
    entry.updated_at, entry.updated_by = now, person
    entry.save(update_fields=["measure_as_was", "version", "updated_at", "updated_by"])
    record_version(entry, action="correct", acting_user=person, comment=reason)


def _entry_text(status: StatusLabel | None, narrative: str, links=()) -> str:
    """An entry as one text to compare: «Status: X», the narrative, the links."""
    parts = [f"Status: {status.text if status else '–'}", narrative, *links]
    return "\n\n".join(part for part in parts if part)


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
