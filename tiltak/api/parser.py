"""The API's JSON parser: refuses what no text field may hold, before any of it reaches a query or the database.

A body sent as another media type than JSON (a form, say) is refused with 415, naming the type the API reads.

A NUL (PostgreSQL cannot store one), a lone surrogate (``"\\ud800"`` is valid JSON but not valid Unicode: neither
SQLite nor PostgreSQL can encode it) or JSON nested deeper than any request of ours would be, anywhere in the body
— a value or a key — is a 422 naming the problem.
"""

import json

from ninja.parser import Parser

MAX_DEPTH = 20


class UnacceptableText(ValueError):
    """The body's JSON is well formed but holds what tiltak refuses; the message says what."""


def _check(value, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise UnacceptableText(f"Forespørselen er nestet dypere enn {MAX_DEPTH} nivåer.")
    if isinstance(value, str):
        if "\x00" in value:
            raise UnacceptableText("Forespørselen inneholder et ugyldig tegn (NUL).")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UnacceptableText("Forespørselen inneholder ugyldig Unicode (et enslig surrogattegn).") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class NotJson(ValueError):
    """The body is declared as another media type than JSON."""


def is_json(content_type: str) -> bool:
    """application/json (with any parameters, such as a charset) or a structured-syntax type like
    application/problem+json."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class StrictJsonParser(Parser):
    def parse_body(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type and not is_json(content_type):
            raise NotJson("Forespørselen må sendes som JSON (Content-Type: application/json).")
        try:
            data = json.loads(request.body)
        except RecursionError:
            raise UnacceptableText(f"Forespørselen er nestet dypere enn {MAX_DEPTH} nivåer.") from None
        _check(data)
        return data
