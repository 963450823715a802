"""The plans, a plan's overview of one published round, and the comparison of two rounds."""

from collections import Counter
from itertools import pairwise
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiltak.core.pagecache import Freshness, cached_page, last_change, of_the_plan, published, rounds_key
from tiltak.core.paging import first_page_redirect, page_or_404, pager
from tiltak.plans import selectors
from tiltak.plans.models import Plan, Responsibility, Round, StatusEntry
from tiltak.portal.lookup import public_plan

MAX_FILTER_LENGTH = 20
# What a reader may download, in the order a reader looks for it.
DOWNLOAD_FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"),
                    ("md", "Markdown")]


def _home_url(number: int) -> str:
    return reverse("portal:home") if number == 1 else reverse("portal:home_page", kwargs={"page": number})


@require_safe
@cached_page(published)  # every plan's title and latest round: any plan's change expires it
def home(request, page=None):
    """The plans, a page at a time, each with its latest published round."""
    if page == 1:
        return first_page_redirect(request, _home_url(1))
    shown = page_or_404(Plan.objects.order_by("-period_start", "title", "pk"), page)
    plans = list(shown.object_list)
    latest = selectors.latest_published_rounds(plans)
    items = [{"plan": p, "round": latest.get(p.pk)} for p in plans]
    return render(request, "portal/home.html", {"items": items, "pager": pager(shown, _home_url)})


def _entries(the_round: Round):
    """The round's entries with everything a row shows, in a fixed number of queries."""
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    return (StatusEntry.objects.filter(round=the_round).for_report().order_by("measure__sort_key", "measure_id")
            .prefetch_related(Prefetch("measure__responsibilities", queryset=shares)))


def plan_overview_freshness(request, plan, round=None, page=None) -> Freshness | None:
    """The overview shows the plan's published rounds (their saves renew the page cache's generation) and one
    round's entries: two small queries, no entries loaded. (The page number and the filters are in the address,
    which the page cache's key holds.)"""
    rounds = list(selectors.rounds_visible_to(None).filter(plan__slug=plan).order_by("-as_of", "-pk")
                  .values_list("pk", "slug", "published_at"))
    shown = rounds[0] if round is None and rounds else next((r for r in rounds if r[1] == round), None)
    if shown is None:
        return None
    key = f"plan={plan};rounds={','.join(str(r[0]) for r in rounds)};{rounds_key([shown[0]])}"
    return Freshness(key=key, last_modified=last_change(*(r[2] for r in rounds)))


def _filters(request, grades, ministries) -> tuple[str, object | None]:
    """The chosen ministry and grade; anything not on offer (nonsense, too long) is no filter, never an error."""
    ministry = request.GET.get("departement", "")[:MAX_FILTER_LENGTH]
    grade = request.GET.get("status", "")[:MAX_FILTER_LENGTH]
    chosen_grade = next((g for g in grades if str(g.position) == grade), None)
    return (ministry if ministry in ministries else ""), chosen_grade


@require_safe
@cached_page(plan_overview_freshness, params=("departement", "status"), scope=of_the_plan)
def plan_overview(request, plan, round=None, page=None):
    """A round's counts and chart (over the whole round) and its overview table, a page at a time (filtered by
    ministry and grade). A fixed number of queries, whatever the plan's size."""
    if page == 1:
        return first_page_redirect(request, reverse("portal:round", kwargs={"plan": plan, "round": round}))
    the_plan = public_plan(plan)
    rounds = selectors.published_rounds(the_plan)
    latest = rounds[0] if rounds else None
    the_round = latest if round is None else selectors.public_round(rounds, round)
    # The round's legend as it published it (the grades' names may have been reworded since).
    grades = selectors.legend_as_published(the_round) if the_round else []
    context = {"plan": the_plan, "round": the_round, "rounds": rounds, "grades": grades,
               "download_formats": DOWNLOAD_FORMATS}
    if the_round is None:
        return render(request, "portal/plan.html", context)

    # The ministries as the round published its measures: the register's, and those of measures changed since.
    kept = selectors.kept_measures(the_round)
    ministries = sorted(set(Responsibility.objects.filter(measure__plan=the_plan)
                            .values_list("ministry__abbreviation", flat=True).distinct())
                        | {a for measure in kept.values() for a in measure.responsible})
    ministry, chosen_grade = _filters(request, grades, ministries)
    entries = _entries(the_round)
    if ministry:
        entries = selectors.answered_by(entries, ministry, kept)
    if chosen_grade is not None:
        entries = entries.filter(status__grade_id=chosen_grade.pk)
    shown = page_or_404(entries, page)
    query = urlencode([(k, v) for k, v in (("departement", ministry),
                                           ("status", chosen_grade.position if chosen_grade else "")) if v != ""])

    def url_of(number: int) -> str:
        kwargs = {"plan": the_plan.slug, "round": the_round.slug}
        if number == 1:
            return reverse("portal:round", kwargs=kwargs)
        return reverse("portal:round_page", kwargs={**kwargs, "page": number})

    counts = dict(StatusEntry.objects.filter(round=the_round).values_list("status__grade_id")
                  .annotate(n=Count("pk")).values_list("status__grade_id", "n"))
    total = sum(counts.values())
    distribution = [{"grade": g, "count": counts.get(g.pk, 0)} for g in grades]
    if counts.get(None):
        distribution.append({"grade": None, "count": counts[None]})
    previous = selectors.previous_published_round(the_round, among=rounds)
    page_entries = list(shown.object_list)
    grade_shown = {g.pk: g for g in grades}
    for entry in page_entries:
        # The measure and its grade as this round published them.
        entry.shown = selectors.measure_as_published(entry)
        entry.grade_shown = (grade_shown.get(entry.status.grade_id) or entry.status.grade) if entry.status else None
    context.update({
        "entries": page_entries, "pager": pager(shown, url_of, query), "distribution": distribution,
        "total": total, "ministries": ministries, "chosen_ministry": ministry, "chosen_grade": chosen_grade,
        "filtered": bool(ministry or chosen_grade), "previous": previous,
    })
    return render(request, "portal/plan.html", context)


