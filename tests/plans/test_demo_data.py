"""`tiltak demo-data`: synthetic plans of the asked size, with text, ministries, moving grades and history."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiltak.plans import search_index
from tiltak.plans.actions import demo as demo_action
from tiltak.plans.actions import search_index as indexing
from tiltak.plans.actions.demo import create_demo_data
from tiltak.plans.models import Plan, Responsibility, Round, SearchDocument, StatusEntry, StatusEntryVersion

pytestmark = pytest.mark.django_db


def test_counts_are_what_was_asked(builtin_plan):
    result = create_demo_data(plans=3, measures=7, rounds=4)
    assert (result.plans, result.measures, result.rounds, result.entries) == (3, 21, 12, 84)
    demo = Plan.objects.filter(slug__startswith="demo-")
    assert sorted(demo.values_list("slug", flat=True)) == ["demo-0001", "demo-0002", "demo-0003"]
    assert StatusEntry.objects.filter(round__plan__in=demo).count() == 84
    assert StatusEntryVersion.objects.filter(entry__round__plan__in=demo).count() == 84
    assert Round.objects.filter(plan__in=demo, state=Round.State.PUBLISHED).count() == 12
    # Several ministries per measure, the lead first, and Norwegian text of some length.
    per_measure = [Responsibility.objects.filter(measure=m).count() for m in demo[0].measures.all()]
    assert all(1 <= n <= 4 for n in per_measure) and max(per_measure) > 1
    entry = StatusEntry.objects.filter(round__plan__in=demo).first()
    assert len(entry.narrative) > 100 and entry.status_id is not None


def test_grades_move_between_rounds(builtin_plan):
    create_demo_data(plans=2, measures=20, rounds=6)
    grades = {}
    for entry in StatusEntry.objects.filter(round__plan__slug__startswith="demo-").select_related("status"):
        grades.setdefault(entry.measure_id, set()).add(entry.status.grade_id)
    assert any(len(g) > 1 for g in grades.values())


def test_more_demo_data_adds_plans_after_the_last(builtin_plan):
    create_demo_data(plans=1, measures=2, rounds=1)
    create_demo_data(plans=1, measures=2, rounds=1)
    assert Plan.objects.filter(slug="demo-0002").exists()


def test_the_command_reports_and_refuses_bad_sizes(builtin_plan, capsys):
    call_command("demo-data", "--plans", "2", "--measures", "3", "--rounds", "2")
    assert "added 2 plans, 6 measures, 4 rounds and 12 entries" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("demo-data", "--plans", "0")


def test_a_demo_round_is_a_working_report(builtin_plan, client):
    create_demo_data(plans=1, measures=5, rounds=3)
    response = client.get("/rapport/demo-0001/2013-02/")
    assert response.status_code == 200
    assert response.content.decode().count('site-status-line">') == 5


def test_demo_rows_are_valid_as_the_models_validate_them(builtin_plan):
    """The demo data goes in as plain tuples (no per-value preparation): every row must still be what the models'
    validation accepts, with every text already in normal form (normalising it changes nothing)."""
    from tiltak.plans.models import Measure
    from tiltak.plans.validation import Kind, normalise

    create_demo_data(plans=2, measures=6, rounds=3)
    demo = Plan.objects.filter(slug__startswith="demo-")
    rows = [*demo, *Measure.objects.filter(plan__in=demo), *Round.objects.filter(plan__in=demo),
            *Responsibility.objects.filter(measure__plan__in=demo),
            *StatusEntry.objects.filter(round__plan__in=demo),
            *StatusEntryVersion.objects.filter(entry__round__plan__in=demo)]
    assert len(rows) > 2 + 12 + 6 + 36 + 36
    for row in rows:
        row.full_clean()  # raises ValidationError on anything the actions would refuse
        for field in row._meta.concrete_fields:
            if getattr(field, "kind", None) is not None:
                value = getattr(row, field.attname)
                assert normalise(value, field.kind) == value, (row, field.name)
    assert normalise("a \n\n\nb ", Kind.TEXT) != "a \n\n\nb "  # the check above can fail


def test_demo_history_rows_are_the_entries_as_written(builtin_plan):
    from tiltak.lib import requestid

    create_demo_data(plans=1, measures=4, rounds=2)
    for entry in StatusEntry.objects.filter(round__plan__slug="demo-0001"):
        version = entry.versions.get()
        assert (version.version, version.action, version.status_id, version.narrative, version.links,
                version.state, version.changed_at, version.request_id) == (
            1, "demo", entry.status_id, entry.narrative, [], entry.state, entry.updated_at, requestid.current())


@pytest.mark.parametrize("large", [False, True], ids=["index kept up", "index built after"])
def test_demo_entries_are_searchable_and_the_indexes_stand(builtin_plan, monkeypatch, large):
    """Every demo entry is in the search index, a search finds them, and the tables keep every index (PostgreSQL:
    the GIN index of the search documents valid, also after a load large enough to build it afresh at the end)."""
    if large:
        monkeypatch.setattr(indexing, "BUILD_AFTER_LOADS_OF", 1)
    before = set(_indexes())
    with CaptureQueriesContext(connection) as queries:
        create_demo_data(plans=3, measures=4, rounds=3)
    demo = StatusEntry.objects.filter(round__plan__slug__startswith="demo-")
    assert demo.count() == 36
    assert SearchDocument.objects.filter(entry__in=demo).count() == 36
    word = max(demo.first().narrative.split(), key=len).strip(".,;:()«»")
    hits = {entry_id for entry_id, _measure in search_index.candidates([word])}
    assert hits & set(demo.values_list("id", flat=True))
    assert set(_indexes()) == before
    if connection.vendor == "postgresql":
        assert indexing.GIN_INDEX in before
        dropped = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DROP INDEX")]
        assert len(dropped) == (1 if large else 0)


def test_an_interrupted_load_builds_the_index_it_dropped(builtin_plan, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    monkeypatch.setattr(indexing, "BUILD_AFTER_LOADS_OF", 1)
    monkeypatch.setattr(demo_action, "PLANS_PER_BATCH", 1)
    add = demo_action._BatchMaker.add

    def second_batch_fails(self, numbers):
        if numbers.start == 1:
            raise KeyboardInterrupt
        return add(self, numbers)

    monkeypatch.setattr(demo_action._BatchMaker, "add", second_batch_fails)
    with pytest.raises(KeyboardInterrupt):
        create_demo_data(plans=3, measures=4, rounds=3)
    assert list(Plan.objects.filter(slug__startswith="demo-").values_list("slug", flat=True)) == ["demo-0001"]
    assert indexing.GIN_INDEX in _indexes()


def test_a_load_after_one_killed_outright_makes_the_index_again(builtin_plan):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {indexing.GIN_INDEX}")  # as a load killed before its end leaves it
    assert indexing.GIN_INDEX not in _indexes()
    create_demo_data(plans=1, measures=2, rounds=1)
    assert indexing.GIN_INDEX in _indexes()


def test_init_makes_the_index_a_load_killed_outright_left_dropped(builtin_plan):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    assert indexing.mend() is False  # there: nothing to do
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {indexing.GIN_INDEX}")
    assert indexing.mend() is True
    assert indexing.GIN_INDEX in _indexes()


def test_postgresql_knows_the_size_of_the_tables_after_a_load(builtin_plan):
    """The load renews the planner's statistics as the tables grow (ANALYZE), so that its statements find their
    rows by index rather than by reading every entry."""
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    create_demo_data(plans=2, measures=5, rounds=4)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN "
                       "('plans_statusentry', 'plans_statusentryversion', 'plans_searchdocument')")
        counted = dict(cursor.fetchall())
    assert counted == {"plans_statusentry": StatusEntry.objects.count(),
                       "plans_statusentryversion": StatusEntryVersion.objects.count(),
                       "plans_searchdocument": SearchDocument.objects.count()}


def _indexes() -> list[str]:
    """The valid indexes of the tables the demo data writes (PostgreSQL), or their names (SQLite)."""
    tables = [model._meta.db_table for model in (StatusEntry, StatusEntryVersion, SearchDocument)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s) AND i.indisvalid",
                           [tables])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (%s, %s, %s)",
                           tables)
        return sorted(name for (name,) in cursor.fetchall())
