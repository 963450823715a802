"""The search index over published text, and the bounds on searching it.

A search reads the index, never every entry: on PostgreSQL a ``tsvector`` per published entry (the measure's title
weighted A, its plan text B, the narrative C; the «norwegian» configuration) under a GIN index; on SQLite an FTS5
table of the same three texts (Unicode tokens, case folded, æ, ø and å kept apart from a and o, whole words).
Either way a search costs about the same on 500,000 entries as on 35: it takes at most ``CANDIDATES`` matching
entries, the most recently indexed first, and ranks and shows those.

The index holds published entries only and is kept current by the actions that change published text: publishing
a round, correcting an entry of a published round, editing a measure's title or plan text, an import, the demo
data and a restore (:mod:`tiltak.plans.actions.search_index`: ``update`` for what they touched, in their
transaction; ``rebuild`` for everything). This module reads it.

Searches are bounded twice: at most ``SLOTS`` run at once across every worker of every instance (slots in the
shared cache), and each stops after ``SECONDS``; past either, :class:`SearchBusy`, and the page says so.
"""

import contextlib
import time

from django.core.cache import caches
from django.db import OperationalError, connection, transaction

from tiltak.plans.models import Measure, Plan, Round, SearchDocument, StatusEntry

FTS_TABLE = "plans_search"
CANDIDATES = 200  # four times the results shown: room for several rounds of one measure
SLOTS = 4
SLOT_SECONDS = 30  # a slot a crashed worker never gave back is free again after this
SECONDS = 2.0


class SearchBusy(Exception):
    """Too many searches at once, or this one took too long."""


def candidates(words: list[str], *, limit: int = CANDIDATES) -> list[tuple[int, int]]:
    """(entry id, measure id) of up to ``limit`` indexed entries whose texts hold every one of ``words``: the most
    recently indexed ``limit`` of them, in the order a search shows them: on PostgreSQL ranked (title before plan
    text before narrative, then the newer round, then the measure's order), on SQLite by plan, measure and newer
    round first. Keys only, in one query: the rows themselves are loaded for the entries shown alone.

    ``words`` are what :func:`tiltak.portal.search.words_of` makes of a query (``\\w+`` runs): on SQLite whole
    words, on PostgreSQL stemmed (so «barnet» finds «barn»)."""
    if not words:
        return []
    tables = {"doc": SearchDocument._meta.db_table, "entry": StatusEntry._meta.db_table,
              "measure": Measure._meta.db_table, "round": Round._meta.db_table, "plan": Plan._meta.db_table}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "WITH q AS (SELECT plainto_tsquery('norwegian', %s) AS query), "  # noqa: S608 - table names from the models
                f"found AS (SELECT d.entry_id, d.document FROM {tables['doc']} d, q "
                "WHERE d.document @@ q.query ORDER BY d.id DESC LIMIT %s) "
                f"SELECT e.id, e.measure_id FROM found f CROSS JOIN q JOIN {tables['entry']} e ON e.id = f.entry_id "
                f"JOIN {tables['round']} r ON r.id = e.round_id JOIN {tables['measure']} m ON m.id = e.measure_id "
                "WHERE r.state = %s ORDER BY ts_rank(f.document, q.query) DESC, r.as_of DESC, m.sort_key",
                [" ".join(words), limit, Round.State.PUBLISHED])
        else:
            match = " AND ".join(_fts_term(word) for word in words)
            cursor.execute(
                f"SELECT e.id, e.measure_id FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"ORDER BY rowid DESC LIMIT %s) f JOIN {tables['doc']} d ON d.id = f.rowid "
                f"JOIN {tables['entry']} e ON e.id = d.entry_id JOIN {tables['round']} r ON r.id = e.round_id "
                f"JOIN {tables['measure']} m ON m.id = e.measure_id JOIN {tables['plan']} p ON p.id = m.plan_id "
                "WHERE r.state = %s ORDER BY p.title, m.sort_key, r.as_of DESC", [match, limit, Round.State.PUBLISHED])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _fts_term(word: str) -> str:
    """A word as FTS5 matches it: whole (a prefix query reads the postings of every word it begins, which on
    500,000 entries cost 5–10 times the search: docs/benchmarks.md)."""
    return '"' + word.replace('"', "") + '"'


@contextlib.contextmanager
def bounded():
    """A slot among ``SLOTS`` shared by every worker, and at most ``SECONDS`` of database time; SearchBusy past
    either. Statements stopped by the time limit raise SearchBusy too."""
    cache = caches["throttle"]
    slot = next((f"tiltak:search-slot:{i}" for i in range(SLOTS)
                 if cache.add(f"tiltak:search-slot:{i}", 1, timeout=SLOT_SECONDS)), None)
    if slot is None:
        raise SearchBusy
    try:
        with _time_limit(SECONDS):
            yield
    except OperationalError as exc:
        if _timed_out(exc):
            raise SearchBusy from None
        raise
    finally:
        cache.delete(slot)


@contextlib.contextmanager
def _time_limit(seconds: float):
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(seconds * 1000)])
            yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 20_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def _timed_out(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "interrupted" in text or "statement timeout" in text or "canceling statement" in text
