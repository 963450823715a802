import pytest

from tiltak.lib.env import EnvError, ensure_writable_dir, env_bool, env_int, env_list, env_secret


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("On", True), ("0", False), ("no", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(EnvError, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG")


def test_env_int_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(EnvError, match="not a whole number"):
        env_int("X_NUM", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.no, b.no,,")
    assert env_list("X_HOSTS", []) == ["a.no", "b.no"]


def test_env_secret_reads_file(monkeypatch, tmp_path):
    secret = tmp_path / "s"
    secret.write_text("hemmelig\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "hemmelig"


def test_env_secret_names_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(EnvError, match="X_SECRET_FILE"):
        env_secret("X_SECRET")


def test_unwritable_dir_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EnvError, match="is not a writable directory"):
        ensure_writable_dir("TILTAK_DATA_DIR", blocker / "sub")


def test_env_int_keeps_to_its_range(monkeypatch):
    from tiltak.lib.env import env_int as read

    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(EnvError, match="must be at least 1"):
        read("X_NUM", 5, minimum=1)
    monkeypatch.setenv("X_NUM", "8")
    assert read("X_NUM", 5, minimum=1, maximum=10) == 8


def test_hosts_origins_and_addresses(monkeypatch):
    from tiltak.lib.env import env_email, env_hosts, env_origins, env_url

    monkeypatch.setenv("X_HOSTS", "tiltak.example.no, .regjeringen.no, 10.0.0.1, [::1]")
    assert env_hosts("X_HOSTS", []) == ["tiltak.example.no", ".regjeringen.no", "10.0.0.1", "[::1]"]
    monkeypatch.setenv("X_HOSTS", "*")
    with pytest.raises(EnvError, match="is not a host name"):
        env_hosts("X_HOSTS", [])
    monkeypatch.setenv("X_ORIGINS", "https://tiltak.example.no/sti")
    with pytest.raises(EnvError, match="is not an origin"):
        env_origins("X_ORIGINS")
    monkeypatch.setenv("X_URL", "https://tiltak.example.no/")
    assert env_url("X_URL", "") == "https://tiltak.example.no"
    monkeypatch.setenv("X_FROM", "tiltak@example.no\r\nBcc: x@y.no")
    with pytest.raises(EnvError, match="not an e-mail address"):
        env_email("X_FROM", "")


def test_env_secret_file_must_hold_something(monkeypatch, tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(empty))
    with pytest.raises(EnvError, match="is empty"):
        env_secret("X_SECRET")
