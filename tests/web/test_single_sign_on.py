"""Single sign-on against a real OpenID Connect provider (panva's oidc-provider under Node.js, tests/web/oidc/), in
headless Chromium: an invited reporter comes in and lands on «Mine tiltak», and signs out of tiltak and of the
provider; an identity with no account is refused (no account made, no session); a forged state, a replayed code and
a tampered ID token are refused without a server error. No mocked provider: the attacks are made on the wire
(Playwright rewrites the callback's address; a hook in the provider's script alters its token response)."""

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from tests.cast import make_user
from tests.web import oidc_provider, test_browser
from tiltak.plans.actions import accounts
from tiltak.plans.models import AccountChange, Role, SignInIdentity
from tiltak.web import oidc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
page = test_browser.page  # the Chromium fixture
CLIENT_ID, SECRET = "tiltak-test", "en-lang-hemmelighet-for-testklienten-2026"
LABEL = "Logg inn med Testleverandøren"
ACCOUNTS = {"kari": {"email": "Kari@Example.no", "email_verified": True, "name": "Kari Nordmann"},
            "ukjent": {"email": "ukjent@example.no", "email_verified": True, "name": "Ukjent"}}


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with oidc_provider.running(client_id=CLIENT_ID, client_secret=SECRET,
                               redirect_uri=f"{live_server.url}/arbeid/oidc/callback/",
                               post_logout_redirect_uri=f"{live_server.url}/arbeid/logg-inn/",
                               accounts=ACCOUNTS, log=tmp_path_factory.mktemp("oidc") / "provider.log") as issuer:
        yield issuer


@pytest.fixture
def sso(provider, live_server, settings):
    settings.OIDC = {"issuer": provider, "client_id": CLIENT_ID, "client_secret": SECRET,
                     "scopes": "openid email profile", "label": LABEL}
    settings.SITE_URL = live_server.url
    oidc.forget_provider_configuration()
    yield provider
    oidc.forget_provider_configuration()


@pytest.fixture
def kari(db):
    return make_user("kari", Role.Kind.REPORTER, ministry="JD")  # kari@example.no


def _tamper(issuer: str, mode: str) -> None:
    assert requests.post(f"{issuer}/test/tamper", json={"mode": mode}, timeout=10).status_code == 204


def _sign_in_at_provider(page, base: str, login: str):
    """From tiltak's login page through the provider's form; the response of tiltak's callback."""
    page.goto(f"{base}/arbeid/")
    with page.expect_response(lambda r: "/arbeid/oidc/callback/" in r.url) as callback:
        page.get_by_role("link", name=LABEL).click()
        if page.locator("input[name=login]").count():
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", "hva-som-helst")
            page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()
    return callback.value


def _signed_in(page, base: str) -> bool:
    page.goto(f"{base}/arbeid/")
    return "/arbeid/logg-inn/" not in page.url


def _with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**dict(parse_qsl(parts.query)), **changes})))


