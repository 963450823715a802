"""A measure's page: what the plan promised, who answers for it, and its status across every published round."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak.core.diffs import word_diffs
from tiltak.core.pagecache import cached_page, of_the_plan, published
from tiltak.plans import selectors
from tiltak.plans.models import Measure, Responsibility, StatusEntry, StatusEntryVersion
from tiltak.portal.lookup import public_plan


@require_safe
@cached_page(published, scope=of_the_plan)
def measure_page(request, plan, number):
    the_plan = public_plan(plan)
    rounds = selectors.published_rounds(the_plan)
    if not rounds:  # a plan whose first round is still under review is not public yet
        raise Http404("No published round")
    latest = rounds[0]
    shares = Responsibility.objects.select_related("ministry__successor").order_by("position")
    measure = (Measure.objects.filter(plan=the_plan, number=number[:20])
               .prefetch_related(Prefetch("responsibilities", queryset=shares)).first())
    if measure is None:
        raise Http404("No such measure")
    entries = {e.round_id: e for e in StatusEntry.objects.published().filter(measure=measure)
               .select_related("status__grade")}
    corrections: dict[int, list] = {}
    for version in (StatusEntryVersion.objects.published_corrections().filter(entry__measure=measure)
                    .order_by("changed_at")):
        corrections.setdefault(version.entry_id, []).append(version)
    register = selectors.MeasureAsPublished.of(measure.snapshot())
    timeline, previous, changed = [], None, []
    for the_round in reversed(rounds):  # oldest first
        entry = entries.get(the_round.pk)
        # The measure as this round published it, where it differs from the register above.
        as_published = selectors.measure_as_published(entry, measure) if entry else None
        item = {"round": the_round, "entry": entry, "diff": None, "previous": previous,
                "corrections": corrections.get(entry.pk, []) if entry else [],
                "as_published": as_published if as_published != register else None}
        if entry and previous and previous["entry"] and previous["entry"].narrative != entry.narrative:
            changed.append((item, (previous["entry"].narrative, entry.narrative)))
        timeline.append(item)
        previous = item
    # Each pair of published texts is diffed once, not on every build of the page (tiltak.core.diffs).
    for (item, _texts), diff in zip(changed, word_diffs([texts for _item, texts in changed]), strict=True):
        item["diff"] = diff
    responsible = [{"ministry": r.ministry.on(latest.as_of), "lead": r.is_lead,
                    "abbreviation": r.ministry.abbreviation} for r in measure.responsibilities.all()]
    return render(request, "portal/measure.html", {
        "plan": the_plan, "measure": measure, "rounds": rounds, "timeline": timeline,
        "newest_first": list(reversed(timeline)), "responsible": responsible,
        "current": timeline[-1]["entry"] if timeline else None,
    })
