"""Every TILTAK_* setting is validated: a bad value is one line on stderr and exit code 2, never a traceback.

And reading the settings writes nothing: the data folder, the SQLite file and the secret key are made by the
`tiltak` script for a command (the key only by `init` and `serve`), each readable by its owner only.
"""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import tiltak

ROOT = Path(__file__).resolve().parent.parent
# The same list tests/test_docs.py checks against the README: every TILTAK_* name the code reads.
SETTINGS = sorted({name for p in ROOT.glob("tiltak/**/*.py")
                   for name in re.findall(r'"(TILTAK_[A-Z_]+)"', p.read_text(encoding="utf-8"))})

# One bad value per variable, and a fragment of the one line it must give.
BAD = {
    "TILTAK_DATA_DIR": ("/dev/null", "is not a writable directory"),
    "TILTAK_DATABASE_URL": ("mysql://x/y", "TILTAK_DATABASE_URL must start with postgres://"),
    "TILTAK_SECRET_KEY": ("short", "TILTAK_SECRET_KEY is too short"),
    "TILTAK_DEBUG": ("kanskje", "TILTAK_DEBUG='kanskje' is not a boolean"),
    "TILTAK_ALLOWED_HOSTS": ("https://tiltak.example.no/", "is not a host name"),
    "TILTAK_CSRF_TRUSTED_ORIGINS": ("tiltak.example.no", "is not an origin"),
    "TILTAK_SECURE": ("ja", "TILTAK_SECURE='ja' is not a boolean"),
    "TILTAK_MAX_UPLOAD_BYTES": ("-5", "TILTAK_MAX_UPLOAD_BYTES='-5' must be at least 1"),
    "TILTAK_LOG_LEVEL": ("LOUD", "TILTAK_LOG_LEVEL='LOUD' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    "TILTAK_SESSION_SECONDS": ("abc", "TILTAK_SESSION_SECONDS='abc' is not a whole number"),
    "TILTAK_LOGIN_THROTTLING": ("maybe", "TILTAK_LOGIN_THROTTLING='maybe' is not a boolean"),
    "TILTAK_LOGIN_FAILURE_LIMIT": ("0", "TILTAK_LOGIN_FAILURE_LIMIT='0' must be at least 1"),
    "TILTAK_LOGIN_COOLOFF_MINUTES": ("15m", "TILTAK_LOGIN_COOLOFF_MINUTES='15m' is not a whole number"),
    "TILTAK_EMAIL_HOST": ("smtp://mail.example.no", "TILTAK_EMAIL_HOST='smtp://mail.example.no' is not a host name"),
    "TILTAK_EMAIL_PORT": ("70000", "TILTAK_EMAIL_PORT='70000' must be between 1 and 65535"),
    "TILTAK_EMAIL_USER": ("ola\nnordmann", "holds a control character"),
    "TILTAK_EMAIL_PASSWORD_FILE": ("/nonexistent/pw", "TILTAK_EMAIL_PASSWORD_FILE='/nonexistent/pw' cannot be read"),
    "TILTAK_EMAIL_TLS": ("sometimes", "TILTAK_EMAIL_TLS='sometimes' is not a boolean"),
    "TILTAK_EMAIL_TIMEOUT": ("-1", "TILTAK_EMAIL_TIMEOUT='-1' must be at least 1"),
    "TILTAK_EMAIL_FROM": ("tiltak at example", "TILTAK_EMAIL_FROM='tiltak at example' is not an e-mail address"),
    "TILTAK_SITE_URL": ("tiltak.example.no", "TILTAK_SITE_URL='tiltak.example.no' is not an http:// or https://"),
    "TILTAK_LEXICON_CACHE": ("/", "TILTAK_LEXICON_CACHE='/' is a folder"),
    "TILTAK_REDIS_URL": ("http://127.0.0.1:6379", "TILTAK_REDIS_URL='http://127.0.0.1:6379' is not a redis://"),
    "TILTAK_SECRET_KEY_FILE": ("/nonexistent/key", "TILTAK_SECRET_KEY_FILE='/nonexistent/key' cannot be read"),
    "TILTAK_TRUSTED_PROXIES": ("-1", "TILTAK_TRUSTED_PROXIES='-1' must be"),
    "TILTAK_METRICS_TOKEN": ("short", "TILTAK_METRICS_TOKEN must be at least 16 printable ASCII characters"),
    "TILTAK_METRICS_TOKEN_FILE": ("/nonexistent/t", "TILTAK_METRICS_TOKEN_FILE='/nonexistent/t' cannot be read"),
    "TILTAK_LOG_FORMAT": ("xml", "TILTAK_LOG_FORMAT='xml' is not one of text, json"),
    "TILTAK_STATIC_DIR": ("/dev/null", "TILTAK_STATIC_DIR='/dev/null' is not a writable directory"),
    "TILTAK_DATABASE_URL_FILE": ("/nonexistent/url", "TILTAK_DATABASE_URL_FILE='/nonexistent/url' cannot be read"),
    "TILTAK_OIDC_ISSUER": ("http://login.example.no", "TILTAK_OIDC_ISSUER='http://login.example.no' must be an https://"),
    "TILTAK_OIDC_CLIENT_ID": ("tiltak", "TILTAK_OIDC_CLIENT_ID or _SECRET is set but TILTAK_OIDC_ISSUER is not"),
    "TILTAK_OIDC_CLIENT_SECRET_FILE": ("/nonexistent/s", "TILTAK_OIDC_CLIENT_SECRET_FILE='/nonexistent/s' cannot be"),
    "TILTAK_OIDC_SCOPES": ("email profile", "TILTAK_OIDC_SCOPES='email profile' must be scopes"),
    "TILTAK_OIDC_LABEL": ("Logg inn\nmed ID-porten", "holds a control character"),
    "TILTAK_PASSWORD_LOGIN": ("false", "TILTAK_PASSWORD_LOGIN=false needs TILTAK_OIDC_ISSUER"),
}
# Settings every variable of the code is given a bad value for (the _FILE forms are built from the names).
ALSO_FILE_FORMS = {"TILTAK_EMAIL_PASSWORD", "TILTAK_OIDC_CLIENT_SECRET"}


def test_every_setting_has_a_bad_value_tested():
    missing = [name for name in SETTINGS if name not in BAD and name not in ALSO_FILE_FORMS]
    assert not missing, f"add a bad value for {missing} to BAD"
    assert all(f"{name}_FILE" in BAD for name in ALSO_FILE_FORMS)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_value_is_one_line_and_exit_2(name, tmp_path):
    value, fragment = BAD[name]
    data_dir = tmp_path / "data"
    result = tiltak("check", data_dir=data_dir, env={name: value})
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tiltak: error: ")
    assert fragment in lines[0]
    if name != "TILTAK_DATA_DIR":
        assert not data_dir.exists()  # a bad setting stops before anything is written


def test_good_values_pass(tmp_path):
    env = {"TILTAK_LOG_LEVEL": "info", "TILTAK_SESSION_SECONDS": "3600",
           "TILTAK_ALLOWED_HOSTS": "tiltak.example.no,.gov.no",
           "TILTAK_CSRF_TRUSTED_ORIGINS": "https://tiltak.example.no",
           "TILTAK_EMAIL_FROM": "Tiltak <tiltak@example.no>",
           "TILTAK_SITE_URL": "https://tiltak.example.no/", "TILTAK_MAX_UPLOAD_BYTES": "1000"}
    result = tiltak("check", data_dir=tmp_path / "data", env=env)
    assert result.returncode == 0, result.stderr


def test_single_sign_on_settings_pass_and_need_no_network(tmp_path):
    """Reading the settings does not ask the provider anything: discovery is at the first sign-in."""
    env = {"TILTAK_OIDC_ISSUER": "https://login.microsoftonline.invalid/tenant/v2.0",
           "TILTAK_OIDC_CLIENT_ID": "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "TILTAK_OIDC_CLIENT_SECRET": "hemmelig",
           "TILTAK_OIDC_SCOPES": "openid email profile", "TILTAK_OIDC_LABEL": "Logg inn med Microsoft",
           "TILTAK_PASSWORD_LOGIN": "false"}
    result = tiltak("check", data_dir=tmp_path / "data", env=env)
    assert result.returncode == 0, result.stderr
    secret = tmp_path / "secret"
    secret.write_text("hemmelig\n")
    env = {**env, "TILTAK_OIDC_CLIENT_SECRET": "", "TILTAK_OIDC_CLIENT_SECRET_FILE": str(secret)}
    assert tiltak("check", data_dir=tmp_path / "data", env=env).returncode == 0
    env = {**env, "TILTAK_OIDC_CLIENT_SECRET_FILE": ""}
    result = tiltak("check", data_dir=tmp_path / "data", env=env)
    assert result.returncode == 2 and "TILTAK_OIDC_CLIENT_SECRET" in result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reading_the_settings_writes_nothing(tmp_path):
    data_dir = tmp_path / "not-yet"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    environment["TILTAK_DATA_DIR"] = str(data_dir)
    code = "import tiltak.settings as s; print(s.DATA_DIR, len(s.SECRET_KEY))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                            cwd=tmp_path, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == str(data_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the data dir nor ./var


def test_only_init_writes_the_secret_key_and_every_secret_file_is_private(tmp_path):
    data_dir = tmp_path / "data"
    assert tiltak("check", data_dir=data_dir).returncode == 0
    assert _mode(data_dir) == 0o700
    assert not (data_dir / "secret_key").exists()
    result = tiltak("init", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert _mode(data_dir / "secret_key") == 0o600
    assert len((data_dir / "secret_key").read_text(encoding="utf-8").strip()) >= 50
    assert _mode(data_dir / "tiltak.sqlite3") == 0o600
    for sidecar in ("tiltak.sqlite3-wal", "tiltak.sqlite3-shm"):
        if (data_dir / sidecar).exists():
            assert _mode(data_dir / sidecar) == 0o600
    exported = tmp_path / "export.json"
    assert tiltak("export", "-o", str(exported), data_dir=data_dir).returncode == 0
    assert _mode(exported) == 0o600


def test_a_key_from_the_environment_is_never_written(tmp_path):
    data_dir = tmp_path / "data"
    result = tiltak("init", data_dir=data_dir, env={"TILTAK_SECRET_KEY": "x" * 40})
    assert result.returncode == 0, result.stderr
    assert not (data_dir / "secret_key").exists()


def test_no_generated_secret_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert not [name for name in tracked.splitlines() if Path(name).name == "secret_key"]
