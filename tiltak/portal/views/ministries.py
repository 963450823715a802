"""A ministry's page: every measure it leads or shares, in every plan (a page at a time), and its names over time."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiltak.core.pagecache import cached_page, published
from tiltak.core.paging import first_page_redirect, page_or_404, pager
from tiltak.plans.models import Measure, Ministry, Responsibility, Round, StatusEntry
from tiltak.plans.selectors import latest_published_rounds


@require_safe
@cached_page(published)
def ministry_page(request, abbreviation, page=None):
    if page == 1:
        return first_page_redirect(request, reverse("portal:ministry", kwargs={"abbreviation": abbreviation}))
    names = list(Ministry.objects.filter(abbreviation=abbreviation[:20]).order_by("valid_from"))
    if not names:
        raise Http404("No such ministry")
    ministry = names[-1]
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    published_plans = Round.objects.published().values("plan_id")
    answered = Measure.objects.for_ministry(ministry).filter(plan__in=published_plans)
    shown = page_or_404(answered.select_related("plan").prefetch_related(Prefetch("responsibilities", queryset=shares))
                        .order_by("plan__title", "plan_id", "sort_key", "pk"), page)
    measures = list(shown.object_list)
    lead_count = answered.filter(responsibilities__position=0,
                                 responsibilities__ministry__abbreviation=ministry.abbreviation).count()
    latest = latest_published_rounds({m.plan for m in measures})
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

    def url_of(number: int) -> str:
        if number == 1:
            return reverse("portal:ministry", kwargs={"abbreviation": ministry.abbreviation})
        return reverse("portal:ministry_page", kwargs={"abbreviation": ministry.abbreviation, "page": number})

    return render(request, "portal/ministry.html", {
        "ministry": ministry, "names": names, "groups": list(groups.values()), "pager": pager(shown, url_of),
        "lead_count": lead_count, "shared_count": shown.paginator.count - lead_count,
    })
