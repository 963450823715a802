"""The id of the request being served, for the log lines, the response and the tasks it queues.

Taken from the client's (or the proxy's) ``X-Request-ID`` when that is a plausible id — at most 100 characters of
letters, digits and ``-_.:`` — otherwise made here. It lives in a context variable, so a log line written anywhere
below the request (an action, a renderer) carries it without being handed it, and so do the history rows the
actions write (``request_id`` on entries' versions, plan changes and the account log) and the tasks it queues.
"""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
MAX_LENGTH = 100  # also the length of the history rows' request_id (tiltak.plans.models)
_PLAUSIBLE = re.compile(rf"^[A-Za-z0-9._:-]{{1,{MAX_LENGTH}}}$")
_current: ContextVar[str] = ContextVar("tiltak_request_id", default="")


def from_header(value: str | None) -> str:
    """The client's id when it is plausible, else a new one (a log line never holds what a client wrote at will)."""
    if value and _PLAUSIBLE.match(value):
        return value
    return uuid.uuid4().hex


def current() -> str:
    """The id of the request (or queued task) this code runs for; empty outside one."""
    return _current.get()


def bind(request_id: str):
    """Make ``request_id`` the current one; returns the token to :func:`reset` with."""
    return _current.set(request_id)


def reset(token) -> None:
    _current.reset(token)
