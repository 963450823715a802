"""Against a running `tiltak serve`: a bounded mixed load (readers, writers and an import at once) with no server
error and workers whose memory does not grow; `tiltak backup` while writers write, restored and compared."""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from tests.security.server import database_kind, tiltak

PLAN = "menneskehandel-2011-2014"
READER_PATHS = ["/", f"/plan/{PLAN}/", f"/rapport/{PLAN}/2012-02/", f"/rapport/{PLAN}/2012-02/rapport.csv",
                "/api/v1/plans", f"/api/v1/plans/{PLAN}/rounds/2012-02/entries"]
REQUESTS_PER_READER = 40
WRITES_PER_WRITER = 15


def call(server, method, path, body=None, token=None):
    request = urllib.request.Request(server["base"] + path, method=method,  # noqa: S310 - loopback only
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {server['tokens'][token]}")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            content = response.read()
            return response.status, content
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def open_round(server) -> str:
    """The plan's open round (Schemathesis or another test may have opened one), or a new one."""
    status, content = call(server, "GET", f"/api/v1/plans/{PLAN}/rounds", token="koordinator")
    assert status == 200
    for the_round in json.loads(content):
        if the_round["state"] == "open":
            return the_round["slug"]
    status, content = call(server, "POST", f"/api/v1/plans/{PLAN}/rounds", token="koordinator",
                           body={"slug": "2099-01", "label": "Status per januar 2099", "as_of": "2099-01-01"})
    assert status == 201, content
    return "2099-01"


def write_entries(server, round_slug: str, token: str, numbers: list[str], count: int, statuses: list[int]):
    for i in range(count):
        number = numbers[i % len(numbers)]
        path = f"/api/v1/plans/{PLAN}/rounds/{round_slug}/entries/{number}"
        status, content = call(server, "GET", path, token=token)
        statuses.append(status)
        if status != 200:
            continue
        entry = json.loads(content)
        if entry["state"] not in ("draft", "returned"):
            continue
        status, _ = call(server, "PUT", path, token=token,
                         body={"status": entry["status"], "narrative": f"Skrevet under last, runde {i}.",
                               "version": entry["version"]})
        statuses.append(status)


def worker_memory(server) -> dict[int, int]:
    """Resident memory (kB) of each gunicorn worker: the serve process's grandchildren or children."""
    def children(pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found += [int(child) for child in text]
        return found

    def rss(pid: int) -> int:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    master = server["process"].pid
    pids = children(master)
    grandchildren = [g for p in pids for g in children(p)]
    return {pid: rss(pid) for pid in (grandchildren or pids)}


def test_a_mixed_load_gives_no_server_error_and_no_growing_worker(served, tmp_path):
    round_slug = open_round(served)
    for path in READER_PATHS:  # warm up: first renders, caches, imports
        call(served, "GET", path)
    before = worker_memory(served)
    assert before, "no gunicorn worker found"

    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: [statuses.append(call(served, "GET", p)[0])
                                                for _ in range(REQUESTS_PER_READER // len(READER_PATHS))
                                                for p in READER_PATHS]) for _ in range(4)]
    threads += [threading.Thread(target=write_entries,
                                 args=(served, round_slug, "jd-rapportor", ["10"], WRITES_PER_WRITER,
                                       statuses)),
                threading.Thread(target=write_entries,
                                 args=(served, round_slug, "koordinator", ["1", "2", "3"], WRITES_PER_WRITER,
                                       statuses))]
    # An import running meanwhile: the published report as a new plan (its own transaction, its own process).
    exported = tmp_path / "report.json"
    exported.write_text(tiltak("report", "--plan", PLAN, "--format", "json", env=served["env"]))
    importer = subprocess.Popen([sys.executable, "-m", "tiltak", "import", str(exported), "--plan", "lastprove"],
                                env=served["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    _out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err

    after = worker_memory(served)
    assert len(statuses) > 100
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) <= {200, 409}, sorted(set(statuses))
    # Workers may have been recycled (max requests); those still there have not grown by more than 64 MB.
    grown = {pid: after[pid] - before[pid] for pid in after if pid in before}
    assert all(delta < 64 * 1024 for delta in grown.values()), grown
    print(f"load: {len(statuses)} requests, 0 server errors, worker RSS kB before {before} after {after}")
    assert "Server Error" not in served["log"].read_text()


def test_backup_while_writers_write_is_consistent_and_restores(served, tmp_path):
    if database_kind() == "postgresql":  # the database server makes the copy: the command says how, and stops
        result = subprocess.run([sys.executable, "-m", "tiltak", "backup", str(tmp_path / "x")], env=served["env"],
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 2 and "pg_dump" in result.stderr
        assert not (tmp_path / "x").exists()
        return
    round_slug = open_round(served)
    statuses: list[int] = []
    writer = threading.Thread(target=write_entries,
                              args=(served, round_slug, "koordinator", ["4", "5", "6", "7"], 30, statuses))
    writer.start()
    copies = []
    for n in range(3):  # while the writer writes
        copy = tmp_path / f"copy-{n}.sqlite3"
        tiltak("backup", str(copy), env=served["env"])
        copies.append(copy)
    writer.join(timeout=600)
    assert [s for s in statuses if s >= 500] == []

    final = tmp_path / "final.sqlite3"
    tiltak("backup", str(final), env=served["env"])
    assert oct(final.stat().st_mode & 0o777) == "0o600"
    live = json.loads(tiltak("export", env=served["env"]))
    for copy in [*copies, final]:
        exported = json.loads(tiltak("export", env={**served["env"], "TILTAK_DATABASE_URL": f"sqlite:///{copy}"}))
        assert exported["objects"], copy
    from_copy = json.loads(tiltak("export", env={**served["env"], "TILTAK_DATABASE_URL": f"sqlite:///{final}"}))
    assert from_copy["objects"] == live["objects"]

    # Restored into an empty database, the copy's export comes back the same.
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    document = tmp_path / "export.json"
    document.write_text(json.dumps(from_copy))
    env = {**served["env"], "TILTAK_DATA_DIR": str(restored_dir),
           "TILTAK_DATABASE_URL": f"sqlite:///{restored_dir / 'tiltak.sqlite3'}"}
    tiltak("migrate", "-v0", env=env)
    tiltak("restore", str(document), env=env)
    assert json.loads(tiltak("export", env=env))["objects"] == live["objects"]