@require_safe
@cached_page(published, scope=of_the_plan)
def compare(request, plan, before=None, after=None, page=None):
    """How many measures moved from each grade to each other between two published rounds (over every measure),
    and which (a page at a time)."""
    if page == 1:
        return first_page_redirect(request, reverse("portal:compare", kwargs={"plan": plan, "before": before,
                                                                              "after": after}))
    the_plan = public_plan(plan)
    rounds = selectors.published_rounds(the_plan)  # newest first
    if before is None:
        if len(rounds) < 2:
            return render(request, "portal/compare.html", {"plan": the_plan, "rounds": rounds, "pairs": []})
        first, second = rounds[1], rounds[0]
    else:
        first, second = selectors.public_round(rounds, before), selectors.public_round(rounds, after)
    # Grades named and measures shown as the later round published them.
    grades = selectors.legend_as_published(second)
    by_measure: dict[int, dict] = {}
    shares = Responsibility.objects.select_related("ministry").order_by("position")
    entries = (StatusEntry.objects.filter(round__in=[first, second]).select_related("status", "measure")
               .prefetch_related(Prefetch("measure__responsibilities", queryset=shares)))
    for entry in entries:
        row = by_measure.setdefault(entry.measure_id, {"measure": entry.measure, "before": None, "after": None,
                                                       "sort_key": entry.measure.sort_key})
        if entry.round_id == second.pk or "shown" not in row:
            row["shown"] = selectors.measure_as_published(entry)
        row["before" if entry.round_id == first.pk else "after"] = entry.status.grade_id if entry.status else None
    grade_by_pk = {g.pk: g for g in grades}
    counts = Counter((r["before"], r["after"]) for r in by_measure.values())
    with_none = any(None in pair for pair in counts)
    columns = [*grades, None] if with_none else grades
    matrix = [{"grade": b, "counts": [counts.get((b.pk if b else None, a.pk if a else None), 0) for a in columns]}
              for b in columns]
    moved = sorted((r for r in by_measure.values() if r["before"] != r["after"]),
                   key=lambda r: r["sort_key"])
    shown = page_or_404(moved, page)
    changes = [{"measure": r["measure"], "shown": r["shown"], "before": grade_by_pk.get(r["before"]),
                "after": grade_by_pk.get(r["after"])} for r in shown.object_list]

    def url_of(number: int) -> str:
        kwargs = {"plan": the_plan.slug, "before": first.slug, "after": second.slug}
        if number == 1:
            return reverse("portal:compare", kwargs=kwargs)
        return reverse("portal:compare_page", kwargs={**kwargs, "page": number})

    ordered = sorted(rounds, key=lambda r: r.as_of)
    pairs = list(pairwise(ordered))
    return render(request, "portal/compare.html", {
        "plan": the_plan, "rounds": rounds, "first": first, "second": second, "columns": columns,
        "matrix": matrix, "changes": changes, "pager": pager(shown, url_of), "pairs": pairs, "compared": True,
    })

