"""The id of a request (``X-Request-ID``, taken or made) is kept on the history rows its actions write — an entry's
versions, the plan register's changes, the account log — and carried into the tasks it queues; the admin shows it
and finds the rows by it. Without a request (a command, a fresh thread) the rows say none."""

import contextvars
import logging

import pytest
from django.urls import reverse
from huey import MemoryHuey

from tests.api.helpers import ApiClient
from tests.cast import coordinator, plan, reporter_jd, round_open
from tiltak.lib.logs import RequestIdFilter
from tiltak.plans.actions.accounts import set_active
from tiltak.plans.models import AccountChange, PlanChange, StatusEntry, StatusEntryVersion
from tiltak.reports import tasks

pytestmark = pytest.mark.django_db
__all__ = ["coordinator", "plan", "reporter_jd", "round_open"]  # the cast's fixtures

ENTRY = "/api/v1/plans/testplan/rounds/2022-03/entries/10"


def _put_entry(client, user, *, request_id: str):
    api = ApiClient(client, user)
    return client.put(ENTRY, data='{"status": "Gjennomført", "narrative": "Ferdig i 2022.", "version": 1}',
                      content_type="application/json", headers={**api.headers, "X-Request-ID": request_id})


def test_an_api_write_keeps_the_request_id_on_the_history_row(client, round_open, reporter_jd):
    response = _put_entry(client, reporter_jd, request_id="abc")
    assert response.status_code == 200, response.content
    assert response["X-Request-ID"] == "abc"
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    latest = entry.versions.order_by("-version").first()
    assert (latest.version, latest.request_id) == (2, "abc")


def test_a_made_id_is_kept_too(client, round_open, reporter_jd):
    api = ApiClient(client, reporter_jd)
    response = api.put(ENTRY, {"status": "Gjennomført", "narrative": "Ferdig i 2022.", "version": 1})
    made = response["X-Request-ID"]
    assert len(made) == 32
    assert StatusEntryVersion.objects.filter(entry__measure__number="10", version=2).get().request_id == made


def test_the_register_and_the_account_log_keep_it(client, plan, coordinator, reporter_jd):
    client.force_login(coordinator)
    response = client.post("/arbeid/planer/testplan/tiltak/ny/", {
        "number": "99", "title": "Et nytt tiltak", "plan_text": "", "lead": "JD"}, headers={"X-Request-ID": "reg-1"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert PlanChange.objects.get(action=PlanChange.Action.MEASURE_ADDED).request_id == "reg-1"
    response = client.post(f"/arbeid/brukere/{reporter_jd.pk}/aktiv/", {"active": "0"},
                           headers={"X-Request-ID": "acc-1"})
    assert response.status_code == 302
    assert AccountChange.objects.get(user=reporter_jd, action="deactivated").request_id == "acc-1"


def test_without_a_request_the_row_says_none(plan, coordinator, reporter_jd):
    # A command or a task's thread starts with no request bound: a fresh context is what they see.
    contextvars.Context().run(set_active, user=reporter_jd, active=False, acting_user=None)
    assert AccountChange.objects.get(user=reporter_jd, action="deactivated").request_id == ""


def test_after_the_response_the_id_is_forgotten(client, plan, coordinator, reporter_jd):
    """What runs next in the thread outside a request (a test, here) does not write the last request's id."""
    client.force_login(coordinator)
    assert client.get("/arbeid/", headers={"X-Request-ID": "gone-1"})["X-Request-ID"] == "gone-1"
    set_active(user=reporter_jd, active=False, acting_user=None)
    assert AccountChange.objects.get(user=reporter_jd, action="deactivated").request_id == ""


def test_the_admin_shows_the_id_and_finds_the_rows_by_it(client, admin_client, round_open, reporter_jd):
    assert _put_entry(client, reporter_jd, request_id="find-me-42").status_code == 200
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    page = admin_client.get(reverse("admin:plans_statusentry_change", args=[entry.pk])).content.decode()
    assert "find-me-42" in page
    found = admin_client.get(reverse("admin:plans_statusentry_changelist"), {"q": "find-me-42"})
    assert found.context["cl"].result_count == 1 and list(found.context["cl"].result_list) == [entry]
    assert admin_client.get(reverse("admin:plans_statusentry_changelist"),
                            {"q": "find-me"}).context["cl"].result_count == 0  # the whole id, not a part
    tokens = admin_client.get(reverse("admin:plans_accountchange_changelist"), {"q": "find-me-42"})
    assert tokens.context["cl"].result_count == 0  # that request changed no account


@pytest.fixture
def queue(monkeypatch):
    """A queue in memory that runs nothing until the test says so; the built-in round counts as large."""
    from django.core.cache import caches

    huey = MemoryHuey("test-request-ids", immediate=False)
    monkeypatch.setitem(tasks._TASKS, "render_report", huey.task(name="render_report")(tasks.render_report))
    monkeypatch.setattr(tasks, "queue", lambda: huey)
    monkeypatch.setattr(tasks, "LONG_RENDER_MEASURES", 10)
    caches["reports"].clear()
    return huey


def test_a_task_queued_by_a_request_logs_with_its_id(client, builtin_plan, queue, caplog):
    response = client.get("/rapport/menneskehandel-2011-2014/2012-02/rapport.pdf", headers={"X-Request-ID": "abc"})
    assert response.status_code == 202
    caplog.set_level(logging.INFO, logger="tiltak.reports.tasks")
    # The id as it is when the line is written (the filter of the log's handler in the settings).
    caplog.handler.addFilter(RequestIdFilter())
    # The consumer runs in a thread of its own, where no request is bound.
    ran = contextvars.Context().run(tasks.run_pending)
    assert ran == 1
    [line] = [r for r in caplog.records if r.name == "tiltak.reports.tasks"]
    assert line.request_id == "abc" and line.getMessage().startswith("rendering the pdf of round")
