"""The API contract against a real `tiltak serve` (gunicorn, SQLite in a fresh data folder), end to end:
open a round, write, refuse what must be refused, review, publish, and find what was written in the report."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PLAN = "menneskehandel-2011-2014"
ROUND = "2013-02"


def tiltak(*args, env):
    result = subprocess.run([sys.executable, "-m", "tiltak", *args], capture_output=True, text=True, env=env,
                            timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    env.update(TILTAK_DATA_DIR=str(data_dir), TILTAK_LOGIN_THROTTLING="false")
    tiltak("init", env=env)
    password = Path(data_dir / "pw")
    password.write_text("et-langt-og-trygt-passord-2013\n")
    tiltak("user", "add", "koordinator", "--role", "coordinator", "--password-file", str(password), env=env)
    tiltak("user", "add", "jd-rapportor", "--role", "reporter", "--ministry", "JD", "--password-file",
           str(password), env=env)
    tiltak("user", "add", "ud-rapportor", "--role", "reporter", "--ministry", "UD", "--password-file",
           str(password), env=env)
    tokens = {name: tiltak("user", "token", name, env=env).strip().split()[-1]
              for name in ("koordinator", "jd-rapportor", "ud-rapportor")}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tiltak", "serve", "--port", str(port), "--workers", "2"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/v1/plans", timeout=2)  # noqa: S310 - our own loopback server
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("tiltak serve did not answer within 60 s")
    yield {"base": base, "tokens": tokens, "env": env}
    process.terminate()
    process.wait(timeout=20)


def call(server, method, path, body=None, token=None):
    request = urllib.request.Request(server["base"] + path, method=method,  # noqa: S310 - loopback only
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {server['tokens'][token]}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def entries_path(number=""):
    return f"/api/v1/plans/{PLAN}/rounds/{ROUND}/entries" + (f"/{number}" if number else "")


def test_a_whole_round_through_the_api_of_a_running_server(server):
    status, plans = call(server, "GET", "/api/v1/plans")
    assert status == 200 and [p["slug"] for p in plans] == [PLAN]

    new_round = {"slug": ROUND, "label": "Status per februar 2013", "as_of": "2013-02-01", "deadline": "2013-02-20"}
    assert call(server, "POST", f"/api/v1/plans/{PLAN}/rounds", new_round)[0] == 401
    assert call(server, "POST", f"/api/v1/plans/{PLAN}/rounds", new_round, token="jd-rapportor")[0] == 403
    status, created = call(server, "POST", f"/api/v1/plans/{PLAN}/rounds", new_round, token="koordinator")
    assert status == 201 and created["state"] == "open"

    # The open round is not public; the entries are carried forward from February 2012.
    assert call(server, "GET", entries_path())[0] in (401, 404)
    status, entries = call(server, "GET", entries_path(), token="jd-rapportor")
    assert status == 200 and len(entries) == 35
    ten = next(e for e in entries if e["number"] == "10")
    assert ten["status"] == "Under forberedelse" and ten["unchanged"] is True

    write = {"status": "Gjennomført", "narrative": "Informasjonstiltakene er gjennomført i 2012.",
             "version": ten["version"]}
    assert call(server, "PUT", entries_path("10"), write)[0] == 401
    assert call(server, "PUT", entries_path("10"), write, token="ud-rapportor")[0] == 403  # JD's measure
    status, written = call(server, "PUT", entries_path("10"), write, token="jd-rapportor")
    assert status == 200 and written["version"] == ten["version"] + 1
    assert call(server, "PUT", entries_path("10"), write, token="jd-rapportor")[0] == 409  # stale version
    status, problem = call(server, "PUT", entries_path("10"), {**write, "status": "Nesten ferdig",
                                                               "version": written["version"]}, token="jd-rapportor")
    assert status == 422 and "Under forberedelse" in problem["allowed"]
    too_long = {**write, "narrative": "x" * 20_001, "version": written["version"]}
    assert call(server, "PUT", entries_path("10"), too_long, token="jd-rapportor")[0] in (413, 422)

    assert call(server, "POST", entries_path("10") + "/submit", token="jd-rapportor")[0] == 200
    status, refused = call(server, "POST", f"/api/v1/plans/{PLAN}/rounds/{ROUND}/publish", token="koordinator")
    assert status == 409
    assert sorted(refused["not_approved"], key=int) == [str(n) for n in range(1, 36)]

    # The coordinator confirms every other entry unchanged, submits and approves; then publishes.
    for entry in entries:
        number = entry["number"]
        if number != "10":
            confirm = {"status": entry["status"], "narrative": entry["narrative"], "version": entry["version"]}
            assert call(server, "PUT", entries_path(number), confirm, token="koordinator")[0] == 200, number
            assert call(server, "POST", entries_path(number) + "/submit", token="koordinator")[0] == 200, number
        assert call(server, "POST", entries_path(number) + "/approve", token="koordinator")[0] == 200, number
    status, published = call(server, "POST", f"/api/v1/plans/{PLAN}/rounds/{ROUND}/publish", token="koordinator")
    assert status == 200 and published["state"] == "published"

    # Published: public, and the report holds what was written.
    status, public = call(server, "GET", entries_path("10"))
    assert status == 200 and public["status"] == "Gjennomført"
    report = json.loads(tiltak("report", "--format", "json", env=server["env"]))
    assert report["report"]["as_of"] == "2013-02"
    measure = next(m for m in report["measures"] if m["number"] == "10")
    assert measure["status"] == "Gjennomført"
    assert measure["status_text"] == "Informasjonstiltakene er gjennomført i 2012."
