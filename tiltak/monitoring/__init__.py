"""What an operator watches: the probes (``/healthz``, ``/readyz``), the Prometheus metrics (``/metrics``) and the
middleware that gives every request its id, its metrics and its access line. The Django-free parts — the metrics
themselves, the request id, the log formats — are in ``tiltak.lib`` (metrics, requestid, logs), where the page
cache, the report cache and the task queue count into them."""
