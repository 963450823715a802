"""Whether the current rendering is for `tiltak site` (the static export) rather than a live request.

A context variable set by the exporter itself, so no request can claim it."""

import contextlib
from contextvars import ContextVar

_EXPORTING: ContextVar[bool] = ContextVar("tiltak_exporting", default=False)


def is_exporting() -> bool:
    return _EXPORTING.get()


@contextlib.contextmanager
def exporting():
    token = _EXPORTING.set(True)
    try:
        yield
    finally:
        _EXPORTING.reset(token)
