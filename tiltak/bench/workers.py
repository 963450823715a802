"""Whether a worker's memory grows with the requests it serves: the reason, measured, for recycling workers at all
(``tiltak serve``'s ``max_requests``; docs/benchmarks.md, «Workers»).

Starts ``tiltak serve --no-init --workers 1`` on this (initialised) database, sends ``requests`` requests from four
keep-alive connections, cycling through a mix of public pages over many plans — the overview, a measure's page, the
report page, the API's entry list, a search and, one request in 500, a PDF download — and reads the worker's
resident memory (``VmRSS``) after a warm-up and every ``requests // 10`` requests after it. Run as
``python -m tiltak.bench.workers REQUESTS`` it prints one line a sample: requests served, RSS in MB.
"""

import http.client
import itertools
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tiltak.bench.http import _free_port, _wait_until_up, stop
from tiltak.bench.measures import Figure

CLIENTS = 4
PDF_EVERY = 500
SEARCHES = ["barn", "politiet", "samarbeid", "menneskehandel", "Europarådet", "tiltaket", "kunnskap"]


def _paths(plans: int = 100) -> list[str]:
    """A long cycle of public addresses over up to ``plans`` plans (so the page cache misses as often as real
    traffic over many pages would make it)."""
    from tiltak.plans.models import Round

    rounds = list(Round.objects.published().select_related("plan").order_by("plan_id", "-as_of")
                  .values_list("plan__slug", "slug"))
    latest = list({plan: (plan, slug) for plan, slug in reversed(rounds)}.values())[:plans]
    paths = []
    for number, ((plan, slug), word) in enumerate(zip(latest, itertools.cycle(SEARCHES), strict=False)):
        paths += [f"/plan/{plan}/", f"/plan/{plan}/tiltak/{number % 35 + 1}/", f"/rapport/{plan}/{slug}/",
                  f"/api/v1/plans/{plan}/rounds/{slug}/entries", f"/sok/?q={quote(word)}+{number % 50 + 1}"]
    return paths


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one worker under {master}, found {children}")
    return int(children[0])


def worker_memory(requests: int, *, report=None) -> list[tuple[int, float, int]]:
    """(requests served, the worker's RSS in MB, its pid) after the warm-up and every ``requests // 10``; each
    also passed to ``report`` as it is taken."""
    port = _free_port()
    # Plain HTTP (TILTAK_SECURE would redirect every page to HTTPS); --no-init makes no demo accounts.
    env = {**os.environ, "TILTAK_SECURE": "false", "TILTAK_DEBUG": "false"}
    server = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
        [sys.executable, "-m", "tiltak", "serve", "--no-init", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    paths = _paths()
    plan_reports = [p for p in paths if p.startswith("/rapport/")]
    served, failed, statuses, lock = 0, [], {}, threading.Lock()
    samples: list[tuple[int, float, int]] = []
    step = max(1, requests // 10)

    def client(numbers):
        nonlocal served
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for n in numbers:
            path = plan_reports[n // PDF_EVERY % len(plan_reports)] + "rapport.pdf" if n % PDF_EVERY == 0 \
                else paths[n % len(paths)]
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 400 and not (response.status == 503 and path.startswith("/sok/")):
                failed.append((path, response.status))  # a search past its bound is a 503 in words: allowed
            with lock:
                served += 1
                statuses[response.status] = statuses.get(response.status, 0) + 1

    try:
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", server, timeout=120)
        worker = _worker_pid(server.pid)
        client(range(1, len(paths) + 1))  # warm-up: every address once
        served = 0
        samples.append((0, _rss_mb(worker), worker))
        if report:
            report(samples[-1])
        for start in range(0, requests, step):
            chunk = range(start, min(start + step, requests))
            threads = [threading.Thread(target=client, args=(chunk[i::CLIENTS],)) for i in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            samples.append((served, _rss_mb(worker), _worker_pid(server.pid)))
            if report:
                report(samples[-1])
    finally:
        stop(server)
    if failed:
        raise RuntimeError(f"{len(failed)} requests failed, first {failed[0]}")
    worker_memory.statuses = statuses
    return samples


def worker_memory_figures(requests: int) -> list[Figure]:
    samples = worker_memory(requests)
    start, end = samples[0][1], samples[-1][1]
    return [Figure("a worker's resident memory after warm-up", start, "MB", key="worker_rss_start_mb"),
            Figure(f"the same after {samples[-1][0]} more requests of a mix of pages", end, "MB",
                   key="worker_rss_end_mb")]


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    django.setup()
    began = time.monotonic()

    def show(sample):
        served, rss, pid = sample
        print(f"{served}\t{rss:.1f}\t{pid}\t{time.monotonic() - began:.0f}s", flush=True)

    worker_memory(int(sys.argv[1]), report=show)
    print("statuses", worker_memory.statuses)
