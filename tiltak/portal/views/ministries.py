"""A ministry's page: every measure it leads or shares, in every plan, and its names over time."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak.plans.models import Measure, Ministry, Responsibility, Round, StatusEntry


@require_safe
def ministry_page(request, abbreviation):
    names = list(Ministry.objects.filter(abbreviation=abbreviation[:20]).order_by("valid_from"))
    if not names:
        raise Http404("No such ministry")
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    published_plans = Round.objects.published().values("plan_id")
    measures = list(Measure.objects.for_ministry(names[-1]).filter(plan__in=published_plans).select_related("plan")
                    .prefetch_related(Prefetch("responsibilities", queryset=shares))
                    .order_by("plan__title", "plan_id", "sort_key"))
    latest: dict[int, Round] = {}
    for the_round in (Round.objects.published().filter(plan__in={m.plan_id for m in measures})
                      .order_by("plan_id", "-as_of", "-pk")):
        latest.setdefault(the_round.plan_id, the_round)
    entries = {e.measure_id: e for e in StatusEntry.objects.filter(round__in=list(latest.values()),
                                                                  measure__in=measures)
               .select_related("status__grade")}
    groups: dict[int, dict] = {}
    for m in measures:
        group = groups.setdefault(m.plan_id, {"plan": m.plan, "round": latest.get(m.plan_id), "lead": [],
                                              "shared": []})
        shares_of = list(m.responsibilities.all())
        lead = bool(shares_of) and shares_of[0].ministry.abbreviation == abbreviation
        group["lead" if lead else "shared"].append({"measure": m, "entry": entries.get(m.pk),
                                                    "responsible": [r.ministry.abbreviation for r in shares_of]})
    return render(request, "portal/ministry.html", {
        "ministry": names[-1], "names": names, "groups": list(groups.values()),
        "lead_count": sum(len(g["lead"]) for g in groups.values()),
        "shared_count": sum(len(g["shared"]) for g in groups.values()),
    })
