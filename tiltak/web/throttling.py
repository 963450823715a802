"""Login throttling's view of who is knocking (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings

from tiltak.lib.client_address import client_address


def client_ip(request) -> str:
    """The client's address given TILTAK_TRUSTED_PROXIES proxies in front (see tiltak/lib/client_address.py)."""
    return client_address(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR"),
                          settings.TRUSTED_PROXIES)
