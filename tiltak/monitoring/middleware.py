"""One middleware, outermost, for what every request gives the operator: its id, its metrics, its access line."""

import logging
import time

from django.core.signals import request_finished
from django.db import connections
from django.dispatch import receiver

from tiltak.lib import requestid
from tiltak.lib.metrics import DB_QUERIES, REQUEST_SECONDS

access_log = logging.getLogger("tiltak.access")


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestIdAndMetrics:
    """Binds the request id (``X-Request-ID`` or a new one) for the request's log lines and returns it in the
    response; counts the request, its time and its database queries by view and status; writes the access line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = requestid.from_header(request.headers.get(requestid.HEADER))
        request.request_id = request_id
        # Bound until the next request in this thread: Django logs a 4xx/5xx («Not Found: …») after the
        # middleware has returned, and that line must carry the id too.
        requestid.bind(request_id)
        queries = _QueryCounter()
        started = time.perf_counter()
        with connections["default"].execute_wrapper(queries):
            response = self.get_response(request)
        seconds = time.perf_counter() - started
        response[requestid.HEADER] = request_id
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unresolved"
        REQUEST_SECONDS.labels(view, request.method if request.method in _METHODS else "other",
                               str(response.status_code)).observe(seconds)
        if queries.count:
            DB_QUERIES.labels(view).inc(queries.count)
        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method, "path": request.path, "view": view, "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1), "queries": queries.count})
        return response


@receiver(request_finished, dispatch_uid="tiltak-forget-request-id")
def forget_the_request_id(**kwargs) -> None:
    """The id stays bound past the middleware's return for Django's own 4xx/5xx log line; once the response has
    been sent, what this thread runs next outside a request must not write the old id into history rows."""
    requestid.bind("")


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
