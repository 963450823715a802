"""API bearer tokens: random, shown once, stored as a SHA-256 digest, revocable.

A fast digest is enough here (unlike passwords): the token is 256 random bits, so there is nothing to guess.
"""

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
    raw = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=digest_of(raw), prefix=raw[: len(PREFIX) + 6])
    return raw


@transaction.atomic
def revoke_tokens(*, user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def user_for_token(raw: str):
    """The active user the token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=digest_of(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_INTERVAL_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
