"""Finding the object a URL names, for the person asking: 404 when they may not see it.

Whether they may *change* it is the actions' question (they raise PermissionDenied → 403).
"""

from django.http import Http404
from django.utils.translation import gettext as _

from tiltak.plans import selectors
from tiltak.plans.models import StatusEntry


def entry_for(user, plan: str, round: str, number: str) -> StatusEntry:
    """The entry of the measure numbered ``number`` now (its address; the round may have published it under
    another number), with ``shown``: the measure as the round has it (:func:`with_measure_shown`)."""
    the_round = selectors.round_for_user(user, plan, round)
    entry = StatusEntry.objects.filter(round=the_round, measure__number=number).for_work().first()
    if entry is None:
        raise Http404(_("Fant ikke tiltaket i denne runden."))
    entry.round = the_round
    return with_measure_shown([entry])[0]


# The measure (number, title, plan text, responsible) as the entry's round has it: selectors.measure_as_published,
# for every round. A published round shows it as published. A round in progress shows the register as it was when
# the round was opened, which is the register as it is now unless a measure was changed since: such a change
# applies from the next round on (tiltak.plans.actions.register), so the work pages show what the round's preview
# and published report will show. (Who may write and send in an entry follows the register: tiltak.plans.access.)
def with_measure_shown(entries: list[StatusEntry]) -> list[StatusEntry]:
    """Give each entry ``shown``: its measure as its round has it (their measures' responsibilities prefetched:
    no query)."""
    for entry in entries:
        entry.shown = selectors.measure_as_published(entry)
    return entries


def previous_entry(entry: StatusEntry) -> StatusEntry | None:
    """The same measure's entry in the plan's previous round (of any state: what the reporter wrote last)."""
    before = selectors.previous_round(entry.round)
    if before is None:
        return None
    return (StatusEntry.objects.select_related("status__grade", "round")
            .filter(measure_id=entry.measure_id, round=before).first())
