"""Project-wide middleware."""

from functools import cache

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, get_resolver
from django.utils import translation


@cache
def _work_prefixes(urlconf: str) -> tuple[str, ...]:
    """The paths outside the public, language-prefixed part of the site (``/arbeid/``, ``/api/``, ``/admin/``)."""
    return tuple("/" + str(p.pattern) for p in get_resolver(urlconf).url_patterns
                 if not isinstance(p.pattern, LocalePrefixPattern))


class BokmalFirstLocaleMiddleware(LocaleMiddleware):
    """The public pages have one address per language: ``/plan/…`` in bokmål, ``/en/plan/…`` in English, so a
    link, a bookmark, a cached copy and the static export always show one language.

    The work pages (``/arbeid/``, the API, the admin) speak bokmål unless the person chose English with the language
    button (Django's language cookie). The browser's Accept-Language is never asked: many Norwegians run browsers
    set to English, and a Norwegian government service greets them in bokmål.
    """

    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        supported = {code for code, _name in settings.LANGUAGES}
        language = translation.get_language_from_path(request.path_info)
        if not language:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            work_page = request.path_info.startswith(_work_prefixes(urlconf))
            language = chosen if work_page and chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulCharacters:
    """A NUL in the path, the query or a header is a 400 before any view sees it.

    No legitimate request has one, and PostgreSQL cannot hold one in a text value: left through, a NUL in a URL
    (``/plan/%00/``) would reach a query and turn into a server error. (Form fields refuse NUL themselves, the API's
    JSON parser refuses NUL and lone surrogates; see tiltak/api/parser.py.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if ("\x00" in request.path_info or "%00" in meta.get("QUERY_STRING", "")
                or any("\x00" in value for key, value in meta.items()
                       if key.startswith("HTTP_") and isinstance(value, str))):
            return HttpResponseBadRequest("NUL is not allowed in a request.", content_type="text/plain")
        return self.get_response(request)


# The longest request line (path and query, as sent) tiltak reads. gunicorn is told to pass longer lines on (it caps
# them at 1 MiB itself) so that this answer, and not gunicorn's own HTML page, is what a client gets: JSON under
# /api/ (tiltak.api.middleware), as the OpenAPI description declares. 8 KiB is what common proxies allow.
MAX_REQUEST_LINE_BYTES = 8192


class RefuseLongRequestLines:
    """A path and query longer than MAX_REQUEST_LINE_BYTES is a 414 before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # WSGI gives the path as one latin-1 code point per byte (so its length is its length in bytes) and the
        # query string as sent, still percent-encoded.
        path = request.environ.get("PATH_INFO", "")
        query = request.environ.get("QUERY_STRING", "")
        if len(path) + len(query) > MAX_REQUEST_LINE_BYTES:
            from tiltak.portal.errors import uri_too_long  # the site's own page (JSON under /api/)

            return uri_too_long(request, MAX_REQUEST_LINE_BYTES)
        return self.get_response(request)
