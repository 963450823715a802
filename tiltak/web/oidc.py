"""Single sign-on through OpenID Connect, with mozilla-django-oidc doing the protocol.

mozilla-django-oidc runs the authorization code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session
(each used once), and checks the ID token's signature against the provider's published keys (JWKS). What tiltak
adds around it, and nothing more:
- the provider's endpoints come from its discovery document (``{issuer}/.well-known/openid-configuration``), read
  when someone signs in and kept for an hour — not at start-up, and not on every request of a signed-in person;
- the ID token's issuer, audience, expiry and issue time are checked too (PyJWT), not only its signature;
- the redirect URI is ``{TILTAK_SITE_URL}/arbeid/oidc/callback/``, as registered with the provider, whatever Host
  header a request came with;
- who the identity is in tiltak is the account action's to say (``accounts.sign_in_with_identity``: the subject kept
  with the account, or on the first sign-in the verified e-mail address, or the account whose invitation link the
  person came from); nobody gets an account by signing in.
"""

import logging
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from tiltak.plans.actions import accounts

log = logging.getLogger(__name__)

DISCOVERY_SECONDS = 3600
_discovered: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read, or does not describe the configured issuer."""


def enabled() -> bool:
    return bool(settings.OIDC["issuer"])


def provider_configuration() -> dict:
    """The provider's discovery document (its endpoints and keys' address), kept for an hour."""
    issuer = settings.OIDC["issuer"]
    with _lock:
        cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"discovery at {issuer}: {exc}") from None
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"the discovery document at {issuer} names another issuer")
    missing = [key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(key)]
    if missing:
        raise ProviderUnavailable(f"the discovery document at {issuer} lacks {', '.join(missing)}")
    with _lock:
        _discovered[issuer] = (time.monotonic(), document)
    return document


def forget_provider_configuration() -> None:
    with _lock:
        _discovered.clear()


def callback_url() -> str:
    """The redirect URI registered with the provider."""
    return settings.SITE_URL + reverse("web:oidc_callback")


_FROM_DISCOVERY = {"OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
                   "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint", "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
                   "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint"}


def setting(attr: str, *args):
    """mozilla-django-oidc's settings, the provider's endpoints taken from discovery."""
    if attr in _FROM_DISCOVERY:
        return provider_configuration().get(_FROM_DISCOVERY[attr])
    return import_from_settings(attr, *args)


def with_redirect_uri(location: str) -> str:
    """The authorization request's address with the registered redirect URI in place of the one built from the
    request's Host header."""
    parts = urlsplit(location)
    query = [(key, callback_url() if key == "redirect_uri" else value) for key, value in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def end_session_url(id_token: str | None) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout), if it offers that."""
    if not id_token or not enabled():
        return None
    try:
        endpoint = provider_configuration().get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": settings.OIDC["client_id"],
                       "post_logout_redirect_uri": settings.SITE_URL + reverse("web:login")})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


INVITATION_KEY = "tiltak_invitation"
INVITATION_SECONDS = 15 * 60


def invited_in_this_session(request, uidb64: str):
    """The account whose invitation (password) link this browser opened: Django's confirm view checked the link's
    token and keeps it in the session; it must still hold for the account ``uidb64`` names. Else None."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = get_user_model()._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError, ValidationError):
        return None
    token = request.session.get(INTERNAL_RESET_SESSION_TOKEN)
    return user if user is not None and token and default_token_generator.check_token(user, token) else None


def remember_invitation(request, user) -> None:
    """The person came from their invitation link and chose to sign in through the provider: the callback links
    the identity to this account (``accounts.sign_in_with_identity(invited=…)``). Kept in the session for a quarter
    of an hour, for one sign-in."""
    request.session[INVITATION_KEY] = {"user": user.pk, "until": time.time() + INVITATION_SECONDS}


def take_invitation(request):
    """The account of the invitation remembered in this session, if any and not stale; forgotten either way."""
    invitation = request.session.pop(INVITATION_KEY, None)
    if not isinstance(invitation, dict) or invitation.get("until", 0) < time.time():
        return None
    return get_user_model().objects.filter(pk=invitation.get("user")).first()


def through_the_provider(credentials: dict) -> bool:
    """Whether an ``authenticate()`` call is a sign-in through the provider: mozilla-django-oidc's callback passes
    the sign-in's nonce, which a password form never does."""
    return "nonce" in credentials


class SignInBackend(OIDCAuthenticationBackend):
    """Signs a person in from the provider's answer on the callback; never by user name and password."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # Nothing is read from the provider here: Django makes a backend for every request of a signed-in person.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not through_the_provider(kwargs) or not enabled():
            return None  # a password login, or single sign-on not configured
        provider = provider_configuration()
        self.issuer = provider["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = provider["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = provider.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = provider["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC["client_id"]
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC["client_secret"]
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def get_token(self, payload):
        payload["redirect_uri"] = callback_url()
        return super().get_token(payload)

    def _verify_jws(self, payload, key):
        # mozilla-django-oidc checks the signature and the algorithm; the claims that say the token is for us, from
        # this provider and current are checked here as well.
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the ID token is not signed with the expected algorithm")
        try:
            return jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                              issuer=self.issuer, leeway=60,
                              options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from None

    def get_userinfo(self, access_token, id_token, payload):
        return payload  # the verified ID token's claims; the userinfo endpoint is not needed

    def get_or_create_user(self, access_token, id_token, payload):
        outcome = accounts.sign_in_with_identity(issuer=self.issuer, claims=payload,
                                                 invited=take_invitation(self.request))
        self.request.tiltak_sign_in = {"refusal": outcome.refusal, "email": str(payload.get("email") or "")[:254]}
        return outcome.user
