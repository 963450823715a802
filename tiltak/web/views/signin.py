"""Signing in and out: the login page (the password form unless TILTAK_PASSWORD_LOGIN=false, and «Logg inn med …»
where single sign-on is configured), the two steps of single sign-on, and signing out of tiltak (and of the
provider, where it offers RP-initiated logout). The protocol is mozilla-django-oidc's (tiltak/web/oidc.py)."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from tiltak.web import oidc

log = logging.getLogger(__name__)


def sign_in_label() -> str:
    return (settings.OIDC["label"] or _("Logg inn med enkel pålogging")) if oidc.enabled() else ""


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_login": settings.PASSWORD_LOGIN,
                "sign_in_label": sign_in_label()}

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            raise PermissionDenied(_("Innlogging med passord er slått av her."))
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    """Ends the tiltak session; then, for a person who came through the provider, the provider's session too."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        end = oidc.end_session_url(id_token)
        if not end:
            return response
        # A page that goes on to the provider, not a redirect: the Content-Security-Policy's form-action 'self'
        # rightly stops a form's answer from redirecting to another site.
        return render(request, "web/signed_out.html", {"end_session_url": end})


def _refused(request, reason: str, email: str = "", status: int = 403):
    return render(request, "web/sign_in_refused.html",
                  {"reason": reason, "email": email, "sign_in_label": sign_in_label()}, status=status)


class SingleSignOnStart(OIDCAuthenticationRequestView):
    """To the provider's login, with a fresh state, nonce and PKCE challenge kept in the session."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)  # the endpoints come in get()

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        # An invitation applies to the sign-in started from its page only; any other start forgets one left over
        # (a sign-in begun from the link and abandoned must not link the next person at this browser).
        oidc.take_invitation(request)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider_configuration()["authorization_endpoint"]
        except oidc.ProviderUnavailable as exc:
            log.error("single sign-on unavailable: %s", exc)
            return _refused(request, "unavailable", status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC["client_id"]
        if "invitasjon" in request.GET:  # from the invitation link's page (people.SetPasswordView)
            invited = oidc.invited_in_this_session(request, request.GET["invitasjon"])
            if invited is None:
                return _refused(request, "invitation_used", status=400)
            oidc.remember_invitation(request, invited)
        response = super().get(request)
        return HttpResponseRedirect(oidc.with_redirect_uri(response["Location"]))


class SingleSignOnCallback(OIDCAuthenticationCallbackView):
    """The provider's answer. Whatever is wrong with it — a state this browser never got, a code used before, an ID
    token that fails its checks, an identity with no account — is a refusal page, never a server error."""

    get_settings = staticmethod(oidc.setting)

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, oidc.ProviderUnavailable,
                ValueError, KeyError) as exc:
            log.warning("single sign-on refused: %s", exc)
            return _refused(request, "failed", status=400)

    def login_failure(self):
        outcome = getattr(self.request, "tiltak_sign_in", None) or {}
        return _refused(self.request, outcome.get("refusal") or "failed", outcome.get("email", ""),
                        status=403 if outcome.get("refusal") else 400)
