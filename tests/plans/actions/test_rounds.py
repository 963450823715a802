import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tiltak.plans.actions import (
    EntryConflict,
    RoundNotReady,
    approve_entry,
    open_round,
    publish_round,
    submit_entry,
    update_entry,
)
from tiltak.plans.models import EntryState, Measure, Round, StatusEntry

pytestmark = pytest.mark.django_db


def _open(plan, user, slug="2022-03", as_of=datetime.date(2022, 3, 1)):
    return open_round(plan=plan, slug=slug, label="Status per mars 2022", as_of=as_of,
                      deadline=datetime.date(2022, 4, 1), acting_user=user)


def test_opening_carries_every_entry_forward_as_an_unchanged_draft(plan, coordinator):
    previous = {e.measure.number: e for e in StatusEntry.objects.filter(round__slug="2021-03")}
    the_round = _open(plan, coordinator)
    entries = {e.measure.number: e for e in the_round.entries.select_related("measure")}
    assert sorted(entries) == ["10", "2"]
    assert the_round.state == Round.State.OPEN
    for number, entry in entries.items():
        assert entry.state == EntryState.DRAFT and entry.unchanged
        assert entry.status_id == previous[number].status_id
        assert entry.narrative == previous[number].narrative
        assert entry.links == previous[number].links
        assert list(entry.versions.values_list("action", flat=True)) == ["open"]


def test_a_measure_new_since_last_round_starts_empty(plan, coordinator):
    Measure.objects.create(plan=plan, number="11", sort_key=Measure.key_for("11"), title="Nytt tiltak")
    entry = _open(plan, coordinator).entries.get(measure__number="11")
    assert entry.status is None and entry.narrative == "" and not entry.unchanged


def test_carry_forward_takes_the_latest_earlier_round(plan, coordinator, reporter_jd):
    first = _open(plan, coordinator)
    entry = first.entries.get(measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative="Skrevet i 2022.", expected_version=entry.version,
                 acting_user=reporter_jd)
    # Publishing needs every entry approved; that path has its own test, so mark the round published directly.
    Round.objects.filter(pk=first.pk).update(state=Round.State.PUBLISHED, published_at=first.created_at)
    second = _open(plan, coordinator, slug="2023-03", as_of=datetime.date(2023, 3, 1))
    assert second.entries.get(measure__number="10").narrative == "Skrevet i 2022."


def test_only_the_coordinator_opens(plan, reporter_jd, reader):
    for user in (reporter_jd, reader):
        with pytest.raises(PermissionDenied):
            _open(plan, user)
    assert not Round.objects.filter(slug="2022-03").exists()


@pytest.mark.parametrize(("slug", "field"), [("", "slug"), ("Mars 2022", "slug"), ("2021-03", "slug")])
def test_a_bad_or_taken_slug_is_refused_in_norwegian(plan, coordinator, slug, field):
    with pytest.raises(ValidationError) as caught:
        _open(plan, coordinator, slug=slug)
    assert field in caught.value.message_dict
    assert "Kortnavnet" in caught.value.message_dict[field][0] or "allerede" in caught.value.message_dict[field][0]


def test_a_second_open_round_is_refused(plan, coordinator):
    _open(plan, coordinator)
    with pytest.raises(EntryConflict, match="allerede en åpen runde"):
        _open(plan, coordinator, slug="2022-09", as_of=datetime.date(2022, 9, 1))


def test_opening_mails_the_reporters_after_commit(plan, coordinator, reporter_jd, reporter_ud,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _open(plan, coordinator)
        assert mail.outbox == [], "mail must wait for the commit"
    assert sorted(m.to[0] for m in mail.outbox) == ["rapportor-jd@example.no", "rapportor-ud@example.no"]
    assert "Status per mars 2022" in mail.outbox[0].subject


def test_publishing_is_refused_until_every_entry_is_approved(round_open, coordinator):
    with pytest.raises(RoundNotReady) as caught:
        publish_round(the_round=round_open, acting_user=coordinator)
    assert caught.value.numbers == ["2", "10"]
    assert Round.objects.get(pk=round_open.pk).state == Round.State.OPEN


def test_publishing_freezes_the_round(round_open, coordinator):
    for entry in round_open.entries.all():
        entry = update_entry(entry=entry, status=entry.status, narrative=entry.narrative,
                             expected_version=entry.version, acting_user=coordinator)
        entry = submit_entry(entry=entry, acting_user=coordinator)
        approve_entry(entry=entry, acting_user=coordinator)
    published = publish_round(the_round=round_open, acting_user=coordinator)
    assert published.is_published and published.published_at is not None
    entry = published.entries.first()
    with pytest.raises(EntryConflict):
        submit_entry(entry=entry, acting_user=coordinator)
    with pytest.raises(EntryConflict, match="allerede publisert"):
        publish_round(the_round=published, acting_user=coordinator)


def test_only_the_coordinator_publishes(round_open, reporter_jd):
    with pytest.raises(PermissionDenied):
        publish_round(the_round=round_open, acting_user=reporter_jd)


def test_opening_inserts_in_bulk_not_per_measure(plan, coordinator, django_assert_max_num_queries):
    Measure.objects.bulk_create(Measure(plan=plan, number=str(n), sort_key=Measure.key_for(str(n)), title=f"T{n}")
                                for n in range(100, 400))
    # Two rows per measure one at a time would be over 600 queries; in bulk it is a few batches
    # (SQLite caps the parameters of one statement).
    with django_assert_max_num_queries(30):
        the_round = _open(plan, coordinator)
    assert the_round.entries.count() == plan.measures.count()
