"""A ministry's filled-in form taken back in: every row through the entry page's rules, permissions and actions.

The rows come as plain text (tiltak.forms_xlsx reads the file and checks that it is ours); here each row is
judged as the entry page would judge it and, unless ``dry_run``, stored through ``update_entry`` /
``save_and_submit`` acting as the uploading person, each in its own savepoint, recorded in the history «via skjema».

Per row the outcome is one of:
- ``unchanged``: the form says what tiltak holds, or the row was not edited since the form was made (then a
  later change in tiltak stands);
- ``changed`` (stored, or to be stored on confirmation; ``submitted`` when sent in too);
- ``refused``, with the reason: a status no label of the scale has, a text too long, a bad link, an entry the
  person may not change or that is no longer open;
- ``conflict``: the row was edited in the form and the entry was changed in tiltak since the form was made.
  Nothing is overwritten unless the person chooses it for that row (``overwrite`` maps its number to the version
  they saw), and even then only if the entry has not moved again.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiltak.plans import access, validation
from tiltak.plans.actions.entries import (
    EDITABLE,
    EntryConflict,
    save_and_submit,
    submit_entry,
    update_entry,
    validate_content,
)
from tiltak.plans.models import EntryState, Responsibility, Round, StatusEntry, StatusLabel, Via

MAX_ROWS = 2000  # as many measures as one report may have (tiltak.lib.values)


class FormRejected(ValueError):
    """The form as a whole cannot be taken in (nothing is stored); the message says why."""


@dataclass(frozen=True)
class FormRow:
    """One row of a filled-in form, as read: the cells as text, and the entry's version and digest at export."""

    number: str
    version: int
    digest: str
    status: str
    narrative: str
    links: str


@dataclass
class RowOutcome:
    number: str
    kind: str  # unchanged | changed | refused | conflict
    title: str = ""
    detail: str = ""
    status_before: str = ""
    status_after: str = ""
    narrative_before: str = ""
    narrative_after: str = ""
    links_before: list[str] = field(default_factory=list)
    links_after: list[str] = field(default_factory=list)
    submitted: bool = False
    version: int = 0  # the entry's version now (a conflict's: the one to overwrite, if the person chooses)


@dataclass
class FormResult:
    rows: list[RowOutcome]
    stored: bool

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)


