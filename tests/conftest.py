"""Shared fixtures: the built-in plan, and the named cast of people who use tiltak."""

import pytest

from tiltak.plans.builtin import BUILTIN_PLAN_SLUG, load_builtin_plan
from tiltak.plans.models import Plan


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without running collectstatic first, so no hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def builtin_plan(db) -> Plan:
    """The 2011–2014 plan with its February 2012 round, loaded as `tiltak init` loads it."""
    load_builtin_plan()
    return Plan.objects.get(slug=BUILTIN_PLAN_SLUG)
