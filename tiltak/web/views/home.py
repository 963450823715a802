"""«Mine tiltak»: what a reporter's ministry has to do, what needs doing first; and the rounds for everybody."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.plans import access, actions, selectors
from tiltak.plans.actions.entries import EDITABLE
from tiltak.plans.models import EntryState, Plan, Round, StatusEntry
from tiltak.web.views.lookup import with_measure_shown

# Returned first, then not started, then drafts; what is sent in last.
RETURNED, NOT_STARTED, DRAFT, SUBMITTED, APPROVED = range(5)


def todo_rank(entry: StatusEntry) -> int:
    if entry.state == EntryState.RETURNED:
        return RETURNED
    if entry.state == EntryState.DRAFT:
        return NOT_STARTED if entry.unchanged or (entry.status_id is None and not entry.narrative.strip()) else DRAFT
    return SUBMITTED if entry.state == EntryState.SUBMITTED else APPROVED


def _why_not(entry: StatusEntry, mine: set[str]) -> str:
    """Why the reporter cannot send this entry in from the list, in words shown beside it."""
    responsible = entry.measure.responsible_abbreviations()
    if responsible and responsible[0] not in mine:
        return _("%(lead)s har hovedansvaret og sender inn") % {"lead": responsible[0]}
    if entry.state not in EDITABLE:
        return _("Allerede sendt inn")
    if entry.status_id is None:
        return _("Velg en status først")
    if not entry.narrative.strip():
        return _("Skriv en beskrivelse først")
    return ""


@login_required
def home(request):
    """«Mine tiltak» for a reporter; the rounds for everybody with a role; opening and importing for the coordinator."""
    mine = sorted(access.reporting_ministries(request.user))
    groups = []
    if mine:
        entries = list(
            StatusEntry.objects.filter(round__state=Round.State.OPEN).for_ministry(mine).for_work()
            .order_by("round__plan__slug", "round__as_of", "round_id", "measure__sort_key")
        )
        today = timezone.localdate()
        for _round_id, rows in groupby(entries, key=lambda e: e.round_id):
            rows = list(rows)
            # Shown as the round has it (web.views.lookup); who leads and sends in follows the register
            # (tiltak.plans.access), as the actions ask it.
            for entry in with_measure_shown(rows):
                responsible = entry.measure.responsible_abbreviations()
                entry.is_lead = bool(responsible) and responsible[0] in mine
                entry.lead = responsible[0] if responsible else ""
                entry.rank = todo_rank(entry)
                entry.why_not = _why_not(entry, set(mine))
            rows.sort(key=lambda e: e.rank)  # stable: measure order within each rank
            the_round = rows[0].round
            groups.append({
                "round": the_round, "entries": rows,
                "overdue": bool(the_round.deadline and the_round.deadline < today),
                "left": sum(1 for e in rows if e.rank < SUBMITTED and e.is_lead),
                "selectable": sum(1 for e in rows if not e.why_not),
            })
    rounds = list(selectors.rounds_visible_to(request.user).select_related("plan").order_by("plan__slug", "-as_of"))
    plans = [p for p in Plan.objects.order_by("slug") if access.can(request.user, "open_round", p)]
    return render(request, "web/home.html", {
        "my_ministries": mine, "groups": groups, "rounds": rounds, "plans_to_open": plans,
        "may_import": access.can(request.user, "import_report"),
        "may_manage": access.can(request.user, "create_plan"),
        "has_role": bool(access.roles_of(request.user)) or request.user.is_superuser,
    })


@login_required
@require_POST
def submit_selected(request, plan, round):
    """«Send inn valgte» on «Mine tiltak»: carried-forward entries are confirmed unchanged, then all are sent."""
    the_round = selectors.round_for_user(request.user, plan, round)
    numbers = request.POST.getlist("numbers")
    try:
        outcomes = actions.submit_entries(the_round=the_round, numbers=numbers, acting_user=request.user,
                                          confirm_unchanged=True)
    except actions.BulkRejected as exc:
        messages.error(request, _("Ingenting ble sendt inn: %(reason)s") % {"reason": exc})
        return redirect("web:home")
    tell(request, outcomes, done=_("Sendt inn: %(numbers)s."), not_done=_("Ikke sendt inn: %(number)s: %(reason)s"))
    return redirect("web:home")


def tell(request, outcomes, *, done: str, not_done: str) -> None:
    sent = [o.number for o in outcomes if o.done]
    if sent:
        messages.success(request, done % {"numbers": ", ".join(sent)})
    for outcome in outcomes:
        if not outcome.done:
            messages.error(request, not_done % {"number": outcome.number, "reason": outcome.detail})