def content_digest(grade_id: int | None, narrative: str, links: list[str]) -> str:
    """What a row said when the form was made, to tell an edited row from one left alone."""
    raw = json.dumps([grade_id, narrative, list(links)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def split_links(cell: str) -> list[str]:
    return [line.strip() for line in (cell or "").splitlines() if line.strip()]


class Labels:
    """The plan's status labels, found by any of their spellings (bokmål or English, label or grade name)."""

    def __init__(self, scale_id: int):
        self.labels = list(StatusLabel.objects.filter(grade__scale_id=scale_id).select_related("grade")
                           .order_by("grade__position", "position", "pk"))
        self.main: dict[int, StatusLabel] = {}
        for label in self.labels:
            self.main.setdefault(label.grade_id, label)

    def find(self, text: str, current: StatusLabel | None) -> StatusLabel | None:
        """The label ``text`` names; the entry's own label when it names the entry's grade (so an imported
        «Løpende» stays «Løpende»). ValidationError when no label of the scale is spelt so."""
        wanted = validation.normalise(text or "", validation.Kind.LINE).casefold()
        if not wanted:
            return None
        exact = [label for label in self.labels if label.text.casefold() == wanted]
        spelt = exact or [label for label in self.labels
                          if wanted in {(label.text_en or "").casefold(), label.grade.name.casefold(),
                                        (label.grade.name_en or "").casefold()}]
        if not spelt:
            known = ", ".join(f"«{label.text}»" for label in self.main.values())
            raise ValidationError({"status": [_("«%(status)s» er ikke en status i denne planen. Velg en av "
                                                "%(known)s.") % {"status": text.strip()[:100], "known": known}]})
        label = spelt[0] if exact else self.main[spelt[0].grade_id]
        if current is not None and current.grade_id == label.grade_id:
            return current
        return label


def may_take_form(user, the_round: Round, ministry: str) -> bool:
    """The plan's coordinator takes any ministry's form; a reporter only their own ministry's."""
    return access.can(user, "review_entry", the_round) or ministry in access.reporting_ministries(user)


def ministries_of(the_round: Round) -> list[str]:
    """The ministries with a measure in the round, as lead or co-responsible, in alphabetical order."""
    return sorted(set(Responsibility.objects.filter(measure__entries__round=the_round)
                      .values_list("ministry__abbreviation", flat=True)))


def forms_for(user, the_round: Round) -> list[str]:
    """The ministries whose forms ``user`` may have in the round; PermissionDenied when none (and not the
    coordinator): the person reports on nothing in it."""
    ministries = [m for m in ministries_of(the_round) if may_take_form(user, the_round, m)]
    if not ministries and not access.can(user, "review_entry", the_round):
        raise PermissionDenied(_("Du rapporterer ikke på noen tiltak i denne runden."))
    return ministries


def _refused(row: FormRow, entry: StatusEntry | None, reason: str) -> RowOutcome:
    outcome = _outcome(row, entry, "refused") if entry else RowOutcome(number=row.number, kind="refused")
    outcome.detail = reason
    return outcome


def _outcome(row: FormRow, entry: StatusEntry, kind: str) -> RowOutcome:
    return RowOutcome(number=row.number, kind=kind, title=entry.measure.title,
                      status_before=entry.status.text if entry.status_id else "",
                      narrative_before=entry.narrative, links_before=list(entry.links), version=entry.version)


def _why_not_editable(user, entry: StatusEntry) -> str | None:
    if not access.can(user, "edit_entry", entry):
        return _("Du kan ikke endre dette tiltaket: departementet ditt har ikke ansvar for det.")
    if entry.state not in EDITABLE:
        return _("Tiltaket har tilstanden «%(state)s», så det kan ikke endres nå.") % {
            "state": entry.get_state_display()}
    return None


def _judge(row: FormRow, entry: StatusEntry, labels: Labels, user, *, submit: bool,
           overwrite: dict[str, int]) -> tuple[RowOutcome, tuple | None]:
    """The row's outcome, and what to store for it (status, narrative, links, expected version) if anything."""
    try:
        status = labels.find(row.status, entry.status)
        narrative, links = validate_content(entry=entry, status=status, narrative=row.narrative,
                                            links=split_links(row.links))
    except ValidationError as exc:
        return _refused(row, entry, " ".join(exc.messages)), None
    outcome = _outcome(row, entry, "unchanged")
    outcome.status_after = status.text if status else ""
    outcome.narrative_after, outcome.links_after = narrative, links
    untouched = content_digest(status.grade_id if status else None, narrative, links) == row.digest
    same = (entry.status_id, entry.narrative, list(entry.links)) == (status.pk if status else None, narrative, links)
    if untouched or same:
        if untouched and not same:
            outcome.detail = _("Raden er ikke endret i skjemaet; tiltaket er endret i tiltak etter at skjemaet ble "
                               "laget, og det som står der nå, beholdes.")
            outcome.status_after, outcome.narrative_after, outcome.links_after = (
                outcome.status_before, outcome.narrative_before, outcome.links_before)
        ready = (submit and entry.state in EDITABLE and not entry.unchanged and entry.status_id
                 and entry.narrative.strip() and access.can(user, "submit_entry", entry))
        return outcome, ((entry.status, entry.narrative, list(entry.links), entry.version) if ready else None)
    expected = row.version
    if entry.version != row.version:
        # Not chosen, or chosen for a version that has changed again since: the person has not seen what is there.
        if overwrite.get(row.number) != entry.version:
            outcome.kind = "conflict"
            outcome.detail = _("Tiltaket er endret i tiltak etter at skjemaet ble laget (versjon %(then)d i "
                               "skjemaet, nå versjon %(now)d). Skjemaets tekst er ikke lagret.") % {
                "then": row.version, "now": entry.version}
            return outcome, None
        expected = overwrite[row.number]
    problem = _why_not_editable(user, entry)
    if problem:
        return _refused(row, entry, problem), None
    outcome.kind = "changed"
    return outcome, (status, narrative, links, expected)


def _store(entry: StatusEntry, content: tuple, outcome: RowOutcome, user, *, submit: bool) -> None:
    status, narrative, links, expected = content
    sending = submit and access.can(user, "submit_entry", entry)
    try:
        with transaction.atomic():
            if outcome.kind == "unchanged":
                updated = submit_entry(entry=entry, acting_user=user, via=Via.FORM)
            elif sending:
                updated = save_and_submit(entry=entry, status=status, narrative=narrative, links=links,
                                          expected_version=expected, acting_user=user, via=Via.FORM)
            else:
                updated = update_entry(entry=entry, status=status, narrative=narrative, links=links,
                                       expected_version=expected, acting_user=user, via=Via.FORM)
    except (EntryConflict, PermissionDenied) as exc:
        outcome.kind, outcome.detail = "refused", str(exc)
        return
    except ValidationError as exc:
        outcome.kind, outcome.detail = "refused", " ".join(exc.messages)
        return
    outcome.submitted = updated.state == EntryState.SUBMITTED
    outcome.version = updated.version


@transaction.atomic
def apply_form(*, the_round: Round, ministry: str, rows: list[FormRow], acting_user, submit: bool = False,
               overwrite: dict[str, int] | None = None, dry_run: bool = False) -> FormResult:
    """Judge every row of ``ministry``'s form for ``the_round`` and, unless ``dry_run``, store the good ones.

    The form as a whole is refused (FormRejected, PermissionDenied; nothing stored) when the round is not open,
    the person may not report for the ministry, or the rows are not the round's.
    """
    overwrite = overwrite or {}
    if not may_take_form(acting_user, the_round, ministry):
        raise PermissionDenied(_("Du kan bare levere skjemaet for ditt eget departement (skjemaet er for "
                                 "%(ministry)s).") % {"ministry": ministry})
    if Round.objects.filter(pk=the_round.pk).values_list("state", flat=True).first() != Round.State.OPEN:
        raise FormRejected(_("Runden «%(round)s» er ikke åpen for rapportering.") % {"round": the_round.label})
    if not rows or len(rows) > MAX_ROWS:
        raise FormRejected(_("Skjemaet har ingen tiltak å lese."))
    entries = {e.measure.number: e for e in StatusEntry.objects.filter(
        round=the_round, measure__number__in=[row.number for row in rows]).for_work()}
    missing = [row.number for row in rows if row.number not in entries]
    if missing:
        raise FormRejected(_("Runden har ingen tiltak med nummer %(numbers)s.")
                           % {"numbers": ", ".join(f"«{n}»" for n in missing[:20])})
    labels = Labels(the_round.plan.scale_id)
    outcomes = []
    for row in rows:
        entry = entries[row.number]
        entry.round = the_round
        outcome, content = _judge(row, entry, labels, acting_user, submit=submit, overwrite=overwrite)
        if content is not None and outcome.kind == "unchanged" and not dry_run:
            _store(entry, content, outcome, acting_user, submit=True)
        elif content is not None and outcome.kind == "changed" and not dry_run:
            _store(entry, content, outcome, acting_user, submit=submit)
        elif content is not None and outcome.kind == "unchanged":
            outcome.submitted = True  # would be sent in
        elif submit and outcome.kind == "changed":
            outcome.submitted = access.can(acting_user, "submit_entry", entry)
        outcomes.append(outcome)
    return FormResult(rows=outcomes, stored=not dry_run)
