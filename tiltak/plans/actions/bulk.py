"""Submitting and approving many entries of one round in one action and one transaction.

The request as a whole is checked first: an empty list, too many numbers, numbers the round does not have or
entries the person may not act on refuse the whole request (``BulkRejected``, ``PermissionDenied``) and nothing
changes. Then each entry is tried in its own savepoint: one that cannot be submitted or approved (a state that
moved on, no narrative) is named with the reason, and the others go through.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiltak.lib import values
from tiltak.lib.numbering import natural_key
from tiltak.plans import access
from tiltak.plans.actions.entries import (
    EntryConflict,
    approve_entry,
    lead_of,
    notify_if_ministry_done,
    submit_entry,
    update_entry,
)
from tiltak.plans.models import EntryState, Round, StatusEntry

# More than any plan has measures; a bigger list is a mistake, refused before a single row is read.
MAX_NUMBERS = values.BULK_NUMBERS


class BulkRejected(ValueError):
    """The request as a whole is wrong (nothing was changed). ``numbers`` are the ones at fault, if any."""

    def __init__(self, message: str, numbers: list[str] | None = None):
        self.numbers = numbers or []
        super().__init__(message)


@dataclass
class BulkOutcome:
    number: str
    done: bool
    entry: StatusEntry
    detail: str = ""


def _entries(the_round: Round, numbers) -> list[StatusEntry]:
    if not isinstance(numbers, list | tuple) or not all(isinstance(n, str) for n in numbers):
        raise BulkRejected(_("«numbers» må være en liste med tiltaksnumre som tekst."))
    wanted = list(dict.fromkeys(n.strip() for n in numbers))
    if not wanted or wanted == [""]:
        raise BulkRejected(_("Velg minst ett tiltak."))
    if len(wanted) > MAX_NUMBERS:
        raise BulkRejected(_("For mange tiltak i én forespørsel: %(count)d (høyst %(max)d).")
                           % {"count": len(wanted), "max": MAX_NUMBERS})
    entries = list(StatusEntry.objects.filter(round=the_round, measure__number__in=wanted).for_work())
    for entry in entries:
        entry.round = the_round
    found = {e.measure.number for e in entries}
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise BulkRejected(_("Runden har ingen tiltak med nummer %(numbers)s.")
                           % {"numbers": ", ".join(f"«{n}»" for n in unknown[:20])}, unknown)
    return sorted(entries, key=lambda e: natural_key(e.measure.number))


def _refuse_unless(user, permission: str, entries: list[StatusEntry], message: str) -> None:
    refused = [e.measure.number for e in entries if not access.can(user, permission, e)]
    if refused:
        raise PermissionDenied(message % {"numbers": ", ".join(refused[:20])})


def _try(entry: StatusEntry, run) -> BulkOutcome:
    try:
        with transaction.atomic():
            return BulkOutcome(number=entry.measure.number, done=True, entry=run(entry))
    except EntryConflict as exc:
        return BulkOutcome(number=entry.measure.number, done=False, entry=entry, detail=str(exc))
    except ValidationError as exc:
        return BulkOutcome(number=entry.measure.number, done=False, entry=entry, detail=" ".join(exc.messages))


@transaction.atomic
def submit_entries(*, the_round: Round, numbers: list[str], acting_user,
                   confirm_unchanged: bool = False) -> list[BulkOutcome]:
    """Submit the entries ``numbers`` name; with ``confirm_unchanged`` a carried-forward entry is first
    confirmed as still true («uendret»), as the reporter's bulk action on «Mine tiltak» does."""
    entries = _entries(the_round, numbers)
    _refuse_unless(acting_user, "submit_entry", entries,
                   _("Bare rapportøren for ansvarlig departement (det første) eller koordinator kan sende inn. "
                     "Du kan ikke sende inn: %(numbers)s."))

    def run(entry: StatusEntry) -> StatusEntry:
        if entry.unchanged and confirm_unchanged and entry.state in (EntryState.DRAFT, EntryState.RETURNED):
            entry = update_entry(entry=entry, status=entry.status, narrative=entry.narrative, links=entry.links,
                                 expected_version=entry.version, acting_user=acting_user)
        return submit_entry(entry=entry, acting_user=acting_user, notify=False)

    outcomes = [_try(entry, run) for entry in entries]
    # One «all sent in» notice per ministry, however many of its entries this request submitted.
    for lead in sorted({lead_of(o.entry) for o in outcomes if o.done} - {None}):
        transaction.on_commit(lambda lead=lead: notify_if_ministry_done(the_round.pk, lead), robust=True)
    return outcomes


@transaction.atomic
def approve_entries(*, the_round: Round, numbers: list[str], acting_user) -> list[BulkOutcome]:
    entries = _entries(the_round, numbers)
    _refuse_unless(acting_user, "review_entry", entries, _("Bare koordinator kan godkjenne (%(numbers)s)."))
    return [_try(entry, lambda e: approve_entry(entry=e, acting_user=acting_user)) for entry in entries]