def test_an_invited_reporter_signs_in_lands_on_mine_tiltak_and_signs_out(live_server, sso, kari, page):
    base = live_server.url
    callback = _sign_in_at_provider(page, base, "kari")
    assert callback.status == 302
    page.get_by_role("heading", name="Mine tiltak").wait_for()
    assert page.url == f"{base}/arbeid/"
    identity = SignInIdentity.objects.get(user=kari)
    assert (identity.issuer, identity.subject) == (sso, "kari")
    assert list(AccountChange.objects.filter(user=kari).order_by("pk").values_list("action", flat=True)) == [
        "identity_linked", "signed_in"]
    # The callback replayed (its state used up): refused, no server error, nothing recorded.
    replay = page.goto(callback.url)
    assert replay.status == 400 and "Innloggingen ble avvist" in page.content()
    # Signing out ends tiltak's session and, through RP-initiated logout, the provider's.
    page.goto(f"{base}/arbeid/")
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/arbeid/logg-inn/")
    assert not _signed_in(page, base)
    page.get_by_role("link", name=LABEL).click()
    page.locator("input[name=login]").wait_for()  # the provider asks again: its session ended too
    # A second sign-in finds the account by the subject kept with it.
    page.fill("input[name=login]", "kari")
    page.fill("input[name=password]", "hva-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("heading", name="Mine tiltak").wait_for()
    assert AccountChange.objects.filter(user=kari, action="signed_in").count() == 2
    assert SignInIdentity.objects.count() == 1


def test_an_identity_without_an_account_is_refused(live_server, sso, kari, page):
    base = live_server.url
    users = get_user_model().objects.count()
    callback = _sign_in_at_provider(page, base, "ukjent")
    assert callback.status == 403
    assert "Ingen bruker i tiltak" in page.content() and "ukjent@example.no" in page.content()
    assert not _signed_in(page, base)
    assert get_user_model().objects.count() == users and not SignInIdentity.objects.exists()
    refused = AccountChange.objects.get(action="sign_in_refused")
    assert refused.user is None and refused.username == "ukjent@example.no"
    # The English page says the same.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(callback.url)  # the state is used up: the general refusal, in English
    assert "Sign-in refused" in page.content()


def _callback_url(page, base: str, login: str) -> str:
    """Walk the sign-in to the point where the provider sends the browser back to tiltak, and stop there: the
    callback's address, not yet used (the same cookies as the browser, through Playwright's request context)."""
    import re

    request = page.request
    answer = request.get(f"{base}/arbeid/oidc/logg-inn/", max_redirects=0)
    for _ in range(10):
        if answer.status in (302, 303):
            location = answer.headers["location"]
            if location.startswith(f"{base}/arbeid/oidc/callback/"):
                return location
            answer = request.get(location if "://" in location else urljoin(answer.url, location), max_redirects=0)
        else:  # the provider's login form
            action = re.search(r'action="([^"]+)"', answer.text()).group(1)
            answer = request.post(urljoin(answer.url, action), max_redirects=0,
                                  form={"prompt": "login", "login": login, "password": "hva-som-helst"})
    raise AssertionError("the provider did not send the browser back")


def _code(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["code"]


def test_a_forged_state_a_replayed_code_and_a_tampered_id_token_are_refused(live_server, sso, kari, page):
    base = live_server.url
    # A state this browser was never given.
    forged = _with_query(_callback_url(page, base, "kari"), state="forged-state-0123456789abcdef")
    assert page.goto(forged).status == 400 and "Innloggingen ble avvist" in page.content()
    assert not _signed_in(page, base)
    # A code issued to another sign-in (its PKCE verifier is not this one's), under this sign-in's own state.
    other = _callback_url(page, base, "kari")
    assert page.goto(_with_query(_callback_url(page, base, "kari"), code=_code(other))).status == 400
    assert not _signed_in(page, base)
    # An ID token altered on the wire (claims changed under the signature; the signature dropped).
    for mode in ("claims", "none"):
        url = _callback_url(page, base, "kari")
        _tamper(sso, mode)
        assert page.goto(url).status == 400
        assert not _signed_in(page, base)
    assert not SignInIdentity.objects.exists()
    assert not AccountChange.objects.filter(action__in=["signed_in", "identity_linked"]).exists()
    # The real thing works; then its code, replayed under a fresh state, is refused by the provider (used once).
    used = _callback_url(page, base, "kari")
    assert page.goto(used).status == 200 and page.url == f"{base}/arbeid/"
    page.context.clear_cookies()
    assert page.goto(_with_query(_callback_url(page, base, "kari"), code=_code(used))).status == 400
    assert not _signed_in(page, base)
    assert AccountChange.objects.filter(user=kari, action="signed_in").count() == 1


def test_refused_identities_from_one_address_lock_out_nobody(live_server, sso, kari, page, settings):
    """An office behind one address: more people without an account try single sign-on than the lock-out allows
    failed sign-ins. The lock-out counts password guesses (per user name and address); a refused identity is no
    guess, so it must not shut single sign-on for everyone else at that address."""
    base = live_server.url
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        page.context.clear_cookies()
        assert page.goto(_callback_url(page, base, "ukjent")).status == 403
    assert AccountChange.objects.filter(action="sign_in_refused").count() == settings.AXES_FAILURE_LIMIT + 2
    page.context.clear_cookies()
    assert page.goto(_callback_url(page, base, "kari")).status == 200 and page.url == f"{base}/arbeid/"
    assert AccountChange.objects.filter(user=kari, action="signed_in").count() == 1


def test_an_invitation_link_links_an_identity_that_carries_no_known_address(live_server, sso, kari, page):
    """ID-porten sends no e-mail address. Per follows his invitation link, chooses the provider's button there instead
    of a password, signs in as «ukjent» (an address no account has), and his account is linked to that identity;
    the link is used up. Someone else's link then cannot take the identity."""
    base = live_server.url
    per = make_user("per", Role.Kind.REPORTER, ministry="BLD")
    link = accounts.password_link(per)
    # The sign-in's start honours an invitation only in the browser that opened its link (the link's token checked
    # and kept in that session): naming the account is not enough.
    uid = link.rstrip("/").split("/")[-2]
    assert page.goto(f"{base}/arbeid/oidc/logg-inn/?invitasjon={uid}").status == 400
    assert "Lenken er brukt eller ugyldig" in page.content()
    page.goto(link)
    page.get_by_role("heading", name="Eller logg inn med organisasjonens innlogging").wait_for()
    with page.expect_response(lambda r: "/arbeid/oidc/callback/" in r.url) as callback:
        page.get_by_role("link", name=LABEL).click()
        page.fill("input[name=login]", "ukjent")
        page.fill("input[name=password]", "hva-som-helst")
        page.get_by_role("button", name="Sign-in").click()
    assert callback.value.status == 302
    page.get_by_role("heading", name="Mine tiltak").wait_for()
    identity = SignInIdentity.objects.get(user=per)
    assert (identity.issuer, identity.subject) == (sso, "ukjent")
    assert AccountChange.objects.get(action="identity_linked").detail.endswith("(invitation link)")
    assert per.__class__.objects.get(pk=per.pk).password == per.password  # no password was set on the way
    page.context.clear_cookies()
    page.goto(link)
    assert "Lenken er brukt eller ugyldig" in page.content()
    # Kari's own link, followed by someone signed in as «ukjent» at the provider: refused, nothing linked to Kari.
    page.goto(accounts.password_link(kari))
    page.get_by_role("link", name=LABEL).click()
    page.fill("input[name=login]", "ukjent")
    page.fill("input[name=password]", "hva-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("heading", name="Innloggingen ble avvist").wait_for()
    assert "allerede koblet til en annen bruker" in page.content()
    assert not SignInIdentity.objects.filter(user=kari).exists() and SignInIdentity.objects.count() == 1
    assert not _signed_in(page, base)


def test_a_sign_in_not_started_from_the_invitation_forgets_one_left_over(client, sso, kari):
    """Begun from the invitation link and abandoned, then a sign-in started from the login page: no link."""
    session = client.session
    session[oidc.INVITATION_KEY] = {"user": kari.pk, "until": 9_999_999_999}
    session.save()
    assert client.get("/arbeid/oidc/logg-inn/").status_code == 302  # on to the provider
    assert oidc.INVITATION_KEY not in client.session
