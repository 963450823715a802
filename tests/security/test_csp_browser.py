"""Every kind of page, loaded in a real Chromium under the Content-Security-Policy, breaks none of its rules.

Chromium reports each blocked script, style or attribute on the console («Refused to apply inline style …») and
as a `securitypolicyviolation` event; either fails the test.
"""

import shutil

import pytest
from django.db import connections

from tests.cast import PASSWORD, open_2022
from tests.web.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


@pytest.fixture
def browser_context(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: run scripts/system-packages (Debian's chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="nb-NO")
        context.add_init_script(WATCH_VIOLATIONS)
        yield context
        browser.close()
        connections.close_all()


def _visit(page, url: str, refused: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    assert "content-security-policy" in response.headers, url
    page.wait_for_load_state("networkidle")
    events = page.evaluate("window.__csp")
    refused.extend(f"{url}: {event}" for event in events)


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/arbeid/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state("networkidle")


def test_no_page_breaks_the_content_security_policy(live_server, plan, coordinator, reporter_jd, browser_context):
    from django.contrib.auth import get_user_model

    open_2022(plan, coordinator)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.no", PASSWORD)
    base = live_server.url
    refused: list[str] = []
    page = browser_context.new_page()
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
            if "Refused to" in message.text or "Content Security Policy" in message.text else None)

    published = plan.rounds.filter(state="published").first()
    public = ["/", f"/plan/{plan.slug}/", f"/plan/{plan.slug}/runde/{published.slug}/",
              f"/rapport/{plan.slug}/{published.slug}/", "/arbeid/logg-inn/", "/api/v1/docs"]
    for path in public:
        _visit(page, base + path, refused)
        if path == "/api/v1/docs":  # Swagger UI ran from its vendored files and drew the operations
            page.locator(".opblock").first.wait_for()
            assert "cdn" not in " ".join(page.evaluate("[...document.scripts].map(s => s.src)"))
        if path.startswith(("/plan/", "/rapport/")):  # grade colours reach the page as SVG fills
            colour = page.evaluate("getComputedStyle(document.querySelector('.site-status .site-swatch rect')).fill")
            assert colour not in ("", "none", "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colour

    _login(page, base, reporter_jd.username)
    entry = f"/arbeid/plan/{plan.slug}/2022-03/tiltak/10/"
    for path in ["/arbeid/", entry, entry + "historikk/"]:
        _visit(page, base + path, refused)
    page.goto(base + entry)
    colour = page.evaluate("getComputedStyle(document.querySelector('.web-scale .web-swatch')).backgroundColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)"), colour

    page.context.clear_cookies()
    _login(page, base, coordinator.username)
    for path in ["/arbeid/", f"/arbeid/plan/{plan.slug}/2022-03/", f"/arbeid/plan/{plan.slug}/ny-runde/",
                 "/arbeid/importer/", f"/rapport/{plan.slug}/2022-03/"]:
        _visit(page, base + path, refused)

    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    for path in ["/admin/", "/admin/plans/plan/", f"/admin/plans/plan/{plan.pk}/change/"]:
        _visit(page, base + path, refused)

    assert refused == [], "\n".join(refused)
