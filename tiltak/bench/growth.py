"""How costs grow with the data (`tiltak bench --only growth`, run on request: it adds plans to the database).

For 1×, 10×, 100× and 1,000× the built-in data — the built-in plan's 35 measures with 1, 10, 100 and 1,000
published rounds (35 to 35,000 entries in one plan) — it measures, in this process: the report page without the
page cache (server time), the same page from the page cache (a hit), the cached PDF download, the XLSX with every
round, and the database's size afterwards.
"""

import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from tiltak.bench.measures import Figure
from tiltak.bench.pages import median_ms
from tiltak.plans import selectors

FACTORS = (1, 10, 100, 1000)


def database_bytes() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]


def growth_figures(runs: int) -> list[Figure]:
    from tiltak.plans.actions.demo import create_demo_data
    from tiltak.plans.models import Plan

    figures = []
    client = Client(HTTP_HOST="127.0.0.1")
    for factor in FACTORS:
        prefix = f"growth{factor}x"
        plan = Plan.objects.filter(slug=f"{prefix}-0001").first()
        if plan is None:
            create_demo_data(plans=1, measures=35, rounds=factor, prefix=prefix)
            plan = Plan.objects.get(slug=f"{prefix}-0001")
        latest = selectors.latest_published_round(plan)
        page = f"/rapport/{plan.slug}/{latest.slug}/"
        with override_settings(CACHES={**settings.CACHES,
                                       "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            miss = median_ms(client, page, runs)
        hit = median_ms(client, page, runs)
        pdf = median_ms(client, page + "rapport.pdf", runs)
        start = time.perf_counter()
        with override_settings(CACHES={**settings.CACHES,
                                       "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
                                       "reports": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            client.get(page + "rapport.xlsx")
        xlsx = time.perf_counter() - start
        label = f"{factor}× ({35 * factor} entries in one plan, {connection.vendor})"
        figures += [
            Figure(f"{label}: report page, no page cache", miss, "ms", runs=runs),
            Figure(f"{label}: report page, page cache hit", hit, "ms", runs=runs),
            Figure(f"{label}: PDF download, cached", pdf, "ms", runs=runs),
            Figure(f"{label}: XLSX of every round, uncached", xlsx, "s"),
            Figure(f"{label}: database size after", database_bytes() / 1e6, "MB"),
        ]
    return figures
