"""A ministry's page: every measure it leads or shares in each plan's latest published round, as that round
published it (a page at a time), and its names over time."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiltak.core.pagecache import cached_page, published
from tiltak.core.paging import first_page_redirect, page_or_404, pager
from tiltak.lib.numbering import natural_key
from tiltak.plans import selectors
from tiltak.plans.models import Ministry, Responsibility, StatusEntry


@require_safe
@cached_page(published)  # measures of every plan: any plan's change expires it
def ministry_page(request, abbreviation, page=None):
    if page == 1:
        return first_page_redirect(request, reverse("portal:ministry", kwargs={"abbreviation": abbreviation}))
    names = list(Ministry.objects.filter(abbreviation=abbreviation[:20]).order_by("valid_from"))
    if not names:
        raise Http404("No such ministry")
    ministry = names[-1]
    # Each plan's latest published round, as it published its measures: who answered for them (lead or
    # co-responsible), their numbers and titles (selectors: as published), whatever the register says since.
    answered = selectors.answered_in_latest_rounds(ministry.abbreviation)
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    shown = page_or_404(answered.measures.select_related("plan")
                        .prefetch_related(Prefetch("responsibilities", queryset=shares))
                        .order_by("plan__title", "plan_id", "sort_key", "pk"), page)
    measures = list(shown.object_list)
    led_as_published = sum(1 for measure in answered.kept.values()
                           if measure.responsible[:1] == (ministry.abbreviation,))
    lead_count = led_as_published + (answered.measures.exclude(pk__in=list(answered.kept))
                                     .filter(responsibilities__position=0,
                                             responsibilities__ministry__abbreviation=ministry.abbreviation)
                                     .count())
    latest = selectors.latest_published_rounds({m.plan for m in measures})
    entries = {e.measure_id: e for e in StatusEntry.objects.filter(round__in=list(latest.values()),
                                                                  measure__in=measures)
               .select_related("status__grade")}
    groups: dict[int, dict] = {}
    for m in measures:
        group = groups.setdefault(m.plan_id, {"plan": m.plan, "round": latest.get(m.plan_id), "lead": [],
                                              "shared": []})
        entry = entries.get(m.pk)
        # A measure the round has no entry for (added since) is shown as the register has it.
        as_published = (selectors.measure_as_published(entry, m) if entry
                        else selectors.MeasureAsPublished.of(m.snapshot()))
        lead = as_published.responsible[:1] == (ministry.abbreviation,)
        group["lead" if lead else "shared"].append({"measure": m, "shown": as_published, "entry": entry,
                                                    "responsible": as_published.responsible})
    for group in groups.values():  # a measure renumbered since in its place as the round numbered it
        for rows in (group["lead"], group["shared"]):
            rows.sort(key=lambda row: natural_key(row["shown"].number))

    def url_of(number: int) -> str:
        if number == 1:
            return reverse("portal:ministry", kwargs={"abbreviation": ministry.abbreviation})
        return reverse("portal:ministry_page", kwargs={"abbreviation": ministry.abbreviation, "page": number})

    return render(request, "portal/ministry.html", {
        "ministry": ministry, "names": names, "groups": list(groups.values()), "pager": pager(shown, url_of),
        "lead_count": lead_count, "shared_count": shown.paginator.count - lead_count,
    })
