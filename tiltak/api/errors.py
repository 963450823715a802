"""Errors as JSON with status codes the contract names, and messages a person can act on (bokmål, or English for
somebody who chose it: every message through gettext)."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from tiltak.api.auth import UNAUTHORIZED
from tiltak.api.parser import NotJson, UnacceptableText
from tiltak.plans.actions import BulkRejected, EntryConflict, RoundNotReady, StaleVersion

# pydantic's error types, in words: «version» må være et heltall.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("mangler"),
    "int_parsing": gettext_lazy("må være et heltall"),
    "int_type": gettext_lazy("må være et heltall"),
    "int_from_float": gettext_lazy("må være et heltall"),
    "string_type": gettext_lazy("må være tekst"),
    "list_type": gettext_lazy("må være en liste"),
    "date_parsing": gettext_lazy("må være en dato som 2013-02-15"),
    "date_from_datetime_parsing": gettext_lazy("må være en dato som 2013-02-15"),
    "date_type": gettext_lazy("må være en dato som 2013-02-15"),
    "bool_parsing": gettext_lazy("må være true eller false"),
    "bool_type": gettext_lazy("må være true eller false"),
    "value_error": gettext_lazy("er ugyldig"),
    "model_attributes_type": gettext_lazy("må være et JSON-objekt"),
    "dict_type": gettext_lazy("må være et JSON-objekt"),
    "json_invalid": gettext_lazy("er ikke gyldig JSON"),
    "string_too_long": gettext_lazy("kan være høyst {max_length} tegn"),
    "string_too_short": gettext_lazy("kan ikke være tom"),
    "string_pattern_mismatch": gettext_lazy("har ugyldig form"),
    "too_long": gettext_lazy("kan ha høyst {max_length} elementer; den har {actual_length}"),
    "too_short": gettext_lazy("må ha minst ett element"),
    "greater_than_equal": gettext_lazy("må være minst {ge}"),
    "less_than_equal": gettext_lazy("kan være høyst {le}"),
    "int_from_float_parsing": gettext_lazy("må være et heltall"),
    "extra_forbidden": gettext_lazy("er ukjent"),
}
WRAPPERS = {"body", "payload", "path", "query"}
# What a field's pattern (tiltak/api/schemas.py) asks for, in words.
PATTERN_MESSAGES = {
    "slug": gettext_lazy("kan bare ha små bokstaver a–z, sifre, bindestrek og understrek, som «2013-02»"),
    "plan": gettext_lazy("kan bare ha små bokstaver a–z, sifre, bindestrek og understrek"),
    "round": gettext_lazy("kan bare ha små bokstaver a–z, sifre, bindestrek og understrek, som «2013-02»"),
    "label": gettext_lazy("må være én linje med tekst"),
    "links": gettext_lazy("må være nettadresser som begynner med https:// eller http://, eller mailto:-adresser"),
    "numbers": gettext_lazy("må være tiltaksnumre som «3», «3.2» eller «IV-2»"),
    "number": gettext_lazy("må være et tiltaksnummer som «3», «3.2» eller «IV-2»"),
    "comment": gettext_lazy("må ha tekst, ikke bare mellomrom"),
}
# A date is the JSON text «2013-02-15» (tiltak/api/schemas.py).
DATE_FIELDS = {"as_of", "deadline"}


def _words(error: dict, field: str) -> str:
    kind = error.get("type", "")
    if kind == "string_pattern_mismatch" and field in PATTERN_MESSAGES:
        return str(PATTERN_MESSAGES[field])
    if kind == "value_error" and field in DATE_FIELDS:
        return str(SCHEMA_MESSAGES["date_parsing"])
    words = str(SCHEMA_MESSAGES.get(kind, _("er ugyldig")))
    context = {key: f"{value:,}".replace(",", " ") if key == "max_length" and isinstance(value, int) else value
               for key, value in (error.get("ctx") or {}).items()}
    try:
        words = words.format(**context)
    except (KeyError, IndexError):
        return words.split(";")[0].split("{")[0].strip() or _("er ugyldig")
    if kind == "string_too_long" and isinstance(error.get("input"), str):
        words += _("; den er %(count)s tegn") % {"count": f"{len(error['input']):,}".replace(",", " ")}
    return words


class UnknownStatus(Exception):
    def __init__(self, text: str, allowed: list[str]):
        self.text, self.allowed = text, allowed
        super().__init__(_("Ukjent status «%(status)s». Tillatt: %(allowed)s.") % {"status": text,
                                                                                "allowed": ", ".join(allowed)})


def register(api) -> None:
    from tiltak.api.views import entry_out  # the 409 answer shows the entry as it now is

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = api.create_response(request, {"detail": str(UNAUTHORIZED)}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="tiltak"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:  # ninja's answer to a body it cannot parse: a bad body, so 422 as for the rest
            cause = exc.__cause__
            if isinstance(cause, NotJson):  # not JSON at all: the media type is what is wrong
                return api.create_response(request, {"detail": str(cause)}, status=415)
            detail = str(cause) if isinstance(cause, UnacceptableText) else _("Forespørselen er ikke gyldig JSON.")
            return api.create_response(request, {"detail": detail, "errors": [{"field": "", "message": detail}]},
                                       status=422)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, {"detail": _("Forespørselen er for stor.")}, status=413)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("Fant ikke det du spurte etter.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("Du har ikke lov til dette.")}, status=403)

    @api.exception_handler(StaleVersion)
    def stale(request, exc):
        return api.create_response(request, {"detail": str(exc), "current": entry_out(exc.current).dict()},
                                   status=409)

    @api.exception_handler(RoundNotReady)
    def not_ready(request, exc):
        return api.create_response(request, {"detail": str(exc), "not_approved": exc.numbers}, status=409)

    @api.exception_handler(EntryConflict)
    def conflict(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)

    @api.exception_handler(BulkRejected)
    def bulk_rejected(request, exc):
        return api.create_response(request, {"detail": str(exc), "numbers": exc.numbers}, status=422)

    @api.exception_handler(UnknownStatus)
    def unknown_status(request, exc):
        return api.create_response(request, {"detail": str(exc), "allowed": exc.allowed}, status=422)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        errors = [{"field": field, "message": message}
                  for field, messages in exc.message_dict.items() for message in messages]
        return api.create_response(request, {"detail": " ".join(e["message"] for e in errors), "errors": errors},
                                   status=422)

    @api.exception_handler(SchemaError)
    def bad_body(request, exc):
        errors = []
        for error in exc.errors:
            names = [str(part) for part in error.get("loc", ()) if str(part) not in WRAPPERS]
            field = names[0] if names else ""
            words = _words(error, field)
            message = (_("«%(field)s» %(problem)s.") % {"field": field, "problem": words} if field
                       else _("Forespørselen %(problem)s.") % {"problem": words})
            errors.append({"field": field, "message": message})
        return api.create_response(request, {"detail": " ".join(e["message"] for e in errors), "errors": errors},
                                   status=422)
