"""Two imports at once both end cleanly: one waits for the other (or is refused with a message), never a
traceback. (That the parse holds no transaction: tests/web/test_import_upload.py.)"""

import threading

import pytest
from django.db import connections

from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, ImportBusy, ImportRejected, import_report
from tiltak.plans.actions.reference import load_ministries, load_scales
from tiltak.plans.models import Grade, Ministry, Plan, StatusEntry, StatusLabel, StatusScale


# serialized_rollback: the flush afterwards then leaves the content types and reference data to the restore,
# so later tests that restore the database's serialized state do not meet re-created rows with new ids
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_one_plan_at_once_both_end_cleanly():
    # Real transactions, so the two threads meet on the database's lock; an earlier test of this kind may have
    # emptied the tables the migrations filled, so the reference data is loaded again (update_or_create).
    load_ministries(Ministry)
    load_scales(StatusScale, Grade, StatusLabel)
    doc = document()
    doc["plan"]["slug"] = "samtidig"
    start = threading.Barrier(2)
    outcomes: list = []

    def run():
        start.wait()
        try:
            outcomes.append(import_report(document=doc, acting_user=SYSTEM))
        except ImportRejected as exc:  # refused with a message (ImportBusy): clean, and allowed
            outcomes.append(exc)
        except Exception as exc:  # anything else is the traceback this test is about
            outcomes.append(("crash", exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == 2 and not [o for o in outcomes if isinstance(o, tuple)], outcomes
    done = [o for o in outcomes if not isinstance(o, ImportRejected)]
    assert done, outcomes
    for refused in (o for o in outcomes if isinstance(o, ImportRejected)):
        assert isinstance(refused, ImportBusy) and "\n" not in str(refused)
    # one made the plan; one that came second (waiting for the first) found it and changed nothing
    assert sum(result.plan_is_new for result in done) == 1
    assert all(result.plan_is_new or not result.changed for result in done)
    assert Plan.objects.filter(slug="samtidig").count() == 1 and StatusEntry.objects.count() == 2
