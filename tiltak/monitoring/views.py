"""The probes and the metrics: answered over plain HTTP even behind ``TILTAK_SECURE`` (SECURE_REDIRECT_EXEMPT)."""

import hmac
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


def healthz(request):
    """For load balancers and `tiltak bench` (the framework's floor): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache = caches["pages"]
    cache.set("tiltak:readyz", 1, timeout=60)
    if cache.get("tiltak:readyz") != 1:
        raise RuntimeError("the cache did not keep a value")


def _task_queue() -> None:
    from tiltak.reports.tasks import queue

    queue().pending_count()


CHECKS = (("database", _database), ("cache", _cache), ("task queue", _task_queue))


@never_cache
def readyz(request):
    """200 «ready» when the database, the shared cache and the task queue answer; 503 naming those that did not."""
    failed = []
    for name, check in CHECKS:
        try:
            check()
        except Exception as exc:
            log.warning("readyz: the %s does not answer: %s", name, type(exc).__name__)
            failed.append(name)
    if failed:
        return HttpResponse("not ready: " + ", ".join(failed) + " not answering\n", status=503,
                            content_type="text/plain; charset=utf-8")
    return HttpResponse("ready\n", content_type="text/plain; charset=utf-8")


class _QueueDepth:
    """The task queue's depth at the moment of asking (every worker would say the same: read once, here)."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        from tiltak.reports.tasks import queue

        family = GaugeMetricFamily("tiltak_task_queue_depth", "Tasks waiting in the task queue")
        try:
            family.add_metric([], queue().pending_count())
        except Exception:  # the queue not answering: say nothing rather than fail the whole scrape
            return
        yield family


@never_cache
def metrics(request):
    """Prometheus' text format, to ``Authorization: Bearer $TILTAK_METRICS_TOKEN`` only (404 to anyone else, and
    to everyone when no token is set: the address says nothing to those who may not read it)."""
    from prometheus_client import CONTENT_TYPE_LATEST

    from tiltak.lib.metrics import exposition

    expected = settings.METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                                             expected.encode()):
        raise Http404
    return HttpResponse(exposition(_QueueDepth()), content_type=CONTENT_TYPE_LATEST)
