"""The API's lists a part at a time: ``?limit=&offset=``. The body stays the plain JSON list it always was (every
list of up to DEFAULT_LIMIT items comes whole, as before); the whole list's length is in ``X-Total-Count`` and the
neighbouring parts are in a ``Link`` header (RFC 8288: ``rel="next"``, ``"prev"``, ``"first"``, ``"last"``)."""

from urllib.parse import urlencode

from django.http import HttpResponse
from ninja import Field, Schema

MAX_LIMIT = 1000
DEFAULT_LIMIT = MAX_LIMIT
# Far past any list tiltak keeps, and well inside the databases' integer range (a larger offset is a 422, not a 500).
MAX_OFFSET = 1_000_000_000


class Window(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                       description=f"How many items at most (1–{MAX_LIMIT}; {DEFAULT_LIMIT} when left out).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip from the start of the list.")


DESCRIPTION = (
    f"A part of the list: `limit` items (at most {MAX_LIMIT}) from `offset`. The answer is the JSON list itself; "
    "`X-Total-Count` says how long the whole list is, and `Link` gives the addresses of the next, previous, first "
    "and last parts (RFC 8288) where there are other parts. An offset past the end gives an empty list."
)

# The headers every part answers with, for the operation's 200 in the OpenAPI description.
HEADERS = {
    "X-Total-Count": {"description": "How many items the whole list has.", "required": True,
                      "schema": {"type": "integer", "minimum": 0}},
    "Link": {"description": 'The other parts: `<…?limit=100&offset=200>; rel="next"`, and so on (RFC 8288).',
             "schema": {"type": "string"}},
}


def openapi(extra: dict | None = None) -> dict:
    """``openapi_extra`` for a list operation: its 200 answer's headers (and ``extra``)."""
    return {**(extra or {}), "responses": {200: {"headers": HEADERS}}}


def part(request, response: HttpResponse, items, window: Window) -> list:
    """``items`` (an ordered queryset: one count and one sliced query, whatever its length) from ``window``,
    with the headers set on ``response`` (ninja's temporal response)."""
    total = items.count()
    limit, offset = window.limit, window.offset
    response["X-Total-Count"] = str(total)

    def address(start: int) -> str:
        return f"{request.path}?{urlencode({'limit': limit, 'offset': start})}"

    links = []
    if offset + limit < total:
        links.append((address(offset + limit), "next"))
    if offset > 0:
        links.append((address(max(0, min(offset, total) - limit)), "prev"))
    if total > limit or offset > 0:
        last = max(0, (total - 1) // limit * limit)
        links += [(address(0), "first"), (address(last), "last")]
    if links:
        response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)
    return list(items[offset:offset + limit])
