"""The search index holds each published entry with its measure's title and plan text as its round published them
(tiltak.plans.selectors.measure_as_published), no longer as the register has them now: the entries that keep their
measure as it was (``measure_as_was``) are indexed again. Written in SQL of its own, as 0013 is, so later changes to
the actions do not change what this migration did."""

from django.db import migrations

KEPT = ("SELECT e.id FROM plans_statusentry e JOIN plans_round r ON r.id = e.round_id "
        "WHERE r.state = 'published' AND e.measure_as_was IS NOT NULL AND {not_empty}")


def reindex_kept(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    kept = KEPT.format(not_empty="e.measure_as_was <> '{}'::jsonb" if postgres
                       else "json_extract(e.measure_as_was, '$.title') IS NOT NULL")

    def as_published(field):
        own = f"e.measure_as_was ->> '{field}'" if postgres else f"json_extract(e.measure_as_was, '$.{field}')"
        return f"COALESCE({own}, m.{field})"

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM plans_searchdocument WHERE entry_id IN ({kept})")
        if postgres:
            cursor.execute(
                "INSERT INTO plans_searchdocument (entry_id, document) "
                f"SELECT e.id, setweight(to_tsvector('norwegian', {as_published('title')}), 'A') "
                f"|| setweight(to_tsvector('norwegian', {as_published('plan_text')}), 'B') "
                "|| setweight(to_tsvector('norwegian', e.narrative), 'C') "
                "FROM plans_statusentry e JOIN plans_measure m ON m.id = e.measure_id "
                f"WHERE e.id IN ({kept})")
            return
        # SQLite: new document rows (their FTS5 text under the new ids; the old ids' text is never joined again).
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM plans_searchdocument")
        before = cursor.fetchone()[0]
        cursor.execute(f"INSERT INTO plans_searchdocument (entry_id) SELECT id FROM ({kept}) ORDER BY id")
        cursor.execute(
            "INSERT INTO plans_search (rowid, title, plan_text, narrative) "
            f"SELECT d.id, {as_published('title')}, {as_published('plan_text')}, e.narrative "
            "FROM plans_searchdocument d JOIN plans_statusentry e ON e.id = d.entry_id "
            "JOIN plans_measure m ON m.id = e.measure_id WHERE d.id > %s", [before])


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0015_request_id_on_history"),
    ]

    operations = [
        migrations.RunPython(reindex_kept, migrations.RunPython.noop),
    ]
