"""Keeping the search index (:mod:`tiltak.plans.search_index`) current: the actions that publish or change
published text call :func:`update` for the entries they touched, in their own transaction; a restore calls
:func:`rebuild`.

Each entry is indexed with its measure's title and plan text as its round published them
(:func:`tiltak.plans.selectors.measure_as_published`, in SQL): a search for a measure's old title finds the rounds
that published it, the new title the rounds after."""

import contextlib

from django.db import connection, transaction

from tiltak.plans.models import Measure, Round, SearchDocument, StatusEntry
from tiltak.plans.search_index import FTS_TABLE
from tiltak.plans.selectors import measure_text_as_published_sql

GIN_INDEX = "plans_searchdocument_document_gin"  # PostgreSQL's index of the documents (made by plans/0013)
# A load of at least this many documents, and at least as many as the index holds, builds the GIN index afresh
# after it rather than keeping it up to date document by document (see built_after).
BUILD_AFTER_LOADS_OF = 50_000


def _as_published(field: str) -> str:
    return measure_text_as_published_sql(field, entry="e", measure="m", vendor=connection.vendor)


def update(entries) -> int:
    """Bring the index up to date for ``entries`` (a StatusEntry queryset): the published ones indexed with their
    narrative and their measure's texts as their round published them, the others left out. Returns how many are
    indexed."""
    tables = {"doc": SearchDocument._meta.db_table, "entry": StatusEntry._meta.db_table,
              "measure": Measure._meta.db_table}
    SearchDocument.objects.filter(entry__in=entries.values("id")).delete()
    published, params = (entries.filter(round__state=Round.State.PUBLISHED).order_by().values("id")
                         .query.sql_with_params())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Each distinct text made a tsvector once (most of the time of a large update is to_tsvector): a
            # measure's title and plan text are the same in all its rounds, a narrative often is too. The document
            # is the same A || B || C as made per entry.
            cursor.execute(
                f"WITH e AS (SELECT e.id, {_as_published('title')} AS title, "  # noqa: S608 - table names from the models, values bound
                f"{_as_published('plan_text')} AS plan_text, e.narrative "
                f"FROM {tables['entry']} e JOIN {tables['measure']} m ON m.id = e.measure_id "
                f"WHERE e.id IN ({published})), "
                "measure_doc AS MATERIALIZED (SELECT title, plan_text, setweight(to_tsvector('norwegian', title), 'A') "
                "|| setweight(to_tsvector('norwegian', plan_text), 'B') AS document "
                "FROM (SELECT DISTINCT title, plan_text FROM e) t), "
                "narrative_doc AS MATERIALIZED (SELECT narrative, "
                "setweight(to_tsvector('norwegian', narrative), 'C') AS document "
                "FROM (SELECT DISTINCT narrative FROM e) n) "
                f"INSERT INTO {tables['doc']} (entry_id, document) "
                "SELECT e.id, md.document || nd.document FROM e JOIN measure_doc md USING (title, plan_text) "
                "JOIN narrative_doc nd USING (narrative) ORDER BY e.id", params)
            return cursor.rowcount
        # SQLite: a new document row (AUTOINCREMENT: ids are never reused), then its text under that id.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {tables['doc']}")  # noqa: S608
        before = cursor.fetchone()[0]
        cursor.execute(f"INSERT INTO {tables['doc']} (entry_id) SELECT id FROM ({published}) ORDER BY id",  # noqa: S608
                       params)
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, plan_text, narrative) "  # noqa: S608
            f"SELECT d.id, {_as_published('title')}, {_as_published('plan_text')}, e.narrative "
            f"FROM {tables['doc']} d "
            f"JOIN {tables['entry']} e ON e.id = d.entry_id JOIN {tables['measure']} m ON m.id = e.measure_id "
            "WHERE d.id > %s", [before])
        return cursor.rowcount


def update_round(the_round: Round) -> int:
    return update(StatusEntry.objects.filter(round=the_round))


def update_measure(measure: Measure) -> int:
    return update(StatusEntry.objects.filter(measure=measure, round__state=Round.State.PUBLISHED))


@transaction.atomic
def rebuild() -> int:
    """The whole index made again from the published entries (after a restore, say)."""
    SearchDocument.objects.all().delete()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608
    return update(StatusEntry.objects.all())


@contextlib.contextmanager
def built_after(*, adding: int):
    """For a bulk load of ``adding`` published entries in batches that commit on their own (the demo data): on
    PostgreSQL, when the load is large (:data:`BUILD_AFTER_LOADS_OF`, and no smaller than the index), the GIN index
    is dropped while it runs and built once at the end, about half the work of keeping it up to date per document
    (500,000 documents: 21 s of the server's CPU against ~40). However the load ends, an exception or Ctrl-C
    included, the index is built before this returns; and every load ends by making it if it is missing, so a
    load killed outright (the index gone, searches slow but right) is mended by the next one, or by ``tiltak
    init`` (:func:`mend`).

    Searches during a large load read every document (bounded by :data:`tiltak.plans.search_index.SECONDS`)."""
    if connection.vendor != "postgresql":
        yield
        return
    if adding >= max(BUILD_AFTER_LOADS_OF, SearchDocument.objects.count()):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(GIN_INDEX)}")
    try:
        yield
    finally:
        _build_gin_index()


def mend() -> bool:
    """The GIN index made again where a load killed outright left it dropped (PostgreSQL); True when it was
    missing. ``tiltak init``, and so every ``tiltak serve``, asks: one look in the catalogue when it is there."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        if cursor.fetchone():
            return False
    _build_gin_index()
    return True


@transaction.atomic
def _build_gin_index() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # CREATE INDEX refuses a table with checks of its foreign keys still to run in this transaction (only
        # inside a caller's transaction: a load's batches have committed theirs).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {quote(GIN_INDEX)} "
                       f"ON {quote(SearchDocument._meta.db_table)} USING gin (document)")
