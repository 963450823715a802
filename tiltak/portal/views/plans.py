"""The plans, a plan's overview of one published round, and the comparison of two rounds."""

from collections import Counter
from itertools import pairwise

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak.lib.httpcache import Freshness, cached_page, last_change, rounds_key
from tiltak.plans.models import Plan, Responsibility, Round, StatusEntry
from tiltak.portal.lookup import public_plan, public_round, published_rounds

MAX_FILTER_LENGTH = 20
# What a reader may download, in the order a reader looks for it.
DOWNLOAD_FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"),
                    ("md", "Markdown")]


@require_safe
def home(request):
    plans = list(Plan.objects.order_by("-period_start", "title"))
    latest = {}
    for the_round in Round.objects.published().filter(plan__in=plans).order_by("plan_id", "-as_of", "-pk"):
        latest.setdefault(the_round.plan_id, the_round)
    items = [{"plan": p, "round": latest.get(p.pk)} for p in plans]
    return render(request, "portal/home.html", {"items": items})


def _entries(the_round: Round):
    """The round's entries with everything a row shows, in a fixed number of queries."""
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    return (StatusEntry.objects.filter(round=the_round).for_report()
            .prefetch_related(Prefetch("measure__responsibilities", queryset=shares)))


def plan_overview_freshness(request, plan, round=None) -> Freshness | None:
    """The overview shows the plan's published rounds (their saves renew the page cache's generation) and one
    round's entries: two small queries, no entries loaded."""
    rounds = list(Round.objects.published().filter(plan__slug=plan).order_by("-as_of", "-pk")
                  .values_list("pk", "slug", "published_at"))
    shown = rounds[0] if round is None and rounds else next((r for r in rounds if r[1] == round), None)
    if shown is None:
        return None
    key = f"plan={plan};rounds={','.join(str(r[0]) for r in rounds)};{rounds_key([shown[0]])}"
    return Freshness(key=key, last_modified=last_change(*(r[2] for r in rounds)))


@require_safe
@cached_page(plan_overview_freshness)
def plan_overview(request, plan, round=None):
    the_plan = public_plan(plan)
    rounds = published_rounds(the_plan)
    if round is None:
        the_round = rounds[0] if rounds else None
    else:
        the_round = next((r for r in rounds if r.slug == round), None)
        if the_round is None:
            raise Http404("No published round with that name")
    grades = list(the_plan.scale.grades.all())
    context = {"plan": the_plan, "round": the_round, "rounds": rounds, "grades": grades,
               "download_formats": DOWNLOAD_FORMATS}
    if the_round is None:
        return render(request, "portal/plan.html", context)

    ministry = request.GET.get("departement", "")[:MAX_FILTER_LENGTH]
    grade = request.GET.get("status", "")[:MAX_FILTER_LENGTH]
    chosen_grade = next((g for g in grades if str(g.position) == grade), None)
    entries = _entries(the_round)
    counts = dict(StatusEntry.objects.filter(round=the_round).values_list("status__grade_id")
                  .annotate(n=Count("pk")).values_list("status__grade_id", "n"))
    ministries = list(Responsibility.objects.filter(measure__plan=the_plan).order_by("ministry__abbreviation")
                      .values_list("ministry__abbreviation", flat=True).distinct())
    if ministry in ministries:
        entries = entries.for_ministry([ministry])
    else:
        ministry = ""
    if chosen_grade is not None:
        entries = entries.filter(status__grade=chosen_grade)
    total = sum(counts.values())
    distribution = [{"grade": g, "count": counts.get(g.pk, 0)} for g in grades]
    if counts.get(None):
        distribution.append({"grade": None, "count": counts[None]})
    previous = next((r for r in rounds if r.as_of < the_round.as_of), None)
    context.update({
        "entries": list(entries), "distribution": distribution, "total": total, "ministries": ministries,
        "chosen_ministry": ministry, "chosen_grade": chosen_grade, "filtered": bool(ministry or chosen_grade),
        "previous": previous,
    })
    return render(request, "portal/plan.html", context)


@require_safe
def compare(request, plan, before=None, after=None):
    """How many measures moved from each grade to each other between two published rounds, and which."""
    the_plan = public_plan(plan)
    rounds = published_rounds(the_plan)  # newest first
    if before is None:
        if len(rounds) < 2:
            return render(request, "portal/compare.html", {"plan": the_plan, "rounds": rounds, "pairs": []})
        first, second = rounds[1], rounds[0]
    else:
        first, second = public_round(rounds, before), public_round(rounds, after)
    grades = list(the_plan.scale.grades.all())
    by_measure: dict[int, dict] = {}
    for entry in StatusEntry.objects.filter(round__in=[first, second]).select_related("measure", "status"):
        row = by_measure.setdefault(entry.measure_id, {"measure": entry.measure, "before": None, "after": None})
        row["before" if entry.round_id == first.pk else "after"] = entry.status.grade_id if entry.status else None
    grade_by_pk = {g.pk: g for g in grades}
    counts = Counter((r["before"], r["after"]) for r in by_measure.values())
    with_none = any(None in pair for pair in counts)
    columns = [*grades, None] if with_none else grades
    matrix = [{"grade": b, "counts": [counts.get((b.pk if b else None, a.pk if a else None), 0) for a in columns]}
              for b in columns]
    moved = sorted((r for r in by_measure.values() if r["before"] != r["after"]),
                   key=lambda r: r["measure"].sort_key)
    changes = [{"measure": r["measure"], "before": grade_by_pk.get(r["before"]), "after": grade_by_pk.get(r["after"])}
               for r in moved]
    ordered = sorted(rounds, key=lambda r: r.as_of)
    pairs = list(pairwise(ordered))
    return render(request, "portal/compare.html", {
        "plan": the_plan, "rounds": rounds, "first": first, "second": second, "columns": columns,
        "matrix": matrix, "changes": changes, "pairs": pairs, "compared": True,
    })

