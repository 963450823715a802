"""Throughput under load: the public overview, and the framework's floor (``/healthz``, a minimal view), served by
gunicorn with tiltak's settings and this data dir, loaded by 16 concurrent connections from a separate process over
loopback — Debian's ``wrk`` where installed, else a small asyncio client (``python -m tiltak.bench.load``)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from tiltak.bench.measures import Figure

PORTS = range(8160, 8170)  # this project's bench ports
CONNECTIONS = 16
WORKERS = 4


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    problem = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError as exc:
            problem = exc
            time.sleep(0.05)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s ({problem})")


def stop(server: subprocess.Popen, timeout: float = 40) -> None:
    """Stop a served instance as its operator would (gunicorn finishes what it holds), or kill it after ``timeout``."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()


def _parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def latency_ms(label: str) -> float | None:
        match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\b", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = number(r"Non-2xx or 3xx responses:\s+(\d+)")
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {"rps": number(r"Requests/sec:\s+([\d.]+)"), "p99_ms": latency_ms("99%"), "errors": int(errors)}


def load(url: str, seconds: float) -> dict:
    """Requests per second, 99th-percentile latency and errors of ``seconds`` of load on ``url``."""
    wrk = shutil.which("wrk")
    if wrk:
        command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency", url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,  # noqa: S603
                                check=True)
        return _parse_wrk(result.stdout)
    command = [sys.executable, "-m", "tiltak.bench.load", url, str(seconds), str(CONNECTIONS)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)  # noqa: S603
    rps, p99, errors = result.stdout.split()
    return {"rps": float(rps), "p99_ms": float(p99), "errors": int(errors)}


def http_figures(seconds: float) -> list[Figure]:
    from django.conf import settings

    from tiltak.plans.builtin import BUILTIN_PLAN_SLUG

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "-m", "gunicorn", "tiltak.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--timeout", "60", "--control-socket", str(settings.DATA_DIR / "bench.ctl")],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tiltak.settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from tiltak.plans.models import Round

    latest = Round.objects.published().filter(plan__slug=BUILTIN_PLAN_SLUG).order_by("-as_of").first()
    others = {
        "measure": f"{base}/plan/{BUILTIN_PLAN_SLUG}/tiltak/1/",
        "api_list": f"{base}/api/v1/plans/{BUILTIN_PLAN_SLUG}/rounds/{latest.slug if latest else '-'}/entries",
        "search": f"{base}/sok/?q=barn",
        "feed": f"{base}/plan/{BUILTIN_PLAN_SLUG}/runder.atom",
    }
    try:
        page = f"{base}/plan/{BUILTIN_PLAN_SLUG}/"
        _wait_until_up(f"{base}/healthz", server)
        _wait_until_up(page, server)
        # The floor first: requests queued by the slower page's run would otherwise still hold the workers.
        floor = load(f"{base}/healthz", seconds)
        overview = load(page, seconds)
        loads = {name: load(url, seconds) for name, url in others.items()}
    finally:
        stop(server)
    return [
        Figure(f"public overview under {CONNECTIONS} connections", overview["rps"], "req/s",
               0.5 * floor["rps"], higher_is_better=True, key="http_rps_page"),
        Figure("public overview, 99th percentile latency", overview["p99_ms"], "ms", key="http_p99_ms"),
        Figure("public overview, errors (non-2xx/3xx, socket errors)", overview["errors"], "", 0,
               key="http_errors"),
        Figure(f"minimal view (the framework's floor) under {CONNECTIONS} connections", floor["rps"], "req/s",
               higher_is_better=True, key="http_rps_floor"),
        Figure(f"a measure's page under {CONNECTIONS} connections", loads["measure"]["rps"], "req/s",
               0.5 * floor["rps"], higher_is_better=True, key="http_rps_measure"),
        Figure(f"the API's entry list of a published round under {CONNECTIONS} connections",
               loads["api_list"]["rps"], "req/s", 0.5 * floor["rps"], higher_is_better=True,
               key="http_rps_api_list"),
        Figure(f"a search («barn») under {CONNECTIONS} connections (503s past the search bound count as errors)",
               loads["search"]["rps"], "req/s", higher_is_better=True, key="http_rps_search"),
        Figure(f"the plan's Atom feed of published rounds under {CONNECTIONS} connections", loads["feed"]["rps"],
               "req/s", 0.5 * floor["rps"], higher_is_better=True, key="http_rps_feed"),
        Figure("errors of those four runs (non-2xx/3xx, socket errors)",
               sum(result["errors"] for result in loads.values()), ""),
        start_figure(),
    ]


def start_figure() -> "Figure":
    """Seconds from `tiltak serve` (on this initialised database) to its first answer of /readyz, the time a
    restarted instance is away. With TILTAK_SECURE=true, which makes no demo accounts in the bench's database
    (the probes answer over plain HTTP all the same)."""
    port = _free_port()
    env = {**os.environ, "TILTAK_SECURE": "true", "TILTAK_DEBUG": "false"}
    started = time.monotonic()
    server = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "-m", "tiltak", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/readyz", server, timeout=120)
        seconds = time.monotonic() - started
    finally:
        stop(server)
    return Figure("tiltak serve on an initialised database, to its first ready answer", seconds, "s", 5.0,
                  key="start_s")
