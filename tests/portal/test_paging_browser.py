"""A long round's overview and report in pages, in a real headless Chromium: no axe violation on a later page, no
sideways scrolling at 320 px with the pager wrapping in view, and the pager followed by keyboard keeps the filter.
Set SCREENSHOT_DIR to keep screenshots."""

import pytest

from tests.portal.test_browser import _axe, _context, _screenshot, browser  # noqa: F401 - the browser fixture
from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.builtin import load_builtin_plan

ROUND = "/plan/demo-0001/runde/2012-09/"
REPORT = "/rapport/demo-0001/2012-09/"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def big_portal(db):
    load_builtin_plan()
    create_demo_data(plans=1, measures=250, rounds=2)


def test_a_later_page_has_no_axe_violations(live_server, big_portal, browser):  # noqa: F811
    page = _context(browser, 1280).new_page()
    problems = {}
    for prefix in ("", "/en"):
        for path in (f"{ROUND}side/2/", f"{REPORT}side/2/"):
            assert page.goto(live_server.url + prefix + path).status == 200
            violations = _axe(page)
            if violations:
                problems[prefix + path] = violations
        _screenshot(page, f"paged-report-{'en' if prefix else 'nb'}-1280")
        page.goto(live_server.url + prefix + f"{ROUND}side/2/")
        _screenshot(page, f"paged-overview-{'en' if prefix else 'nb'}-1280")
    assert problems == {}


@pytest.mark.parametrize("width", [320, 640])
def test_the_pages_do_not_scroll_sideways_and_the_pager_stays_in_view(live_server, big_portal, browser, width):  # noqa: F811
    page = _context(browser, width, 800).new_page()
    for prefix in ("", "/en"):
        for path in (ROUND, f"{ROUND}side/2/", f"{ROUND}side/3/", f"{REPORT}side/2/"):
            page.goto(live_server.url + prefix + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (width, prefix + path, overflow)
            boxes = page.evaluate("""() => [...document.querySelectorAll('.site-pager li > *')]
                .filter(e => getComputedStyle(e).visibility !== 'hidden')
                .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; })""")
            assert boxes and all(left >= 0 and right <= width and w > 0 for left, right, w in boxes), (path, boxes)
        if width == 320:
            page.goto(live_server.url + prefix + f"{ROUND}side/2/")
            _screenshot(page, f"paged-overview-{'en' if prefix else 'nb'}-320")


def test_the_pager_by_keyboard_keeps_the_filter(live_server, big_portal, browser, settings):  # noqa: F811
    settings.PAGE_SIZE = 20  # the live server runs in this process
    page = _context(browser, 1280).new_page()
    page.goto(live_server.url + ROUND + "?status=1")
    page.focus(".site-pager a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/side/2/?status=1")
    assert page.locator('.site-pager [aria-current="page"]').inner_text() == "2"
    assert page.locator("#filter-status").input_value() == "1"
    grades = page.evaluate("[...document.querySelectorAll('#overview-table tbody tr')].map(r => r.dataset.grade)")
    assert grades and set(grades) == {"1"}
