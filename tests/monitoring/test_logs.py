"""Log lines as one JSON object a line, each with the request id, which the response carries too."""

import io
import json
import logging

import pytest

from tiltak.lib import requestid
from tiltak.lib.logs import RequestIdFilter, json_formatter, logging_config


@pytest.fixture
def json_lines():
    """Records of the tiltak loggers, formatted as TILTAK_LOG_FORMAT=json formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("tiltak.access"), logging.getLogger("tiltak.plans.actions.rounds")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


@pytest.mark.django_db
def test_a_request_id_is_made_returned_and_logged(client, json_lines):
    response = client.get("/healthz")
    made = response["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    [line] = json_lines()
    assert line["request_id"] == made
    assert line["logger"] == "tiltak.access" and line["level"] == "INFO"
    assert line["message"] == "GET /healthz 200"
    assert line["status"] == 200 and line["view"] == "healthz" and line["path"] == "/healthz"
    assert isinstance(line["duration_ms"], float)
    assert "time" in line
    assert client.get("/healthz")["X-Request-ID"] != made  # one per request


@pytest.mark.django_db
@pytest.mark.parametrize(("given", "kept"), [("req-4711.abc:1", True), ("x" * 100, True), ("x" * 101, False),
                                             ("two words", False), ('{"a": 1}', False), ("æøå", False)])
def test_a_plausible_request_id_from_the_proxy_is_kept(client, json_lines, given, kept):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert (response["X-Request-ID"] == given) is kept
    assert json_lines()[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_an_actions_log_line_carries_the_request_id(json_lines, builtin_plan):
    from tiltak.plans.actions.rounds import log as actions_log

    token = requestid.bind("from-the-proxy-1")
    try:
        actions_log.info("round %s published by %s", "r", "u")
    finally:
        requestid.reset(token)
    [line] = json_lines()
    assert line["request_id"] == "from-the-proxy-1" and line["message"] == "round r published by u"


def test_a_queued_render_carries_the_id_of_the_request_that_queued_it(monkeypatch):
    from tiltak.reports import tasks

    sent = []
    monkeypatch.setitem(tasks._TASKS, "render_report", lambda *args: sent.append(args))
    monkeypatch.setattr(tasks, "queue", lambda: None)

    class Round:
        pk = 7

    monkeypatch.setattr(tasks.caches["reports"], "add", lambda *args, **kwargs: True)
    token = requestid.bind("req-77")
    try:
        assert tasks.enqueue_once(Round(), "pdf", "nb", "k")
    finally:
        requestid.reset(token)
    assert sent == [(7, "pdf", "nb", "k", "req-77")]


def test_the_settings_choose_text_or_json():
    text = logging_config(level="WARNING", fmt="text")
    assert "%(request_id)s" in text["formatters"]["tiltak"]["format"]
    as_json = logging_config(level="WARNING", fmt="json")
    assert as_json["formatters"]["tiltak"]["()"] == "tiltak.lib.logs.json_formatter"
    assert as_json["loggers"]["tiltak.access"]["level"] == "INFO"
    assert as_json["handlers"]["console"]["filters"] == ["request_id"]


@pytest.mark.django_db
def test_djangos_own_line_about_a_404_carries_the_request_id(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    client.get("/finnes-ikke/", headers={"X-Request-ID": "lost-1"})
    [record] = [r for r in caplog.records if r.name == "django.request"]
    RequestIdFilter().filter(record)
    assert record.request_id == "lost-1"
