"""The data folder: what `tiltak init` and `tiltak serve` prepare in it, and the files that must stay private.

Reading settings never writes (see tiltak/settings.py); the ``tiltak`` script calls ``prepare`` before a command
runs. Files holding secrets — the secret key, the SQLite database, exports — are created readable by their
owner only, and the folder itself too.
"""

import os
import secrets
from pathlib import Path

from tiltak.lib.env import EnvError, ensure_writable_dir, env_path, env_secret

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


def read_secret_key(data_dir: Path) -> str | None:
    """The key `tiltak init` generated into the data folder, if there is one."""
    try:
        key = (data_dir / SECRET_KEY_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None  # not made yet (or no folder there: `prepare` says so)
    except (OSError, UnicodeDecodeError) as exc:
        raise EnvError(f"TILTAK_DATA_DIR: {str(data_dir / SECRET_KEY_FILE)!r} cannot be read: {exc}") from None
    return key or None


def create_private_file(path: Path) -> bool:
    """Create an empty file readable by its owner only, unless it exists. True when it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a private temporary file renamed into place (0600 from the start)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def ensure_secret_key(data_dir: Path) -> None:
    """Generate the secret key once into the data folder (0600), for `tiltak init` and `tiltak serve`."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return
    try:
        write_private_text(path, secrets.token_urlsafe(50))
    except OSError as exc:
        raise EnvError(f"TILTAK_DATA_DIR: cannot write {str(path)!r}: {exc.strerror}") from None


def prepare(data_dir: Path, *, sqlite_file: Path | None, secret_key: bool) -> None:
    """Everything a command needs of the data folder before Django starts.

    The folder (0700 when created here), the SQLite file (0600, so its WAL and shared-memory files inherit that),
    and — for `init` and `serve` without TILTAK_SECRET_KEY — the generated secret key.
    """
    ensure_writable_dir("TILTAK_DATA_DIR", data_dir)
    if sqlite_file is not None:
        try:
            sqlite_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            create_private_file(sqlite_file)
        except OSError as exc:
            raise EnvError(f"TILTAK_DATABASE_URL: cannot create {str(sqlite_file)!r}: {exc.strerror}") from None
    if secret_key:
        ensure_secret_key(data_dir)


def data_dir_from_env() -> Path:
    """TILTAK_DATA_DIR (default ./var), absolute; read by the settings and by the `tiltak` script alike."""
    return env_path("TILTAK_DATA_DIR", "var")


def database_from_env(data_dir: Path) -> dict:
    """Django's DATABASES["default"]: SQLite in the data folder, or what TILTAK_DATABASE_URL names."""
    url = env_secret("TILTAK_DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "tiltak.sqlite3",
            "CONN_MAX_AGE": 600,  # persistent connections: no connect and PRAGMAs on every request
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue up (busy timeout) instead of failing mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise EnvError("TILTAK_DATABASE_URL must start with postgres://, postgresql:// or sqlite://")
    import dj_database_url

    try:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise EnvError(f"TILTAK_DATABASE_URL cannot be read: {exc}") from None


def sqlite_file(database: dict) -> Path | None:
    """The file of an SQLite database (None for PostgreSQL or an in-memory SQLite)."""
    name = str(database.get("NAME") or "")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


SERVED_ADDRESS_FILE = "served-address"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def served_address(data_dir: Path) -> str:
    """The address `tiltak serve` last served this data folder on (TILTAK_SITE_URL's default), so links in e-mails
    — from the server and from `tiltak remind` run beside it — point where tiltak answers."""
    try:
        text = (data_dir / SERVED_ADDRESS_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return DEFAULT_SITE_URL
    if not text.startswith(("http://", "https://")) or any(c.isspace() for c in text) or len(text) > 300:
        return DEFAULT_SITE_URL
    return text


def address_served_on(host: str, port: int) -> str:
    """The http:// address a server bound to host:port answers on (a wildcard host as the loopback address)."""
    if host in ("0.0.0.0", ""):  # noqa: S104 (naming the wildcard, not binding to it)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def record_served_address(data_dir: Path, address: str) -> None:
    write_private_text(data_dir / SERVED_ADDRESS_FILE, address + "\n")


def fresh_metrics_dir(data_dir: Path) -> Path:
    """The folder where the server's worker processes keep their metrics (prometheus-client's multiprocess mode),
    emptied: figures of an earlier run must not be added to this one's."""
    import shutil

    path = data_dir / "metrics"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700)
    return path
