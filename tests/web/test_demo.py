import stat

import pytest
from django.contrib.auth import get_user_model

from tiltak.plans.models import Role
from tiltak.web.demo import FILE_NAME, create_demo_accounts

pytestmark = pytest.mark.django_db


def test_demo_accounts_on_a_fresh_install(plan, tmp_path, settings):
    settings.DEBUG, settings.SECURE = False, False
    lines = create_demo_accounts(tmp_path)
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"koordinator", "rapportor-jd", "rapportor-ud"}  # the plan's ministries
    assert Role.objects.get(user=users["rapportor-ud"]).ministry.abbreviation == "UD"
    written = (tmp_path / FILE_NAME).read_text(encoding="utf-8")
    assert written.splitlines() == lines
    assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600
    password = next(line for line in lines if "rapportor-jd" in line).split()[1]
    assert users["rapportor-jd"].check_password(password)
    assert create_demo_accounts(tmp_path) is None  # printed once
    # Each has an address («Glemt passord?» reaches them) and was made through the account action, recorded.
    assert users["rapportor-jd"].email == "rapportor-jd@demo.tiltak.invalid"
    assert all(u.email for u in users.values())
    from tiltak.plans.models import AccountChange

    assert set(AccountChange.objects.filter(action="created").values_list("username", flat=True)) == set(users)


def test_never_under_production_settings(plan, tmp_path, settings):
    settings.DEBUG, settings.SECURE = False, True
    assert create_demo_accounts(tmp_path) is None
    assert not get_user_model().objects.exists() and not (tmp_path / FILE_NAME).exists()


def test_not_when_people_already_exist(plan, tmp_path, reader, settings):
    settings.DEBUG, settings.SECURE = True, True
    assert create_demo_accounts(tmp_path) is None
    assert get_user_model().objects.count() == 1
