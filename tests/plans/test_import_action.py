import pytest
from django.core.exceptions import PermissionDenied

from tests.cast import make_user, open_2022, submitted
from tiltak.plans.actions import SYSTEM, ImportRejected, approve_entry, import_report, publish_round
from tiltak.plans.models import DataQualityNote, Measure, Plan, Role, Round, StatusEntry, StatusEntryVersion

from .documents import document

pytestmark = pytest.mark.django_db


def test_import_creates_plan_round_measures_entries_and_history():
    result = import_report(acting_user=SYSTEM, document=document())
    plan = Plan.objects.get(slug="testplan")
    assert result.plan == plan
    assert plan.coordinator.name == "Justis- og beredskapsdepartementet"  # the JD of 2021
    assert [m.number for m in plan.measures.all()] == ["2", "10"]  # natural order
    assert plan.measures.get(number="2").responsible_abbreviations() == ["UD", "JD"]
    the_round = Round.objects.get(plan=plan)
    assert the_round.is_published and str(the_round.as_of) == "2021-03-01"
    assert the_round.label == "Status per mars 2021"
    entry = StatusEntry.objects.get(measure__number="10")
    assert entry.status.text == "Under forberedelse"
    assert entry.status.grade.name == "Under forberedelse"
    assert StatusEntryVersion.objects.filter(entry__round=the_round, action="import").count() == 2
    note = DataQualityNote.objects.get()
    assert (note.measure.number, note.code) == ("10", "status_mismatch")


def test_two_labels_share_one_grade():
    import_report(acting_user=SYSTEM, document=document())
    entry = StatusEntry.objects.get(measure__number="2")
    assert entry.status.text == "Løpende"
    assert entry.status.grade.name == "Løpende/under gjennomføring"


def test_reimporting_the_same_document_changes_nothing():
    import_report(acting_user=SYSTEM, document=document())
    again = import_report(acting_user=SYSTEM, document=document())
    assert again.lines == []
    assert StatusEntryVersion.objects.count() == 2
    assert DataQualityNote.objects.count() == 1


def test_reimport_with_a_changed_status_into_the_published_round_is_a_correction_with_a_reason():
    import_report(acting_user=SYSTEM, document=document())
    changed = document()
    changed["measures"][1]["status"] = "Gjennomført"
    with pytest.raises(ImportRejected, match="krever en begrunnelse"):
        import_report(acting_user=SYSTEM, document=changed)
    assert StatusEntry.objects.get(measure__number="10").version == 1
    preview = import_report(acting_user=SYSTEM, document=changed, dry_run=True)
    assert preview.needs_reason and preview.lines == ["tiltak 10: ny versjon 2 av statusen"]
    result = import_report(acting_user=SYSTEM, document=changed, reason="Feil status i den trykte rapporten")
    entry = StatusEntry.objects.get(measure__number="10")
    assert entry.version == 2 and entry.status.text == "Gjennomført" and entry.state == "approved"
    assert list(entry.versions.values_list("version", "action", "comment")) == [
        (1, "import", ""), (2, "correct", "Feil status i den trykte rapporten")]
    assert result.lines == ["tiltak 10: ny versjon 2 av statusen"]
    change = result.changes.items[0]
    assert ("removed", "Under forberedelse") in change.diff and ("added", "Gjennomført") in change.diff


