"""Login throttling counts failures per user name and the client's real address, behind any number of proxies."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.cast import PASSWORD
from tiltak.lib.client_address import client_address

PROXY = "10.0.0.5"
LOGIN = "/arbeid/logg-inn/"


@pytest.mark.parametrize(("remote", "forwarded", "trusted", "expected"), [
    ("192.0.2.7", None, 0, "192.0.2.7"),
    ("192.0.2.7", "203.0.113.9", 0, "192.0.2.7"),  # no proxy trusted: the header is the client's own word
    (PROXY, "203.0.113.9", 1, "203.0.113.9"),
    (PROXY, "198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),  # the client wrote the first one itself
    (PROXY, "198.51.100.1, 203.0.113.9, 10.0.0.4", 2, "203.0.113.9"),
    (PROXY, "203.0.113.9", 3, "203.0.113.9"),  # a shorter chain than promised: the first proxy's peer
    (PROXY, "not-an-address", 1, PROXY),
    (PROXY, "203.0.113.9:5555", 1, "203.0.113.9"),
    (PROXY, "[2001:db8::1]:443", 1, "2001:db8::1"),
    (PROXY, "2001:db8::1", 1, "2001:db8::1"),
    (PROXY, "\x00\ud800", 1, PROXY),
    ("", None, 0, "0.0.0.0"),  # noqa: S104 -- no peer at all: a placeholder address
])
def test_client_address(remote, forwarded, trusted, expected):
    assert client_address(remote, forwarded, trusted) == expected


def _fail(client, username, **meta):
    return client.post(LOGIN, {"username": username, "password": "feil passord"}, **meta)


def _login(client, username, **meta):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, **meta)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    settings.AXES_FAILURE_LIMIT = 3


def test_behind_a_proxy_one_address_cannot_lock_out_another(client, reporter_jd, behind_one_proxy):
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(3):
        _fail(client, "rapportor-jd", **attacker)
    assert _login(client, "rapportor-jd", **attacker).status_code == 429
    # The owner, at another address behind the same proxy, logs in.
    owner = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert _login(client, "rapportor-jd", **owner).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


def test_a_forged_forwarded_for_does_not_move_the_attacker(client, reporter_jd, behind_one_proxy):
    for n in range(3):  # each try claims another address in front; the proxy's appended one is what counts
        _fail(client, "rapportor-jd", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.66")
    assert _login(client, "rapportor-jd", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, reporter_jd, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):  # a client writing a new X-Forwarded-For each time is still one address
        _fail(client, "rapportor-jd", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert _login(client, "rapportor-jd", REMOTE_ADDR="192.0.2.7").status_code == 429
    assert _login(client, "rapportor-jd", REMOTE_ADDR="192.0.2.8").status_code == 302


def test_a_lock_out_ends_after_the_cool_off(client, reporter_jd, behind_one_proxy, settings):
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(3):
        _fail(client, "rapportor-jd", **attacker)
    assert _login(client, "rapportor-jd", **attacker).status_code == 429
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - datetime.timedelta(seconds=1))
    assert _login(client, "rapportor-jd", **attacker).status_code == 302


def test_other_accounts_from_the_locked_address_still_log_in(client, reporter_jd, reporter_ud, behind_one_proxy):
    address = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(3):
        _fail(client, "rapportor-jd", **address)
    assert _login(client, "rapportor-ud", **address).status_code == 302
