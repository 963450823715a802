import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tiltak.api.tokens import user_for_token
from tiltak.plans.actions.tokens import issue_token, revoke_tokens
from tiltak.plans.models import ApiToken, Role

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_add_a_reporter_with_a_password_file_hashed_with_argon2(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("Lang-og-god-passordfrase-7\n", encoding="utf-8")
    out = _run("add", "kari", "--role", "reporter", "--ministry", "JD", "--password-file", str(secret))
    assert "kari is reporter for JD" in out and "password:" not in out
    user = get_user_model().objects.get(username="kari")
    assert user.password.startswith("argon2")
    assert user.check_password("Lang-og-god-passordfrase-7")
    assert Role.objects.get(user=user).ministry.abbreviation == "JD"


def test_without_a_password_file_one_is_generated_and_printed_once():
    out = _run("add", "ola", "--role", "coordinator", "--email", "ola@jd.dep.no")
    password = out.split("password: ")[1].strip()
    assert len(password) >= 16
    assert get_user_model().objects.get(username="ola").check_password(password)
    again = _run("add", "ola", "--role", "coordinator")
    assert "already was" in again and "password:" not in again


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x", "--role", "reporter"], "--ministry is required"),
        (["add", "x", "--role", "reporter", "--ministry", "XYZ"], "unknown ministry 'XYZ'"),
        (["add", "x", "--role", "reader", "--ministry", "JD"], "only for reporters"),
        (["token", "nobody"], "no user named 'nobody'"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_code_2(args, message):
    with pytest.raises(CommandError, match=message) as caught:
        _run(*args)
    assert caught.value.returncode == 2
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_weak_password_is_refused(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("123\n", encoding="utf-8")
    with pytest.raises(CommandError, match="password refused"):
        _run("add", "per", "--role", "reader", "--password-file", str(secret))


def test_token_is_printed_once_stored_hashed_and_revocable():
    _run("add", "leser", "--role", "reader", "--email", "leser@example.no")
    raw = _run("token", "leser").strip()
    assert raw.startswith("tiltak_") and len(raw) > 40
    stored = ApiToken.objects.get()
    assert raw not in (stored.digest, stored.prefix) and stored.digest != raw
    assert user_for_token(raw).username == "leser"
    assert "revoked 1 token" in _run("revoke", "leser")
    assert user_for_token(raw) is None


def test_a_deactivated_users_token_stops_working():
    user = get_user_model().objects.create(username="borte")
    raw = issue_token(user=user)
    user.is_active = False
    user.save()
    assert user_for_token(raw) is None
    assert revoke_tokens(user=user) == 1


def test_a_new_account_without_a_password_file_needs_an_e_mail_address():
    with pytest.raises(CommandError, match="--email is required") as caught:
        _run("add", "uten", "--role", "reader")
    assert caught.value.returncode == 2 and not get_user_model().objects.filter(username="uten").exists()
    with pytest.raises(CommandError, match="email"):
        _run("add", "uten", "--role", "reader", "--email", "ikke-en-adresse")
    assert not get_user_model().objects.filter(username="uten").exists()


def test_changing_the_e_mail_address_is_recorded():
    from tiltak.plans.models import AccountChange

    _run("add", "kari", "--role", "reader", "--email", "kari@jd.dep.no")
    _run("add", "kari", "--role", "reader", "--email", "kari.nordmann@jd.dep.no")
    kari = get_user_model().objects.get(username="kari")
    assert kari.email == "kari.nordmann@jd.dep.no"
    assert list(AccountChange.objects.filter(user=kari).order_by("pk").values_list("action", "detail")) == [
        ("created", "reader"), ("email_changed", "kari@jd.dep.no → kari.nordmann@jd.dep.no")]
