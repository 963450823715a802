"""Whether the current rendering is for `tiltak site` (the static export) rather than a live request.

A context variable set by the exporter itself, so no request can claim it. It lives in core because the page
cache reads it too: the export's pages differ from the live ones (the sign-in link, the server-only parts), so
while exporting, :func:`tiltak.core.pagecache.cached_page` neither serves a stored page nor stores one."""

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
