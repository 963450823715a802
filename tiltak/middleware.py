"""Project-wide middleware."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class BokmalFirstLocaleMiddleware(LocaleMiddleware):
    """Bokmål unless the person chose English with the language button (Django's language cookie).

    Many Norwegians run browsers set to English; asking the browser's Accept-Language would greet them in
    English on a Norwegian government service. So only an explicit choice counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
