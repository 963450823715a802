"""Keeping the search index (:mod:`tiltak.plans.search_index`) current: the actions that publish or change
published text call :func:`update` for the entries they touched, in their own transaction; a restore calls
:func:`rebuild`.

Each entry is indexed with its measure's title and plan text as its round published them
(:func:`tiltak.plans.selectors.measure_as_published`, in SQL): a search for a measure's old title finds the rounds
that published it, the new title the rounds after."""

from django.db import connection, transaction

from tiltak.plans.models import Measure, Round, SearchDocument, StatusEntry
from tiltak.plans.search_index import FTS_TABLE
from tiltak.plans.selectors import measure_text_as_published_sql


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
