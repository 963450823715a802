"""No lost update: ten writers of one entry at once give one success and nine refusals, never a server error.

Real threads, each with its own database connection, against the real database (SQLite file in WAL mode,
or PostgreSQL when TILTAK_DATABASE_URL points at one), through the action and through HTTP.
"""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.cast import open_2022
from tiltak.plans.actions import StaleVersion, update_entry
from tiltak.plans.actions.tokens import issue_token
from tiltak.plans.models import StatusEntry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WRITERS = 10


def _race(work):
    """Run ``work(i)`` in WRITERS threads released at the same instant; return their results in order."""
    barrier = threading.Barrier(WRITERS)

    def run(i):
        try:
            barrier.wait()
            return work(i)
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(run, range(WRITERS)))


def test_ten_concurrent_writers_through_the_action(plan, coordinator, reporter_jd):
    the_round = open_2022(plan, coordinator)
    entry_pk = the_round.entries.get(measure__number="10").pk

    def write(i):
        entry = StatusEntry.objects.for_work().get(pk=entry_pk)
        try:
            update_entry(entry=entry, status=entry.status, narrative=f"Skriver {i}", expected_version=1,
                         acting_user=reporter_jd)
            return "ok"
        except StaleVersion:
            return "stale"

    results = _race(write)
    assert sorted(results) == ["ok"] + ["stale"] * 9
    entry = StatusEntry.objects.get(pk=entry_pk)
    winner = results.index("ok")
    assert (entry.version, entry.narrative) == (2, f"Skriver {winner}")
    assert list(entry.versions.values_list("version", flat=True)) == [1, 2]


def test_ten_concurrent_writers_through_http(live_server, plan, coordinator, reporter_jd):
    open_2022(plan, coordinator)
    token = issue_token(user=reporter_jd)
    url = f"{live_server.url}/api/v1/plans/testplan/rounds/2022-03/entries/10"

    def put(i):
        body = json.dumps({"status": "Gjennomført", "narrative": f"HTTP {i}", "version": 1}).encode()
        request = urllib.request.Request(url, data=body, method="PUT", headers={  # noqa: S310 - our live server
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    codes = _race(put)
    assert sorted(codes) == [200] + [409] * 9
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    assert entry.version == 2 and entry.narrative == f"HTTP {codes.index(200)}"
