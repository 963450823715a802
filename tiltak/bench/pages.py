"""Server time of public pages, in this process (Django's test client, no network), with the page cache off so
every request does its full work: on the built-in plan, and on the largest demo plan in the same database."""

import statistics
import time

from django.db.models import Count
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from tiltak.bench.measures import Figure
from tiltak.plans import selectors

NO_PAGE_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def _paths(plan) -> list[str]:
    """The public overview and a measure's page (or, before that page exists, the round's report page)."""
    paths = [reverse("portal:plan", kwargs={"plan": plan.slug})]
    measure = plan.measures.order_by("sort_key").first()
    the_round = selectors.latest_published_round(plan)
    try:
        paths.append(reverse("portal:measure", kwargs={"plan": plan.slug, "number": measure.number}))
    except NoReverseMatch:
        if the_round is not None:
            paths.append(reverse("reports:page", kwargs={"plan": plan.slug, "round": the_round.slug}))
    return paths


def median_ms(client: Client, path: str, runs: int) -> float:
    """The median time in milliseconds of ``runs`` GETs of ``path``, after one that must answer 200 (warm-up)."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _server_ms(path: str, runs: int) -> float:
    return median_ms(Client(HTTP_HOST="127.0.0.1"), path, runs)


def slowest_page_ms(plan, runs: int) -> tuple[float, str]:
    from django.conf import settings

    with override_settings(CACHES={**settings.CACHES, "pages": NO_PAGE_CACHE}):
        timings = [(_server_ms(p, runs), p) for p in _paths(plan)]
    return max(timings)


def page_figures(runs: int) -> list[Figure]:
    from tiltak.plans.builtin import BUILTIN_PLAN_SLUG
    from tiltak.plans.lookup import find_plan
    from tiltak.plans.models import Plan, StatusEntry

    small_ms, small_path = slowest_page_ms(find_plan(BUILTIN_PLAN_SLUG), runs)
    entries = StatusEntry.objects.count()
    figures = [
        Figure(f"slowest public page, built-in plan ({small_path})", small_ms, "ms", runs=runs, key="page_small_ms"),
        Figure("entries in this database", entries, "", 500_000, higher_is_better=True, key="large_entries"),
    ]
    large = (Plan.objects.filter(slug__startswith="demo-").annotate(n=Count("measures")).order_by("-n", "slug")
             .first())
    if large is None:
        figures.append(Figure("slowest public page, large database (no demo plan: run 'tiltak demo-data')",
                              None, "ms", key="page_large_ms"))
        return figures
    large_ms, large_path = slowest_page_ms(large, runs)
    figures.append(Figure(f"slowest public page, plan {large.slug} in this database ({large_path})", large_ms,
                          "ms", 2 * small_ms, runs=runs, key="page_large_ms"))
    return figures
