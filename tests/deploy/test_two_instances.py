"""docs/deploy, run: `tiltak init` once and two `tiltak serve --no-init` instances, as its systemd units start them
with its settings, on one PostgreSQL database and one Redis, behind nginx with its site — and what an operator
relies on: a session and a lock-out hold on both instances, a correction made on one is what the other shows next,
and one instance killed under load costs no request.

The files are read from docs/deploy and moved to free ports and a temporary folder (tests/deploy/deployment.py),
so the documentation is what is tested. A request sent to one instance directly carries what nginx adds
(``Host``, ``X-Forwarded-Proto: https``, ``X-Forwarded-For``), as nginx would forward it.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings

from tests.deploy.deployment import Layout, free_port, unit
from tests.security.server import database_kind, own_postgres_database
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG

pytestmark = pytest.mark.skipif(
    database_kind() != "postgresql",
    reason="two instances share one PostgreSQL database: this runs in the suite's PostgreSQL run (TILTAK_DATABASE_URL)")

PASSWORD = "et-langt-og-trygt-passord-2013"
MEASURE_PAGE = f"/plan/{BUILTIN_PLAN_SLUG}/tiltak/1/"
START_SECONDS = 240  # under a loaded machine's worst case; a quiet one starts in seconds


def _run(command: list[str], env: dict, what: str) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{what}: {result.stderr[-3000:]}"
    return result.stdout


def _wait(check, what: str, log: Path | None = None, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        with contextlib.suppress(OSError, requests.RequestException):
            if check():
                return
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what} exited ({process.returncode}): {log.read_text()[-3000:] if log else ''}")
        assert time.monotonic() < deadline, f"{what} did not answer within {START_SECONDS} s"
        time.sleep(0.2)


class Deployment:
    def __init__(self, layout: Layout, instances: dict, certificate: Path, nginx_log: Path, token: str):
        self.layout = layout
        self.token = token  # the coordinator's API token
        self.instances = instances  # name → Popen (a process group of its own)
        self.certificate = certificate
        self.nginx_log = nginx_log
        self.host = layout.host
        self.public = f"https://127.0.0.1:{layout.https_port}"

    def log(self, name: str) -> Path:
        return self.layout.root / f"tiltak@{name}.log"

    def port(self, name: str) -> int:
        return self.layout.ports[name][1]

    def direct(self, name: str, method: str, path: str, *, client: str = "203.0.113.10", cookies=None,
               headers=None, **kwargs) -> requests.Response:
        """A request to instance ``name`` itself, as nginx forwards it (the cookies as the browser sends them)."""
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": client, **(headers or {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return requests.request(method, f"http://127.0.0.1:{self.port(name)}{path}", headers=headers,
                                allow_redirects=False, timeout=30, **kwargs)

    def through_nginx(self, session: requests.Session, path: str) -> requests.Response:
        return session.get(self.public + path, headers={"Host": self.host}, verify=str(self.certificate),
                           allow_redirects=False, timeout=30)


def _self_signed(openssl: str, root: Path, host: str) -> tuple[Path, Path]:
    certificate, key = root / "cert.pem", root / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", f"/CN={host}", "-addext",
                    f"subjectAltName=DNS:{host},IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=60)
    return certificate, key


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    search = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    tools = {tool: shutil.which(tool, path=search) for tool in ("nginx", "redis-server", "openssl")}
    assert all(tools.values()), f"{tools} not all installed: scripts/system-packages installs them"
    root = tmp_path_factory.mktemp("deploy")
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(own_postgres_database(os.environ["TILTAK_DATABASE_URL"],
                                                             f"tiltak_deploy_{os.getpid()}"))
        layout = Layout(root, database_url=database, redis_port=free_port(),
                        static_dir=settings.DATA_DIR / "deploy-static")
        processes: list[subprocess.Popen] = []

        def stop_all():
            for process in reversed(processes):
                if process.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)

        stack.callback(stop_all)

        def start(command, log_name, env=None):
            log = (root / log_name).open("w")
            stack.callback(log.close)
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            processes.append(process)
            return process

        redis_server = start([tools["redis-server"], str(layout.redis_conf())], "redis.log")
        _wait(lambda: redis.Redis(port=layout.redis_port).ping(), "redis-server", root / "redis.log", redis_server)

        # Step 4 of docs/deploy/README.md: the shared secret key and the metrics token.
        for secret in ("TILTAK_SECRET_KEY_FILE", "TILTAK_METRICS_TOKEN_FILE"):
            path = Path(layout.path(layout.common[secret]))
            path.write_text(os.urandom(32).hex() + "\n")
            path.chmod(0o640)
        # tiltak-init.service once, then tiltak@a and tiltak@b.
        init_env = layout.environment("tiltak-init.service")
        Path(init_env["TILTAK_DATA_DIR"]).mkdir(parents=True)
        _run(layout.command("tiltak-init.service", init_env), init_env, "tiltak-init.service")
        instances = {}
        for name in ("a", "b"):
            env = layout.environment("tiltak@.service", name)
            Path(env["TILTAK_DATA_DIR"]).mkdir(parents=True)
            instances[name] = start(layout.command("tiltak@.service", env), f"tiltak@{name}.log", env)
        # Step 6 meanwhile: accounts, made with an instance's settings.
        env_a = layout.environment("tiltak@.service", "a")
        password = root / "password"
        password.write_text(PASSWORD + "\n")

        def coordinator_token() -> str:
            _run(layout.tiltak("user", "add", "koordinator", "--role", "coordinator", "--password-file",
                               str(password)), env_a, "user add koordinator")
            return _run(layout.tiltak("user", "token", "koordinator"), env_a, "user token").strip().split()[-1]

        with ThreadPoolExecutor(2) as pool:
            token = pool.submit(coordinator_token)
            pool.submit(_run, layout.tiltak("user", "add", "rapportor", "--role", "reporter", "--ministry", "JD",
                                            "--password-file", str(password)), env_a, "user add rapportor").result()
            token = token.result()

        certificate, key = _self_signed(tools["openssl"], root, layout.host)
        conf = layout.nginx_conf(certificate=certificate, key=key)
        nginx = start([tools["nginx"], "-p", str(conf.parent), "-c", str(conf), "-e", str(conf.parent / "error.log")],
                      "nginx.log")
        deployment = Deployment(layout, instances, certificate, conf.parent / "access.log", token)
        # «wait for its /readyz» (docs/deploy/README.md): each instance on its own port, over plain HTTP.
        for name, process in instances.items():
            _wait(lambda name=name: requests.get(f"http://127.0.0.1:{deployment.port(name)}/readyz",
                                                 timeout=5).status_code == 200,
                  f"tiltak@{name}", root / f"tiltak@{name}.log", process)
        _wait(lambda: deployment.through_nginx(requests.Session(), "/readyz").status_code == 200, "nginx",
              conf.parent / "error.log", nginx)
        yield deployment


def _sign_in_form(deployment, name: str, client: str) -> tuple[dict, str]:
    page = deployment.direct(name, "GET", "/arbeid/logg-inn/", client=client)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return dict(page.cookies), token


def _sign_in(deployment, name: str, username: str, password: str, *, client: str,
             form: tuple[dict, str] | None = None) -> requests.Response:
    cookies, token = form or _sign_in_form(deployment, name, client)
    origin = f"https://{deployment.host}"
    return deployment.direct(name, "POST", "/arbeid/logg-inn/", client=client, cookies=cookies,
                             headers={"Origin": origin, "Referer": origin + "/arbeid/logg-inn/"},
                             data={"csrfmiddlewaretoken": token, "username": username, "password": password})


def test_the_units_and_the_site_as_documented(deployment):
    """What the rest stands on: the instances run the documented command, nginx sends plain HTTP to HTTPS, and
    every instance serves the pages and the static files tiltak-init.service collected for all of them."""
    assert "--no-init" in unit("tiltak@.service")["ExecStart"][0]
    redirect = requests.get(f"http://127.0.0.1:{deployment.layout.http_port}/plan/", allow_redirects=False,
                            headers={"Host": deployment.host}, timeout=30)
    assert (redirect.status_code, redirect.headers["Location"]) == (301, f"https://{deployment.host}/plan/")
    for name in ("a", "b"):
        page = deployment.direct(name, "GET", "/")
        assert page.status_code == 200, page.text[-2000:]
        stylesheets = re.findall(r'<link[^>]+href="(/static/[^"]+\.css)"', page.text)
        assert stylesheets
        for path in stylesheets:
            assert deployment.direct(name, "GET", path).status_code == 200, path
    through = deployment.through_nginx(requests.Session(), "/")
    assert through.status_code == 200 and "Strict-Transport-Security" in through.headers
    # nginx's $request_id is the id tiltak logs the request under and answers with: the two logs agree.
    request_id = through.headers["X-Request-ID"]
    _wait(lambda: any(line.endswith(f"|{request_id}") and "|GET / HTTP/" in line
                      for line in deployment.nginx_log.read_text().splitlines()), "nginx's access line")
    _wait(lambda: any(json.loads(line).get("request_id") == request_id
                      for name in ("a", "b") for line in deployment.log(name).read_text().splitlines()
                      if line.startswith("{")), "tiltak's access line")


def test_a_session_made_on_one_instance_is_valid_on_the_other(deployment):
    signed_in = _sign_in(deployment, "a", "koordinator", PASSWORD, client="203.0.113.10")
    assert signed_in.status_code == 302, signed_in.text[-2000:]
    cookies = dict(signed_in.cookies)
    assert any(cookie.secure for cookie in signed_in.cookies)  # TILTAK_SECURE=true: cookies for HTTPS only
    on_b = deployment.direct("b", "GET", "/arbeid/", cookies=cookies)
    assert on_b.status_code == 200 and "koordinator" in on_b.text
    # Without the cookie the same page sends the visitor to sign in: the cookie is what counted.
    anonymous = deployment.direct("b", "GET", "/arbeid/")
    assert anonymous.status_code == 302 and "/arbeid/logg-inn/" in anonymous.headers["Location"]


def test_a_lock_out_counted_on_one_instance_refuses_on_the_other(deployment):
    attacker, owner = "203.0.113.66", "198.51.100.20"
    form_a = _sign_in_form(deployment, "a", attacker)
    form_b = _sign_in_form(deployment, "b", attacker)
    for _ in range(4):  # TILTAK_LOGIN_FAILURE_LIMIT is 5: four failures on a …
        assert _sign_in(deployment, "a", "rapportor", "feil passord", client=attacker, form=form_a).status_code == 200
    # … and the fifth on b reaches the limit: the count is the one both keep.
    assert _sign_in(deployment, "b", "rapportor", "feil passord", client=attacker, form=form_b).status_code == 429
    for name, form in (("a", form_a), ("b", form_b)):
        refused = _sign_in(deployment, name, "rapportor", PASSWORD, client=attacker, form=form)
        assert refused.status_code == 429, name
    # The lock-out holds for that address and user name, not for the account everywhere.
    assert _sign_in(deployment, "b", "rapportor", PASSWORD, client=owner).status_code == 302


def test_a_correction_on_one_instance_is_what_the_other_shows_next(deployment):
    api = {"Authorization": f"Bearer {deployment.token}"}
    rounds = deployment.direct("a", "GET", f"/api/v1/plans/{BUILTIN_PLAN_SLUG}/rounds", headers=api).json()
    [published] = [r["slug"] for r in rounds if r["state"] == "published"]
    entry_path = f"/api/v1/plans/{BUILTIN_PLAN_SLUG}/rounds/{published}/entries/1"
    entry = deployment.direct("a", "GET", entry_path, headers=api).json()
    # The page is made on a and kept in the shared page cache: b answers it from there.
    deployment.direct("a", "GET", MEASURE_PAGE)
    before = deployment.direct("b", "GET", MEASURE_PAGE)
    assert before.status_code == 200 and before.headers["X-Tiltak-Cache"] == "hit"
    corrected = "Rettet på instans a: tiltaket er gjennomført i sin helhet."
    assert corrected not in before.text
    response = deployment.direct("a", "PUT", entry_path, headers=api, json={
        "status": entry["status"], "narrative": corrected, "version": entry["version"],
        "reason": "Feil i teksten som ble publisert."})
    assert response.status_code == 200, response.text
    # The next request to b, the moment a has answered, shows the correction (no waiting, no second try).
    after = deployment.direct("b", "GET", MEASURE_PAGE)
    assert after.status_code == 200 and corrected in after.text
    assert after.headers["X-Tiltak-Cache"] == "miss"
    assert corrected in deployment.through_nginx(requests.Session(), MEASURE_PAGE).text


def _refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_one_instance_killed_under_load_costs_no_request(deployment):
    """`kill -9` of instance a — `tiltak serve`, gunicorn's master — while four visitors ask through nginx: its
    workers finish the requests they hold and exit, and nginx sends each request a no longer takes to b."""
    paths = ["/", MEASURE_PAGE, f"/plan/{BUILTIN_PLAN_SLUG}/", "/readyz"]
    answers: list[tuple[float, str, int]] = []
    failures: list[str] = []
    stop = threading.Event()

    def visitor(offset: int):
        session = requests.Session()
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            try:
                status = deployment.through_nginx(session, path).status_code
            except requests.RequestException as exc:
                failures.append(f"{path}: {exc}")
                continue
            answers.append((time.monotonic(), path, status))

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        killed_at = time.monotonic()
        victim = deployment.instances["a"]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        _wait(lambda: _refuses(deployment.port("a")), "instance a going down")
        down_at = time.monotonic()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures[:5]
    assert [a for a in answers if a[2] != 200] == []
    assert sum(1 for a in answers if a[0] < killed_at) >= 8 and sum(1 for a in answers if a[0] > down_at) >= 8
    # nginx's log names the instance that answered: a and b before the kill; after it, requests that found a
    # gone were retried on b and answered there.
    a, b = (f"127.0.0.1:{deployment.port(name)}" for name in ("a", "b"))
    logged = [line.split("|") for line in deployment.nginx_log.read_text().splitlines()]
    upstreams = {upstream for _msec, _status, _request, upstream, _statuses, _id in logged}
    assert {a, b} <= upstreams
    retried = [(status, statuses) for _msec, status, _request, upstream, statuses, _id in logged
               if upstream == f"{a}, {b}"]
    assert retried, logged[-20:]
    assert {status for status, _statuses in retried} == {"200"}
