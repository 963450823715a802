"""What an operator watches: the probes (``/healthz``, ``/readyz``), the Prometheus metrics (``/metrics``), the
request id every log line, response and queued task carries, and the log format (text or one JSON object a line)."""
