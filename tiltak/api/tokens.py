"""The account an API request's bearer token belongs to (tokens are issued and revoked by the account actions,
:mod:`tiltak.plans.actions.tokens`)."""

from django.utils import timezone

from tiltak.plans.actions.tokens import PREFIX, digest_of, mark_token_used
from tiltak.plans.models import ApiToken


def user_for_token(raw: str):
    """The active user the token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=digest_of(raw)).first()
    if token is None:
        return None
    mark_token_used(token=token, now=timezone.now())
    return token.user
