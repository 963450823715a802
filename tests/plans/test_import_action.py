import pytest

from tiltak.plans.actions import ImportRejected, import_report
from tiltak.plans.models import DataQualityNote, Measure, Plan, Round, StatusEntry, StatusEntryVersion

from .documents import document

pytestmark = pytest.mark.django_db


def test_import_creates_plan_round_measures_entries_and_history():
    result = import_report(document=document())
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
    import_report(document=document())
    entry = StatusEntry.objects.get(measure__number="2")
    assert entry.status.text == "Løpende"
    assert entry.status.grade.name == "Løpende/under gjennomføring"


def test_reimporting_the_same_document_changes_nothing():
    import_report(document=document())
    again = import_report(document=document())
    assert again.lines == []
    assert StatusEntryVersion.objects.count() == 2
    assert DataQualityNote.objects.count() == 1


def test_reimport_with_a_changed_status_records_a_new_version():
    import_report(document=document())
    changed = document()
    changed["measures"][1]["status"] = "Gjennomført"
    result = import_report(document=changed)
    entry = StatusEntry.objects.get(measure__number="10")
    assert entry.version == 2 and entry.status.text == "Gjennomført"
    assert list(entry.versions.values_list("version", flat=True)) == [1, 2]
    assert result.lines == ["tiltak 10: ny versjon 2 av statusen"]


def test_dry_run_stores_nothing_but_says_what_it_would_do():
    result = import_report(document=document(), dry_run=True)
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
        import_report(document=doc)
    assert not Plan.objects.exists()


def test_a_late_error_rolls_back_what_came_before_it():
    doc = document()
    doc["measures"][1]["responsible"] = ["NOPE"]  # measure 2 is stored before measure 10 fails
    with pytest.raises(ImportRejected):
        import_report(document=doc)
    assert not Measure.objects.exists()
    assert not StatusEntry.objects.exists()


def test_slug_is_derived_from_the_title_with_its_years_apart():
    doc = document()
    del doc["plan"]["slug"]
    result = import_report(document=doc)
    assert result.plan.slug == "handlingsplan-for-proving-2020-2023"


def test_plan_slug_given_by_the_caller_wins():
    result = import_report(document=document(), plan_slug="min-plan")
    assert result.plan.slug == "min-plan"
