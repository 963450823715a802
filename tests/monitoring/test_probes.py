"""/healthz and /readyz: what a load balancer asks, over plain HTTP even behind TILTAK_SECURE."""

import pytest
from django.core.cache import caches
from django.db import connection

from tiltak.monitoring import views


@pytest.mark.django_db
def test_ready_when_database_cache_and_queue_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_names_what_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(caches["pages"], "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "not ready: cache not answering\n"

    from tiltak.reports import tasks

    monkeypatch.setattr(tasks.queue(), "pending_count", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "not ready: cache, task queue not answering\n"


@pytest.mark.django_db
def test_not_ready_when_the_database_does_not_answer(client, monkeypatch):
    def broken():
        raise connection.Database.OperationalError("the server closed the connection")

    monkeypatch.setattr(views, "CHECKS", (("database", broken), *views.CHECKS[1:]))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "not ready: database not answering\n"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_over_plain_http_behind_tls(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    # every other page still goes to HTTPS
    assert client.get("/").status_code == 301
