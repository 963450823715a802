"""Shared fixtures: the built-in plan, and the named cast of people who use tiltak."""

import pytest

from tiltak.lib.env import ensure_writable_dir
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG, load_builtin_plan
from tiltak.plans.models import Plan


def pytest_configure(config):
    """Reading the settings creates nothing; the tests' SQLite files and static folder live in the data dir."""
    from django.conf import settings

    ensure_writable_dir("TILTAK_DATA_DIR", settings.DATA_DIR)
    ensure_writable_dir("TILTAK_DATA_DIR", settings.STATIC_ROOT)


@pytest.fixture(scope="session", autouse=True)
def close_connections_after_each_request():
    """Connections opened by test servers' threads (live_server) must close when their request ends, or
    PostgreSQL refuses to drop the test database afterwards ("being accessed by other users")."""
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without running collectstatic first, so no hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Django's locale middleware activates the request's language in the thread and leaves it active after the
    response; a test client's English request must not make a later test's messages English."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_page_cache(settings, request):
    """Each test gets its own empty page cache (tiltak.core.pagecache): the database is rolled back between tests,
    which sends no signal that would renew the cache's generation."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                  "LOCATION": f"pages-{request.node.nodeid}"},
        # Nor do requests of one test count against the bounds of the next (tiltak.web.throttling).
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                     "LOCATION": f"throttle-{request.node.nodeid}"},
    }


@pytest.fixture(scope="session")
def ready_dir(tmp_path_factory):
    """A data folder after `tiltak init` (SQLite, the built-in plan), for command tests that only read it."""
    from tests.cli import tiltak

    data_dir = tmp_path_factory.mktemp("ready")
    result = tiltak("init", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def builtin_plan(db) -> Plan:
    """The 2011–2014 plan with its February 2012 round, loaded as `tiltak init` loads it."""
    load_builtin_plan()
    return Plan.objects.select_related("scale", "coordinator").get(slug=BUILTIN_PLAN_SLUG)
