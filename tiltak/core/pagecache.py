"""Published pages and downloads served from a shared cache, with ETag/Last-Modified and 304 Not Modified.

A view opts in with ``@cached_page(freshness)``. ``freshness(request, *args, **kwargs)`` is a cheap function (a
query or two, never the page's own data) that returns a :class:`Freshness` — a key made of what the content depends
on and when it last changed — or None when the response must not be cached (an unpublished round, say). Then:

* the ETag is a digest of that key, the request's path and query, the language and the code's version, so a
  changed entry, a corrected round or an upgrade of tiltak gives a new ETag;
* a request whose ``If-None-Match`` (or ``If-Modified-Since``) matches gets 304 with no body, without the view;
* a 200 is stored in the shared ``pages`` cache unless it sets cookies, varies on the cookie, or used the CSRF token
  (per-visitor content);
* the static export (`tiltak site`, while :func:`tiltak.core.exporting.exporting`) bypasses the cache whole: its
  pages are rendered for files, not for visitors, so it neither reads the live pages nor stores its own;
* logged-in users, and requests with a token, bypass the stored pages (their pages may show what only they may
  see, and their header is their own), but still get the validators — or, with ``public_only`` (the API), not
  even those.

What stores a page is :mod:`tiltak.core.generations`: each page is kept under the generations of what it is made
of (``scope``: its plan's, or that of the pages listing plans; reference data renews them all), renewed once
per transaction when something it shows is saved or deleted. So a stored page stays right for exactly as long as
its generations stand, and a visitor's request finds it under them, its address and its language alone: a hit
reads the token and the page from the cache (two reads) and asks the database nothing (``freshness`` runs on a
miss, to decide whether the page may be kept and to make its validators, which are stored with it). A change to
one plan leaves every other plan's pages where they are.
"""

import dataclasses
import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import caches
from django.db.models import Count, Max, Min, Sum
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from tiltak import __version__
from tiltak.core import generations
from tiltak.core.exporting import is_exporting
from tiltak.lib.metrics import PAGE_CACHE

CACHE_ALIAS = "pages"
DEFAULT_MAX_AGE = 300


@dataclass(frozen=True)
class Freshness:
    key: str
    last_modified: datetime.datetime | None = None
    max_age: int = DEFAULT_MAX_AGE


def _cache():
    return caches[CACHE_ALIAS]


def published(request, *args, **kwargs) -> Freshness:
    """The freshness of a page made of published content only, and nothing a visitor chooses besides its address
    (a measure's, a ministry's, a comparison): its generations alone say when it changed."""
    return Freshness(key="published")


def rounds_key(rounds) -> str:
    """A key for content made of the entries of ``rounds`` (a list of pks or a queryset of rounds' pks): one
    aggregate query (entries are written with a queryset update, which sends no signal, but always moves
    ``updated_at`` and ``version``)."""
    from tiltak.plans.models import StatusEntry

    if isinstance(rounds, Iterable) and not hasattr(rounds, "query"):
        rounds = sorted(set(rounds))
    agg = StatusEntry.objects.filter(round_id__in=rounds).aggregate(
        changed=Max("updated_at"), n=Count("id"), versions=Sum("version"), lo=Min("round_id"), hi=Max("round_id"))
    changed = agg["changed"].isoformat() if agg["changed"] else "-"
    return f"rounds={agg['lo']}-{agg['hi']};n={agg['n']};v={agg['versions']};t={changed}"


@functools.cache
def code_version() -> str:
    """A digest of tiltak's own code, templates, styles and catalogues (once per process): an upgrade is a change."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js", ".mo", ".svg"} and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def canonical_address(request, params: tuple[str, ...]) -> str:
    """The path and, of the query, only the parameters the page uses (the first value of each, in a fixed order):
    ``?x=1`` or a reordered query is the same page, so it neither misses the cache nor adds to it."""
    query = urlencode([(name, request.GET.get(name, "")) for name in sorted(params) if name in request.GET])
    return request.path + (f"?{query}" if query else "")


def absolute_address(request) -> str:
    """The path with the scheme and host it was asked on, and no query: for content that writes its links whole
    (an Atom feed's), so a feed asked for on one host is never served on another. (The host is one that
    ALLOWED_HOSTS lets in: a visitor cannot grow the cache with made-up ones.)"""
    return request.build_absolute_uri(request.path)


def of_the_plan(request, *args, plan: str, **kwargs) -> tuple[str, ...]:
    """The scope of a page of one plan, whose slug is in its address (``plan``)."""
    return (generations.of_plan(plan),)


def of_every_plan(request, *args, **kwargs) -> tuple[str, ...]:
    """The scope of a page that shows data of several plans: any plan's change expires it."""
    return (generations.EVERY_PLAN,)


