"""Project-wide middleware."""

from functools import cache

from django.conf import settings
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
