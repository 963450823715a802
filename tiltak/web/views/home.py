from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tiltak.plans import access
from tiltak.plans.models import Plan, Round, StatusEntry


@login_required
def home(request):
    """«Mine tiltak» for a reporter; the rounds for everybody with a role; opening and importing for the coordinator."""
    mine = sorted(access.reporting_ministries(request.user))
    my_entries = []
    if mine:
        my_entries = list(
            StatusEntry.objects.filter(round__state=Round.State.OPEN).for_ministry(mine).for_work()
            .order_by("round__plan__slug", "round__as_of", "measure__sort_key")
        )
    rounds = list(Round.objects.visible_to(request.user).select_related("plan").order_by("plan__slug", "-as_of"))
    plans = [p for p in Plan.objects.order_by("slug") if access.can(request.user, "open_round", p)]
    for entry in my_entries:
        responsible = entry.measure.responsible_abbreviations()
        entry.is_lead = bool(responsible) and responsible[0] in mine
    return render(request, "web/home.html", {
        "my_ministries": mine, "my_entries": my_entries, "rounds": rounds, "plans_to_open": plans,
        "may_import": access.can(request.user, "import_report"),
        "has_role": bool(access.roles_of(request.user)) or request.user.is_superuser,
    })
