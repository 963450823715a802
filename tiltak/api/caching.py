"""The API's reads of published content from the shared page cache (tiltak.core.pagecache), for the public.

An anonymous read — no token, no session — of a plan's published rounds is the same answer for everyone, so it is
stored and served like a published page: ETag, Last-Modified, 304 on ``If-None-Match``, ``X-Total-Count`` and
``Link`` kept with the body, expired when its plan changes. A read with a token or a session goes to the
operation every time and is never stored: it may see unpublished rounds, which the generations do not follow.
"""

from ninja.decorators import decorate_view
from pydantic import ValidationError

from tiltak.api import paging
from tiltak.core.pagecache import Freshness, cached_page, of_the_plan
from tiltak.plans import selectors
from tiltak.plans.models import Plan

WINDOW = ("limit", "offset")


def window_address(request) -> str | None:
    """The path and the list's window as the operation reads it (validated, the defaults filled in): ``?limit=0100``,
    ``?offset=0`` or ``?x=1`` is the same address as the list it asks for, so it neither misses nor grows the
    cache. None for a window the operation refuses (a 422, never stored)."""
    try:
        window = paging.Window.model_validate({name: request.GET[name] for name in WINDOW if name in request.GET})
    except ValidationError:
        return None
    return f"{request.path}?limit={window.limit}&offset={window.offset}"


def every_plan(request, **kwargs) -> Freshness:
    return Freshness(key="plans")


def the_plan(request, plan: str, **kwargs) -> Freshness | None:
    """A plan's published rounds: whether the plan exists (a 304 is never the answer for a plan there is not)."""
    return Freshness(key=f"plan={plan}") if Plan.objects.filter(slug=plan).exists() else None


def published_round(request, plan: str, round: str, **kwargs) -> Freshness | None:
    """A published round's entries; None for a round the public may not see (never cached, no validators)."""
    the_round = selectors.visible_round(None, plan_slug=plan, round_slug=round)
    if the_round is None:
        return None
    return Freshness(key=f"round={the_round.pk}", last_modified=the_round.published_at)


# What a cached read's description adds: its validators on the 200 (for an anonymous read), and the 304.
VALIDATORS = {
    "ETag": {"description": "The answer's version, for `If-None-Match` (reads without a token or a session).",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When what the answer is made of last changed (reads without a token).",
                      "schema": {"type": "string"}},
    "Cache-Control": {"description": "`public, max-age=300` for a read without a token or a session.",
                      "schema": {"type": "string"}},
}
NOT_MODIFIED = {"description": "Not Modified: the answer is still the one the request's `If-None-Match` (or "
                               "`If-Modified-Since`) names; no body."}


def openapi(extra: dict) -> dict:
    """``openapi_extra`` of a cached read: ``extra`` with the validators and the 304 added."""
    responses = {code: dict(answer) for code, answer in (extra.get("responses") or {}).items()}
    ok = responses.setdefault(200, {})
    ok["headers"] = {**(ok.get("headers") or {}), **VALIDATORS}
    responses[304] = NOT_MODIFIED
    return {**extra, "responses": responses}


def cached_read(freshness, *, lists: bool = False, scope=of_the_plan):
    """Decorate a read operation (below its ``@router.get``): the anonymous answer from the page cache."""
    return decorate_view(cached_page(freshness, params=window_address if lists else (), scope=scope,
                                     public_only=True))

