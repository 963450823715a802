"""Who is asking: a bearer token (`Authorization: Bearer TOKEN`), or for reads also a signed-in web session."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from tiltak.api.tokens import user_for_token

UNAUTHORIZED = gettext_lazy(
    "Mangler gyldig API-nøkkel. Send «Authorization: Bearer NØKKEL» (lag en med «tiltak user token NAVN»).")


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


def viewer(request):
    """The user behind a read: a token if one is sent (a bad one is refused), else the session, else anonymous."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise AuthenticationError(message=str(UNAUTHORIZED))
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()