def test_dry_run_stores_nothing_but_says_what_it_would_do():
    result = import_report(acting_user=SYSTEM, document=document(), dry_run=True)
    assert result.dry_run
    assert any(line.startswith("ny plan testplan") for line in result.lines)
    assert result.counts["measure_created"] == 2
    assert not Plan.objects.exists()
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["measures"][1].update(status="Nesten ferdig"), "measure 10: unknown status 'Nesten ferdig'"),
        (lambda d: d["measures"][0].update(responsible=["UD", "XYZ"]), "measure 2: unknown ministry 'XYZ'"),
        (lambda d: d["measures"][1].update(number="2"), "measure 2: the number occurs twice"),
        (lambda d: d.update(measures=[]), "holds no measures"),
        (lambda d: d["report"].update(as_of="februar"), "report.as_of"),
        (lambda d: d.update(format="other"), "not a report document"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(mutate, message):
    doc = document()
    mutate(doc)
    with pytest.raises(ImportRejected, match=message):
        import_report(acting_user=SYSTEM, document=doc)
    assert not Plan.objects.exists()


def test_a_late_error_rolls_back_what_came_before_it():
    doc = document()
    doc["measures"][1]["responsible"] = ["NOPE"]  # measure 2 is stored before measure 10 fails
    with pytest.raises(ImportRejected):
        import_report(acting_user=SYSTEM, document=doc)
    assert not Measure.objects.exists()
    assert not StatusEntry.objects.exists()


def test_slug_is_derived_from_the_title_with_its_years_apart():
    doc = document()
    del doc["plan"]["slug"]
    result = import_report(acting_user=SYSTEM, document=doc)
    assert result.plan.slug == "handlingsplan-for-proving-2020-2023"


def test_plan_slug_given_by_the_caller_wins():
    result = import_report(acting_user=SYSTEM, document=document(), plan_slug="min-plan")
    assert result.plan.slug == "min-plan"


# --- The import is an action like the others: who, which round state, which plan ----------------------------------


@pytest.fixture
def published(db):
    return import_report(acting_user=SYSTEM, document=document()).plan


def test_an_import_into_an_open_round_leaves_approved_entries_untouched(published):
    coordinator = make_user("koord", Role.Kind.COORDINATOR)
    the_round = open_2022(published, coordinator)
    approved = approve_entry(entry=submitted(the_round, "10", coordinator), acting_user=coordinator)
    doc = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    doc["measures"][0]["status_text"] = "Nytt fra dokumentet."
    doc["measures"][1].update(status="Gjennomført", status_text="Skal ikke overskrive det godkjente.")
    versions = StatusEntryVersion.objects.filter(entry=approved).count()

    result = import_report(acting_user=coordinator, document=doc)

    kept = StatusEntry.objects.get(pk=approved.pk)
    assert (kept.state, kept.version, kept.narrative, kept.status_id) == (
        "approved", approved.version, approved.narrative, approved.status_id)
    assert StatusEntryVersion.objects.filter(entry=approved).count() == versions
    assert result.kept == ["10"] and "tiltak 10: godkjent, ikke endret av importen" in result.lines
    # the draft of measure 2 is still the reporters' to work on, and it now holds the document's text
    draft = the_round.entries.get(measure__number="2")
    assert (draft.state, draft.narrative) == ("draft", "Nytt fra dokumentet.")
    assert draft.versions.last().action == "import"
    assert Round.objects.get(pk=the_round.pk).state == Round.State.OPEN


@pytest.mark.parametrize("who", ["reporter", "reader", "other_coordinator", "nobody", "inactive_coordinator"])
def test_an_import_without_permission_changes_nothing(published, who):
    other = Plan.objects.create(slug="annen", title="En annen plan", period_start=2020, period_end=2021,
                                scale=published.scale)
    user = {
        "reporter": lambda: make_user("r", Role.Kind.REPORTER, ministry="JD"),
        "reader": lambda: make_user("l", Role.Kind.READER),
        "other_coordinator": lambda: _coordinator_of(other),
        "nobody": lambda: None,
        "inactive_coordinator": lambda: make_user("k", Role.Kind.COORDINATOR, is_active=False),
    }[who]()
    changed = document()
    changed["measures"][1]["status"] = "Gjennomført"
    new_round = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    new_plan = document(plan={"title": "Helt ny plan (2030–2031)", "period": ["2030", "2031"]})
    before = _everything()
    for doc, slug in [(changed, None), (new_round, None), (new_round, "testplan"), (new_plan, None)]:
        for dry_run in (True, False):
            with pytest.raises(PermissionDenied):
                import_report(acting_user=user, document=doc, plan_slug=slug, dry_run=dry_run, reason="fordi")
    assert _everything() == before


def test_a_coordinator_of_the_plan_may_import_into_it_and_the_history_names_them(published):
    boss = _coordinator_of(published)
    doc = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    result = import_report(acting_user=boss, document=doc)
    assert result.round_is_new and not result.plan_is_new and result.matched_by == "slug"
    assert set(StatusEntryVersion.objects.filter(entry__round=result.round).values_list("changed_by", flat=True)) \
        == {boss.pk}


def test_a_document_of_a_plan_that_exists_becomes_a_round_of_it_by_title_and_period(published):
    doc = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    del doc["plan"]["slug"]
    doc["plan"]["title"] = "HANDLINGSPLAN  for prøving (2020-2023)"  # case, spaces and dash aside: the same title
    result = import_report(acting_user=SYSTEM, document=doc)
    assert (result.plan, result.matched_by, result.plan_is_new, result.round_is_new) == (published, "title", False,
                                                                                        True)
    assert result.lines[0].startswith("planen finnes: «Handlingsplan for prøving (2020–2023)» (samme tittel og "
                                      "periode)")
    assert Plan.objects.count() == 1


def test_a_document_of_a_plan_that_exists_becomes_a_round_of_it_by_its_measures(published):
    doc = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    doc["plan"] = {"title": "Statusrapport for prøveplanen", "period": ["2020", "2023"]}
    result = import_report(acting_user=SYSTEM, document=doc)
    assert (result.plan, result.matched_by) == (published, "measures")
    assert Plan.objects.count() == 1


def test_a_plan_with_other_measures_and_title_is_a_new_plan(published):
    doc = document(plan={"title": "Helt ny plan (2030–2031)", "period": ["2030", "2031"]})
    doc["measures"][0]["title"] = "Noe helt annet"
    doc["measures"][1]["title"] = "Og noe mer"
    result = import_report(acting_user=SYSTEM, document=doc)
    assert result.plan_is_new and result.matched_by is None and Plan.objects.count() == 2


def test_a_historic_round_can_be_kept_unpublished_for_review_then_published(published):
    coordinator = _coordinator_of(published)
    doc = document(report={**document()["report"], "slug": "2019-03", "as_of": "2019-03"})
    result = import_report(acting_user=coordinator, document=doc, publish=False)
    the_round = Round.objects.get(pk=result.round.pk)
    assert the_round.state == Round.State.CLOSED and the_round.published_at is None
    assert set(the_round.entries.values_list("state", flat=True)) == {"approved"}
    assert "upublisert" in result.lines[0]
    publish_round(the_round=the_round, acting_user=coordinator)
    assert Round.objects.get(pk=the_round.pk).is_published


def _coordinator_of(plan):
    user = make_user(f"koordinator-{plan.slug}")
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, plan=plan)
    return user


