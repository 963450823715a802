"""The search index (tiltak/plans/search_index.py): a document row per published entry, with a GIN index over its
tsvector on PostgreSQL and an FTS5 table beside it on SQLite, filled from the published entries there are."""

import django.db.models.deletion
import tiltak.plans.models
from django.db import migrations, models


FTS = ("CREATE VIRTUAL TABLE plans_search USING fts5(title, plan_text, narrative, content='', "
       "tokenize='unicode61 remove_diacritics 0')")
GIN = "CREATE INDEX plans_searchdocument_document_gin ON plans_searchdocument USING gin (document)"
PUBLISHED = ("SELECT e.id FROM plans_statusentry e JOIN plans_round r ON r.id = e.round_id "
             "WHERE r.state = 'published'")


def create_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(GIN if schema_editor.connection.vendor == "postgresql" else FTS)


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS plans_searchdocument_document_gin")
        else:
            cursor.execute("DROP TABLE IF EXISTS plans_search")


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "INSERT INTO plans_searchdocument (entry_id, document) "
                "SELECT e.id, setweight(to_tsvector('norwegian', m.title), 'A') "
                "|| setweight(to_tsvector('norwegian', m.plan_text), 'B') "
                "|| setweight(to_tsvector('norwegian', e.narrative), 'C') "
                "FROM plans_statusentry e JOIN plans_measure m ON m.id = e.measure_id "
                f"WHERE e.id IN ({PUBLISHED})")
            return
        cursor.execute(f"INSERT INTO plans_searchdocument (entry_id) {PUBLISHED} ORDER BY e.id")
        cursor.execute(
            "INSERT INTO plans_search (rowid, title, plan_text, narrative) "
            "SELECT d.id, m.title, m.plan_text, e.narrative FROM plans_searchdocument d "
            "JOIN plans_statusentry e ON e.id = d.entry_id JOIN plans_measure m ON m.id = e.measure_id")


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0012_email_change_and_sign_in_identities'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document', tiltak.plans.models.TextSearchVectorField(editable=False, null=True)),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='search_document', to='plans.statusentry')),
            ],
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