def _anonymous(request) -> bool:
    """Nobody signed in and no token sent: the one kind of visitor whose answer is the same for everyone."""
    return not request.user.is_authenticated and "HTTP_AUTHORIZATION" not in request.META


def _stored_key(request, token: str) -> str:
    """Where a visitor's page is kept: what it can differ by while its generations stand."""
    raw = "|".join([code_version(), token, request.tiltak_address, get_language() or ""])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _etag(request, freshness: Freshness, token: str) -> str:
    raw = "|".join([code_version(), token, freshness.key, request.tiltak_address, get_language() or ""])
    # Weak: a page's CSP nonce differs from response to response; the content does not.
    return "W/" + quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:40])


def _not_modified(request, etag: str, last_modified: datetime.datetime | None) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return etag.removeprefix("W/") in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is not None and last_modified is not None:
        return int(last_modified.timestamp()) <= since
    return False


def _validators(response, etag: str, freshness: Freshness, *, public: bool) -> None:
    response["ETag"] = etag
    if freshness.last_modified is not None:
        response["Last-Modified"] = http_date(freshness.last_modified.timestamp())
    # Browsers and proxies may keep it a while; afterwards they revalidate with If-None-Match (a cheap 304).
    response["Cache-Control"] = f"public, max-age={freshness.max_age}" if public else "private, no-cache"


def _storable(request, response) -> bool:
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _from_store(request, stored: dict):
    """The stored page for this request: 304 when the client holds it, else its body with this request's nonce."""
    if _not_modified(request, stored["etag"], stored["last_modified"]):
        response = HttpResponseNotModified()
        for name in ("ETag", "Last-Modified", "Cache-Control"):
            if name in stored["validators"]:
                response[name] = stored["validators"][name]
        return response
    content = stored["content"]
    if stored["nonce"]:
        # The page's style element carries the CSP nonce of the request that made it: give it this request's own
        # (the CSP middleware puts the same one in this response's header).
        content = content.replace(stored["nonce"].encode(), str(request.csp_nonce).encode())
    response = HttpResponse(content)
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Tiltak-Cache"] = "hit"
    return response


def cached_page(freshness: Callable[..., Freshness | None], *,
                params: tuple[str, ...] | Callable[..., str | None] = (),
                scope: Callable[..., tuple[str, ...]] = of_every_plan, public_only: bool = False):
    """Decorate a GET/HEAD view of published content; see the module's docstring.

    ``params``: the query parameters the page reads (every other is ignored, for the key as for the page), or a
    function giving the request's canonical address (None: a query the view will refuse, never cached).
    ``scope``: the generations the page is made of (:func:`of_the_plan`, :func:`of_every_plan`).
    ``public_only``: a signed-in or token-bearing request goes straight to the view, without validators (what it
    may see is not what the generations follow: an unpublished round, say)."""
    address_of = params if callable(params) else functools.partial(canonical_address, params=params)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or is_exporting():
                return view(request, *args, **kwargs)
            public = _anonymous(request)
            address = address_of(request)
            if address is None or (public_only and not public):
                return view(request, *args, **kwargs)
            request.tiltak_address = address
            token, made = generations.current(scope(request, *args, **kwargs))
            if public:
                stored = _cache().get(_stored_key(request, token))
                if stored is not None:
                    PAGE_CACHE.labels("hit").inc()
                    return _from_store(request, stored)
            fresh = freshness(request, *args, **kwargs)
            if fresh is None:
                return view(request, *args, **kwargs)
            # A change anywhere in its scope counts as a change here too (conservative for If-Modified-Since).
            fresh = dataclasses.replace(fresh, last_modified=last_change(fresh.last_modified, made))
            etag = _etag(request, fresh, token)
            if _not_modified(request, etag, fresh.last_modified):
                PAGE_CACHE.labels("not_modified").inc()
                response = HttpResponseNotModified()
                _validators(response, etag, fresh, public=public)
                return response
            PAGE_CACHE.labels("miss").inc()
            response = view(request, *args, **kwargs)
            if not public:
                if response.status_code == 200:
                    _validators(response, etag, fresh, public=False)
                return response
            if _storable(request, response):
                nonce = getattr(request, "_csp_nonce", None)
                _validators(response, etag, fresh, public=True)
                headers = [(k, v) for k, v in response.items() if k.lower() not in ("vary", "x-tiltak-cache")]
                _cache().set(_stored_key(request, token), {
                    "content": response.content, "headers": headers,
                    "nonce": nonce if isinstance(nonce, str) else None,
                    "etag": etag, "last_modified": fresh.last_modified,
                    "validators": {k: v for k, v in headers if k in ("ETag", "Last-Modified", "Cache-Control")},
                }, timeout=None)
                response["X-Tiltak-Cache"] = "miss"
            return response

        return wrapped

    return decorator


def last_change(*moments: datetime.datetime | None) -> datetime.datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None
