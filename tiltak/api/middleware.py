"""Every answer under /api/ is JSON, the refusals Django itself gives included (405, 404 of an unknown path, 400,
413, 414, 500), with the error body the OpenAPI description declares (`{"detail": …}`)."""

import json
import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

MESSAGES = {
    400: gettext_lazy("Forespørselen kan ikke leses."),
    403: gettext_lazy("Du har ikke lov til dette."),
    404: gettext_lazy("Fant ikke det du spurte etter."),
    405: gettext_lazy("Metoden er ikke tillatt her."),
    413: gettext_lazy("Forespørselen er for stor."),
    414: gettext_lazy("Adressen er for lang."),
    500: gettext_lazy("Noe gikk galt på tjeneren. Feilen er logget."),
}


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def json_error(status: int, detail: str | None = None) -> HttpResponse:
    body = {"detail": str(detail or MESSAGES.get(status) or _("Forespørselen ble avvist."))}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")


def _repeated_parameter(request) -> str | None:
    return next((name for name, given in request.GET.lists() if len(given) > 1), None)


class JsonErrorsForTheApi:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        repeated = _repeated_parameter(request) if _is_api(request) else None
        if repeated:
            # A list's query takes one value per parameter; taking the last of several would answer another
            # question than the one asked (and the description says each is one integer).
            return json_error(422, _("Parameteren «%(name)s» er gitt mer enn én gang.") % {"name": repeated})
        response = self.get_response(request)
        if (_is_api(request) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            converted = json_error(response.status_code)
            for header in ("Allow", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    converted[header] = response[header]
            return converted
        return response

    def process_exception(self, request, exception):
        # Refusals Django turns into 400/403/404 itself (and __call__ then into JSON); anything else is a bug.
        if not _is_api(request) or isinstance(exception, (Http404, PermissionDenied, SuspiciousOperation, BadRequest)):
            return None
        log.exception("API error on %s %s", request.method, request.path, exc_info=exception)
        return json_error(500)
