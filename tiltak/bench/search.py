"""What a search costs on this database against the built-in plan alone (``search_large_ms`` / ``search_small_ms``).

The same queries are timed in this process on this database (with ``tiltak demo-data``'s 500,000 entries under
``make bench``) and in a child on a fresh SQLite database holding only the built-in plan (``tiltak init`` in a
temporary data folder): the search reads the index's candidates, never every entry, so the two should differ by
little (the issue's target: at most 2×). Each figure carries its CPU time beside the wall clock: on a shared
machine the wall clock of both runs stretches with the others' load, at different moments.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

# Words of the built-in plan (and so of the demo plans' text): one common, one rarer, two together.
QUERIES = ["barn", "politiet", "samarbeid med Europarådet", "menneskehandel"]


def search_ms(runs: int) -> tuple[float, float]:
    """The medians over ``runs`` of the mean wall-clock and CPU time (ms) of one search (each of QUERIES once,
    after one warm-up). On SQLite the database works in this process, so its CPU time is the whole cost of a
    search, and less disturbed by the machine's other load than the wall clock."""
    from tiltak.portal.search import search

    for query in QUERIES:
        search(query)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        for query in QUERIES:
            search(query)
        times.append((time.perf_counter() - start) * 1000 / len(QUERIES))
        cpu.append((time.process_time() - start_cpu) * 1000 / len(QUERIES))
    return statistics.median(times), statistics.median(cpu)


def small_search_ms(runs: int) -> tuple[float, float]:
    """The same on a fresh SQLite database with only the built-in plan, in a child process."""
    with tempfile.TemporaryDirectory(prefix="tiltak-bench-search-") as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("TILTAK_DATABASE_URL", "TILTAK_REDIS_URL")}
        env["TILTAK_DATA_DIR"] = folder
        subprocess.run([sys.executable, "-m", "tiltak", "migrate", "--verbosity", "0"], env=env, check=True,
                       capture_output=True, timeout=600)
        code = ("import django; django.setup(); from tiltak.plans.builtin import load_builtin_plan; "
                "load_builtin_plan(); from tiltak.bench.search import search_ms; "
                f"print(*search_ms({int(runs)}))")
        done = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "tiltak.settings"},  # noqa: S603
                              check=True, capture_output=True, text=True, timeout=600)
        wall, cpu = done.stdout.strip().splitlines()[-1].split()
        return float(wall), float(cpu)


def search_figures(runs: int) -> list:
    from tiltak.bench.measures import Figure
    from tiltak.plans.models import StatusEntry

    large, large_cpu = search_ms(runs)
    small, small_cpu = small_search_ms(runs)
    entries = StatusEntry.objects.published().count()
    return [
        Figure(f"search on this database ({entries} published entries), per query", large, "ms",
               2 * small, runs=runs, cpu=large_cpu / 1000, key="search_large_ms"),
        Figure("search on the built-in plan alone (35 entries, SQLite), per query", small, "ms", runs=runs,
               cpu=small_cpu / 1000, key="search_small_ms"),
    ]
