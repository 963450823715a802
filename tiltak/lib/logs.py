"""Log lines as text or as one JSON object a line (``TILTAK_LOG_FORMAT``), each with the current request id.

The JSON comes from python-json-logger: ``time``, ``level``, ``logger``, ``message``, ``request_id`` and whatever
the call passed in ``extra`` (the access line's method, path, view, status and duration).
"""

import logging

from pythonjsonlogger.json import JsonFormatter

from tiltak.lib import requestid

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = requestid.current() or "-"
        return True


def json_formatter() -> JsonFormatter:
    return JsonFormatter(JSON_FIELDS, rename_fields=RENAMED, json_ensure_ascii=False, datefmt="%Y-%m-%dT%H:%M:%S%z")


def logging_config(*, level: str, fmt: str) -> dict:
    """Django's LOGGING: one console handler in the chosen format, the request id on every record; the access
    line (``tiltak.access``, one per request) at INFO whatever the root level, in JSON mode only (in text mode
    gunicorn writes its own access log)."""
    formatter = ({"()": "tiltak.lib.logs.json_formatter"} if fmt == "json"
                 else {"format": TEXT_FORMAT})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "tiltak.lib.logs.RequestIdFilter"}},
        "formatters": {"tiltak": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "tiltak",
                                 "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"tiltak.access": {"level": "INFO" if fmt == "json" else "WARNING"}},
    }


def gunicorn_config(fmt: str) -> dict:
    """gunicorn's own settings for its log: in JSON mode its error log in the same JSON and no access log of its
    own (the app writes one JSON access line per request); in text mode its access log with the request id."""
    if fmt != "json":
        return {"accesslog": "-", "errorlog": "-",
                "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'}
    return {
        "accesslog": None,
        "errorlog": "-",
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"request_id": {"()": "tiltak.lib.logs.RequestIdFilter"}},
            "formatters": {"json": {"()": "tiltak.lib.logs.json_formatter"}},
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json",
                                     "filters": ["request_id"], "stream": "ext://sys.stderr"}},
            "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
                        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False}},
        },
    }
