"""The site's own error pages (400, 403, 404, 414, 500): in the visitor's language, with the site's header and a way
back. The language is the page's (``/en/…`` is English), as tiltak.middleware has already chosen it."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _error(request, status: int, heading: str, message: str, *, simple: bool = False) -> HttpResponse:
    html = render_to_string("site/error.html", {"status": status, "heading": heading, "message": message,
                                                "simple": simple}, request=request)
    return HttpResponse(html, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, 400, _("Forespørselen kunne ikke leses"),
                  _("Adressen eller skjemaet inneholdt noe tiltak ikke kan bruke."))


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, 403, _("Du har ikke tilgang til denne siden"),
                  _("Logg inn med en bruker som har tilgang, eller gå tilbake til forsiden."))


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, 404, _("Siden finnes ikke"),
                  _("Vi finner ingen side på denne adressen. Den kan være flyttet, eller runden er ikke publisert."))


def uri_too_long(request, limit: int) -> HttpResponse:
    # Answered before the session and the language are read (tiltak.middleware): the simple page, in bokmål.
    return _error(request, 414, _("Adressen er for lang"),
                  _("Adressen kan være høyst %(limit)s byte lang. Et søk bruker uansett bare de første 200 tegnene.")
                  % {"limit": f"{limit:,}".replace(",", "\u00a0")}, simple=True)


@requires_csrf_token
def server_error(request):
    # Nothing that may itself fail (the database, the session) is asked for on this page.
    return _error(request, 500, _("Noe gikk galt hos oss"),
                  _("Feilen er logget. Prøv igjen om litt, eller gå tilbake til forsiden."), simple=True)


def favicon(request):
    return redirect(static("site/favicon.svg"), permanent=True)
