"""Who is knocking (django-axes' AXES_CLIENT_IP_CALLABLE), and bounds on what one address may ask for."""

from django.conf import settings
from django.core.cache import caches

from tiltak.lib.client_address import client_address
from tiltak.web.oidc import through_the_provider


def client_ip(request) -> str:
    """The client's address given TILTAK_TRUSTED_PROXIES proxies in front (see tiltak/lib/client_address.py)."""
    return client_address(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR"),
                          settings.TRUSTED_PROXIES)


def not_a_password_guess(request, credentials: dict | None) -> bool:
    """django-axes' AXES_WHITELIST_CALLABLE: the lock-out counts password guesses, per user name and address. A
    sign-in through the provider is no guess (the provider checked the person; tiltak only says whether it knows
    them), and it carries no user name: counted, the refusals of people without an account would add up per
    address alone, and after a few of them single sign-on would shut for everyone behind that address (an office's
    one public address). Refused identities are still recorded in the account log (``sign_in_refused``)."""
    return credentials is not None and through_the_provider(credentials)


def over_limit(request, what: str, *, per_hour: int) -> bool:
    """Count one ``what`` for the request's client address; True once it has asked more than ``per_hour`` times
    within an hour. The count is forgotten an hour after its first request on Redis, an hour after its last on
    the file cache (whose incr() writes it again): simple, and enough to stop a flood."""
    counters = caches["throttle"]
    key = f"{what}:{client_ip(request)}"
    counters.add(key, 0, timeout=3600)
    try:
        return counters.incr(key) > per_hour
    except ValueError:  # expired between add and incr: this is the first of a new hour
        counters.add(key, 1, timeout=3600)
        return False
