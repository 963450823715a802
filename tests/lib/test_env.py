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
