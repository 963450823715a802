import pytest
from django.contrib.auth.models import User

from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.actions.restore import RestoreRefused, restore_document
from tiltak.plans.backup import export_document
from tiltak.plans.models import Ministry, Plan, StatusEntry, StatusEntryVersion

from .documents import document

# serialized_rollback: a transactional test flushes the tables, and with them the reference data of migrations.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_restore_brings_back_everything_and_the_database_takes_new_rows():
    import_report(acting_user=SYSTEM, document=document())
    User.objects.create_user("koordinator", password="et-langt-passord-2012")
    exported = export_document()
    Plan.objects.all().delete()
    User.objects.all().delete()

    count = restore_document(document=exported)

    assert count == len(exported["objects"])
    assert export_document()["objects"] == exported["objects"]
    assert User.objects.get(username="koordinator").check_password("et-langt-passord-2012")
    assert StatusEntryVersion.objects.count() == 2
    # New rows get fresh keys: on PostgreSQL this fails unless the sequences were reset after the restore.
    entry = StatusEntry.objects.first()
    StatusEntryVersion.objects.create(entry=entry, version=99, action="test", state=entry.state,
                                      changed_at=entry.updated_at)
    Ministry.objects.create(abbreviation="NY", name="Nydepartementet")


def test_restore_refuses_a_database_that_is_not_empty():
    import_report(acting_user=SYSTEM, document=document())
    with pytest.raises(RestoreRefused, match="not empty"):
        restore_document(document=export_document())


def test_restore_refuses_a_broken_export_and_leaves_the_database_as_it_was():
    import_report(acting_user=SYSTEM, document=document())
    exported = export_document()
    Plan.objects.all().delete()
    exported["objects"].append({"model": "plans.measure", "pk": 1, "fields": {"plan": 999, "number": "x"}})
    ministries_before = Ministry.objects.count()
    with pytest.raises(RestoreRefused, match="cannot be loaded"):
        restore_document(document=exported)
    assert Ministry.objects.count() == ministries_before
    assert not Plan.objects.exists()


def test_restore_reads_an_export_made_before_chapters_were_dropped():
    import_report(acting_user=SYSTEM, document=document())
    exported = export_document()
    Plan.objects.all().delete()
    for obj in exported["objects"]:
        if obj["model"] == "plans.measure":
            obj["fields"]["chapter"] = None  # as every export before migration plans/0011 had it
    count = restore_document(document=exported)
    assert count == len(exported["objects"])
    assert Plan.objects.get().measures.count() == len(document()["measures"])
