"""The Prometheus metrics tiltak keeps (prometheus-client), and the text ``/metrics`` answers with.

Under ``tiltak serve`` gunicorn's workers are separate processes: prometheus-client's multiprocess mode keeps each
worker's figures in files in ``$TILTAK_DATA_DIR/metrics`` (``PROMETHEUS_MULTIPROC_DIR``, set by ``serve`` before a
worker starts and emptied at each start) and ``/metrics`` adds them up, so any worker answers for all of them.
Elsewhere (a test, ``runserver``) the figures are this process's own.

No Django here: the middleware, the page cache and the report cache count into these; ``/metrics``
(tiltak.monitoring.views) adds the task queue's depth, read when it is asked.
"""

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUEST_SECONDS = Histogram(
    "tiltak_http_request_duration_seconds", "Time to answer a request, by view and status (the count is the "
    "number of requests)", ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
DB_QUERIES = Counter("tiltak_db_queries_total", "Database queries made while answering requests, by view",
                     ["view"])
PAGE_CACHE = Counter("tiltak_page_cache_total", "Published pages asked of the page cache, by result "
                     "(hit, miss, not_modified: a 304 from the validators)", ["result"])
RENDER_SECONDS = Histogram("tiltak_render_seconds", "Time to render a report (not from the report cache), by format",
                           ["format"], buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))


class _ThisProcess:
    def collect(self):
        from prometheus_client import REGISTRY

        yield from REGISTRY.collect()


def exposition(*collectors) -> bytes:
    """Every metric in Prometheus' text format: all workers' under ``serve``, this process's elsewhere, and those
    of ``collectors`` (read when asked: the task queue's depth)."""
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROC_ENV):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)


def worker_exited(pid: int) -> None:
    """gunicorn's child_exit hook: a dead worker's live gauges no longer count (its counters stay summed)."""
    from prometheus_client import multiprocess

    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
