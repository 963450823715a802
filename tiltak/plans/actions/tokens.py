"""API bearer tokens: random, shown once, stored as a SHA-256 digest, revocable.

A fast digest is enough here (unlike passwords): the token is 256 random bits, so there is nothing to guess.
People get and lose tokens through the account actions (``issue_api_token``, ``revoke_api_tokens`` in
:mod:`tiltak.plans.actions.accounts`), which check who may and record it; these are the writes they make. The API
reads a token with :func:`tiltak.api.tokens.user_for_token`, which marks its use here.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from tiltak.plans.models import ApiToken

PREFIX = "tiltak_"
# Writing last_used_at on every request would turn reads into writes; once a minute says enough.
TOUCH_INTERVAL_SECONDS = 60


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(*, user) -> str:
    """A new token for ``user``, returned once (only its digest is kept). No record: the caller's action writes it."""
    raw = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=digest_of(raw), prefix=raw[: len(PREFIX) + 6])
    return raw


@transaction.atomic
def revoke_tokens(*, user) -> int:
    """Revoke every active token of ``user``; how many. No record: the caller's action writes it."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def mark_token_used(*, token: ApiToken, now: datetime.datetime) -> None:
    """Note when a token was last used, at most once a minute (bookkeeping, not a change anyone makes)."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_INTERVAL_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
