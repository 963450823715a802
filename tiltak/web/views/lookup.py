"""Finding the object a URL names, for the person asking: 404 when they may not see it.

Whether they may *change* it is the actions' question (they raise PermissionDenied → 403).
"""

from django.http import Http404
from django.utils.translation import gettext as _

from tiltak.plans.models import Round, StatusEntry


def round_for(user, plan: str, round: str) -> Round:
    the_round = (Round.objects.visible_to(user).select_related("plan__scale", "plan__coordinator")
                 .filter(plan__slug=plan, slug=round).first())
    if the_round is None:
        raise Http404(_("Fant ingen slik runde."))
    return the_round


def entry_for(user, plan: str, round: str, number: str) -> StatusEntry:
    the_round = round_for(user, plan, round)
    entry = StatusEntry.objects.filter(round=the_round, measure__number=number).for_work().first()
    if entry is None:
        raise Http404(_("Fant ikke tiltaket i denne runden."))
    entry.round = the_round
    return entry


def previous_entry(entry: StatusEntry) -> StatusEntry | None:
    """The same measure's entry in the plan's round before this one."""
    return (StatusEntry.objects.select_related("status__grade", "round")
            .filter(measure_id=entry.measure_id, round__plan_id=entry.round.plan_id,
                    round__as_of__lt=entry.round.as_of)
            .order_by("-round__as_of", "-round_id").first())
