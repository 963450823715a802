"""The search index: kept current by the actions that change published text; searches bounded in number and time."""

import pytest
from django.core.cache import caches
from django.db import connection

from tests.cast import make_user
from tests.portal.conftest import make_history
from tiltak.plans import search_index
from tiltak.plans.actions import approve_entry, publish_round, submit_entry, update_entry
from tiltak.plans.actions import search_index as indexing
from tiltak.plans.actions.register import edit_measure
from tiltak.plans.models import Role, SearchDocument, StatusEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(builtin_plan):
    return make_history(builtin_plan)


def found(*words: str) -> set[tuple[str, str]]:
    """(round, measure) of the published entries the index gives for ``words``."""
    ids = [entry_id for entry_id, _measure in search_index.candidates(list(words))]
    return set(StatusEntry.objects.filter(id__in=ids).values_list("round__slug", "measure__number"))


def test_the_index_holds_published_entries_only(history):
    published = StatusEntry.objects.published()
    assert SearchDocument.objects.count() == published.count() == 70
    assert set(SearchDocument.objects.values_list("entry_id", flat=True)) == set(published.values_list("id",
                                                                                                        flat=True))
    assert found("zyxoplanen") == set()  # the open round's draft
    assert ("2013-02", "1") in found("Europarådet", "evaluert")


def test_publishing_a_round_puts_it_in_the_index(history):
    coordinator = make_user("koordinator2", Role.Kind.COORDINATOR)
    the_round = history.rounds.get(slug="2014-02")
    for entry in StatusEntry.objects.for_work().filter(round=the_round):
        entry = update_entry(entry=entry, status=entry.status or the_round.plan.scale.grades.first().labels.first(),
                             narrative=entry.narrative, expected_version=entry.version, acting_user=coordinator)
        entry = submit_entry(entry=entry, acting_user=coordinator, notify=False)
        approve_entry(entry=entry, acting_user=coordinator)
    assert found("zyxoplanen") == set()
    publish_round(the_round=the_round, acting_user=coordinator)
    assert found("zyxoplanen") == {("2014-02", "1")}


def test_a_correction_of_a_published_entry_is_searched_as_corrected(history):
    coordinator = make_user("koordinator2", Role.Kind.COORDINATOR)
    entry = StatusEntry.objects.for_work().get(round__slug="2013-02", measure__number="1")
    assert ("2013-02", "1") in found("evaluert")
    update_entry(entry=entry, status=entry.status, narrative="Samarbeidet med Europarådet ble avsluttet i qwertyår.",
                 expected_version=entry.version, acting_user=coordinator, reason="Skrivefeil")
    assert found("qwertyår") == {("2013-02", "1")}
    assert ("2013-02", "1") not in found("evaluert")
    assert SearchDocument.objects.filter(entry=entry).count() == 1


def test_a_measures_new_title_is_searched_in_the_rounds_that_publish_it(history):
    """A published round keeps the title it published (tiltak.plans.selectors.measure_as_published): the old title
    finds the rounds so far, the new one only the rounds after."""
    old_words = [w for w in history.measures.get(number="5").title.split() if len(w) > 6][:2]
    coordinator = make_user("koordinator2", Role.Kind.COORDINATOR)
    measure = history.measures.get(number="5")
    responsible = list(measure.responsibilities.order_by("position").values_list("ministry__abbreviation",
                                                                                  flat=True))
    edit_measure(measure=measure, title="Et helt nytt navn: blåbærtiltaket", plan_text=measure.plan_text,
                 responsible=responsible, acting_user=coordinator)
    assert found("blåbærtiltaket") == set()
    assert {("2012-02", "5"), ("2013-02", "5")} <= found(*old_words)
    # (A round published after the change is found by the new title: tests/portal/test_as_published.py.)


def test_words_match_their_forms_and_letters_are_kept_apart(history):
    if connection.vendor == "postgresql":
        # the «norwegian» configuration stems: «barnet» finds «barn», «barna»
        assert found("barnet") and found("barnet") == found("barn")
    else:
        # FTS5: whole words, any case; «å» is not «a», so «Europaradet» is not «Europarådet»
        assert ("2013-02", "1") in found("EUROPARÅDET", "evaluert")
        assert ("2013-02", "1") not in found("europa", "evaluert")
        assert ("2013-02", "1") not in found("europaradet", "evaluert")


def test_a_rebuild_gives_the_same_answers(history):
    before = {w: found(w) for w in ("Europarådet", "barn", "politiet", "zyxoplanen")}
    assert indexing.rebuild() == 70
    assert {w: found(w) for w in before} == before
    assert SearchDocument.objects.count() == 70