def _everything() -> tuple:
    return (list(Plan.objects.values_list("slug", "title")), list(Round.objects.values_list("slug", "state")),
            list(StatusEntry.objects.values_list("pk", "version", "state", "narrative", "status_id")),
            StatusEntryVersion.objects.count(), Measure.objects.count(), DataQualityNote.objects.count())


def _reads_before_the_other_writer(monkeypatch, *, times: int) -> list:
    """The import's first ``times`` reads find no plan, as if another writer inserted it just after they ran."""
    from tiltak.plans.actions import imports

    real, calls = imports._find_plan, []

    def find_plan(*args, **kwargs):
        calls.append(1)
        return (None, None) if len(calls) <= times else real(*args, **kwargs)

    monkeypatch.setattr(imports, "_find_plan", find_plan)
    return calls


def test_an_insert_that_meets_another_writers_row_is_done_again_on_what_that_writer_committed(monkeypatch):
    import_report(acting_user=SYSTEM, document=document())
    calls = _reads_before_the_other_writer(monkeypatch, times=1)
    again = import_report(acting_user=SYSTEM, document=document())
    assert len(calls) == 2 and not again.plan_is_new and not again.changed
    assert Plan.objects.filter(slug="testplan").count() == 1


def test_a_conflict_that_comes_back_is_a_fault_and_surfaces_not_busy(monkeypatch):
    from django.db import IntegrityError

    from tiltak.plans.actions import ImportBusy

    import_report(acting_user=SYSTEM, document=document())
    _reads_before_the_other_writer(monkeypatch, times=2)
    with pytest.raises(IntegrityError) as raised:
        import_report(acting_user=SYSTEM, document=document())
    assert not isinstance(raised.value, ImportBusy)
    assert Plan.objects.filter(slug="testplan").count() == 1
