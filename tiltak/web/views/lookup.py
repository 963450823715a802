"""Finding the object a URL names, for the person asking: 404 when they may not see it.

Whether they may *change* it is the actions' question (they raise PermissionDenied → 403).
"""

from django.http import Http404
from django.utils.translation import gettext as _

from tiltak.plans import selectors
from tiltak.plans.models import StatusEntry


def entry_for(user, plan: str, round: str, number: str) -> StatusEntry:
    the_round = selectors.round_for_user(user, plan, round)
    entry = StatusEntry.objects.filter(round=the_round, measure__number=number).for_work().first()
    if entry is None:
        raise Http404(_("Fant ikke tiltaket i denne runden."))
    entry.round = the_round
    return entry


def previous_entry(entry: StatusEntry) -> StatusEntry | None:
    """The same measure's entry in the plan's previous round (of any state: what the reporter wrote last)."""
    before = selectors.previous_round(entry.round)
    if before is None:
        return None
    return (StatusEntry.objects.select_related("status__grade", "round")
            .filter(measure_id=entry.measure_id, round=before).first())