def test_each_document_is_its_entrys_texts_as_published(history):
    """PostgreSQL makes each distinct text a tsvector once per update: the documents must be what making them entry
    by entry gives, the measure's title (A) and plan text (B) as the round published them, then the narrative (C)."""
    if connection.vendor != "postgresql":
        pytest.skip("the tsvector documents are PostgreSQL's")
    measure = history.measures.get(number="5")
    edit_measure(measure=measure, title="Et helt nytt navn: blåbærtiltaket", plan_text="Ny plantekst om tiltaket.",
                 responsible=list(measure.responsibilities.order_by("position")
                                  .values_list("ministry__abbreviation", flat=True)),
                 acting_user=make_user("koordinator2", Role.Kind.COORDINATOR))
    assert StatusEntry.objects.published().exclude(measure_as_was={}).count() == 2
    assert indexing.rebuild() == 70

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE d.document = "
            "setweight(to_tsvector('norwegian', COALESCE(e.measure_as_was ->> 'title', m.title)), 'A') "
            "|| setweight(to_tsvector('norwegian', COALESCE(e.measure_as_was ->> 'plan_text', m.plan_text)), 'B') "
            "|| setweight(to_tsvector('norwegian', e.narrative), 'C')) "
            "FROM plans_searchdocument d JOIN plans_statusentry e ON e.id = d.entry_id "
            "JOIN plans_measure m ON m.id = e.measure_id")
        assert cursor.fetchone() == (70, 70)
        # the comparison can fail: the same texts in another order make another document
        cursor.execute("SELECT to_tsvector('norwegian', 'barn vold') || to_tsvector('norwegian', 'politiet') "
                       "= to_tsvector('norwegian', 'politiet') || to_tsvector('norwegian', 'barn vold')")
        assert cursor.fetchone() == (False,)


def test_searches_beyond_the_slots_get_a_friendly_answer(client, history):
    cache = caches["throttle"]
    for i in range(search_index.SLOTS):
        cache.add(f"tiltak:search-slot:{i}", 1, timeout=60)
    response = client.get("/sok/", {"q": "barn"})
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Søket er travelt akkurat nå" in response.content.decode()
    cache.delete("tiltak:search-slot:0")
    assert client.get("/sok/", {"q": "barn"}).status_code == 200
    assert cache.get("tiltak:search-slot:0") is None  # given back


def test_a_search_that_runs_too_long_is_stopped(monkeypatch, history):
    monkeypatch.setattr(search_index, "SECONDS", 0.05)
    slow = ("SELECT pg_sleep(2)" if connection.vendor == "postgresql" else
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) SELECT count(*) FROM n")
    with pytest.raises(search_index.SearchBusy), search_index.bounded(), connection.cursor() as cursor:
        cursor.execute(slow)
    assert caches["throttle"].get("tiltak:search-slot:0") is None
    with connection.cursor() as cursor:  # the connection is fine afterwards
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_search_page_states_its_limits(client, history):
    html = client.get("/sok/").content.decode()
    assert "Høyst 200 tegn og 8 ord" in html
    assert "At most 200 characters and 8 words" in client.get("/en/sok/").content.decode()


def test_the_migration_indexes_the_entries_that_keep_their_measure_as_published(history):
    """plans/0016: entries indexed with the register's texts before (here: not indexed at all) are indexed with the
    texts their round published."""
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("tiltak.plans.migrations.0016_search_index_as_published")
    measure = history.measures.get(number="5")
    old_words = [w for w in measure.title.split() if len(w) > 6][:2]
    edit_measure(measure=measure, title="Et helt nytt navn: blåbærtiltaket", plan_text=measure.plan_text,
                 responsible=list(measure.responsibilities.order_by("position")
                                  .values_list("ministry__abbreviation", flat=True)),
                 acting_user=make_user("koordinator2", Role.Kind.COORDINATOR))
    kept = StatusEntry.objects.published().exclude(measure_as_was={})
    assert kept.count() == 2
    SearchDocument.objects.filter(entry__in=kept).delete()
    assert not {("2012-02", "5"), ("2013-02", "5")} & found(*old_words)

    migration.reindex_kept(None, SimpleNamespace(connection=connection))
    assert {("2012-02", "5"), ("2013-02", "5")} <= found(*old_words)
    assert found("blåbærtiltaket") == set()
    assert SearchDocument.objects.count() == StatusEntry.objects.published().count()
