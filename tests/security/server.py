"""A real `tiltak serve` (gunicorn) on loopback, on the database the suite runs on, with a cast and their tokens.

On SQLite it gets a fresh data folder; on PostgreSQL (TILTAK_DATABASE_URL set, as `make test` does for its second
run) a database of its own, created here and dropped afterwards, so it never touches the test database.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PASSWORD = "et-langt-og-trygt-passord-2013\n"
CAST = {"koordinator": ["--role", "coordinator"], "jd-rapportor": ["--role", "reporter", "--ministry", "JD"],
        "ud-rapportor": ["--role", "reporter", "--ministry", "UD"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tiltak(*args, env) -> str:
    result = subprocess.run([sys.executable, "-m", "tiltak", *args], capture_output=True, text=True, env=env,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def own_postgres_database(url: str, name: str):
    """A database ``name`` next to the one ``url`` names, for the duration; yields its URL."""
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_kind() -> str:
    return "postgresql" if os.environ.get("TILTAK_DATABASE_URL", "").startswith("postgres") else "sqlite"


@contextlib.contextmanager
def running_server(data_dir: Path, *, workers: int = 2, extra_env: dict | None = None):
    """Yield {"base", "tokens", "env", "process"} for a served, prepared instance."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    env.update(TILTAK_DATA_DIR=str(data_dir), TILTAK_LOGIN_THROTTLING="false", **(extra_env or {}))
    with contextlib.ExitStack() as stack:
        if database_kind() == "postgresql":
            name = f"tiltak_served_{os.getpid()}_{data_dir.name}".replace("-", "_").lower()[:60]
            env["TILTAK_DATABASE_URL"] = stack.enter_context(
                own_postgres_database(os.environ["TILTAK_DATABASE_URL"], name))
        tiltak("init", env=env)
        password = data_dir / "pw"
        password.write_text(PASSWORD)
        for name, role in CAST.items():
            tiltak("user", "add", name, *role, "--password-file", str(password), env=env)
        tokens = {name: tiltak("user", "token", name, env=env).strip().split()[-1] for name in CAST}
        port = free_port()
        log = (data_dir / "serve.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "tiltak", "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    urllib.request.urlopen(base + "/api/v1/plans", timeout=5)  # noqa: S310 - our loopback server
                    break
                except OSError:
                    assert process.poll() is None, (data_dir / "serve.log").read_text()[-3000:]
                    assert time.monotonic() < deadline, "tiltak serve did not answer within 300 s"
                    time.sleep(0.5)
            yield {"base": base, "tokens": tokens, "env": env, "process": process, "log": data_dir / "serve.log"}
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            log.close()
