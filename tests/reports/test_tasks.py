"""A large round's PDF or DOCX is made by the task queue, once, while every visitor is told it is being prepared."""

import pytest
from django.core.cache import caches
from huey import MemoryHuey

from tiltak.reports import tasks

pytestmark = pytest.mark.django_db

PDF = "/rapport/menneskehandel-2011-2014/2012-02/rapport.pdf"


@pytest.fixture
def queue(monkeypatch):
    """A queue in memory that runs nothing until the test says so; the built-in round counts as large."""
    huey = MemoryHuey("test-tasks", immediate=False)
    monkeypatch.setitem(tasks._TASKS, "render_report", huey.task(name="render_report")(tasks.render_report))
    monkeypatch.setattr(tasks, "queue", lambda: huey)
    monkeypatch.setattr(tasks, "LONG_RENDER_MEASURES", 10)
    caches["reports"].clear()
    return huey


def test_the_first_visitors_are_told_it_is_being_prepared_and_it_is_queued_once(client, builtin_plan, queue):
    first = client.get(PDF)
    assert first.status_code == 202 and first["Retry-After"] == "5"
    assert "Rapporten blir laget" in first.content.decode() and "PDF" in first.content.decode()
    assert first["Cache-Control"] == "no-store"
    # It asks again by itself, as often as Retry-After says (a meta refresh: no script, which the CSP forbids inline).
    head = first.content.decode().split("</head>")[0]
    assert f'<meta http-equiv="refresh" content="{first["Retry-After"]}">' in head and "<script" not in head
    assert "script-src 'self'" in first["Content-Security-Policy"]
    second = client.get(PDF)
    assert second.status_code == 202
    assert queue.pending_count() == 1  # shared by both requests

    assert tasks.run_pending() == 1
    done = client.get(PDF)
    assert done.status_code == 200 and done.content.startswith(b"%PDF-")
    assert queue.pending_count() == 0


def test_in_english_too(client, builtin_plan, queue):
    response = client.get(PDF + "?lang=en")
    assert response.status_code == 202
    page = response.content.decode()
    assert 'lang="en"' in page and "being prepared" in page


def test_small_rounds_and_other_formats_render_at_once(client, builtin_plan, queue, monkeypatch):
    assert client.get(PDF.replace(".pdf", ".csv")).status_code == 200
    monkeypatch.setattr(tasks, "LONG_RENDER_MEASURES", 100)
    assert client.get(PDF).status_code == 200
    assert queue.pending_count() == 0


def test_a_failed_render_releases_its_claim(client, builtin_plan, queue, monkeypatch):
    client.get(PDF)

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr("tiltak.reports.cache.RENDERERS", {"pdf": broken})
    tasks.run_pending()  # huey records the failure; the consumer goes on
    assert queue.pending_count() == 0
    assert client.get(PDF).status_code == 202
    assert queue.pending_count() == 1  # asked again, queued again
