import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tiltak.plans.actions import (
    EntryConflict,
    StaleVersion,
    approve_entry,
    publish_round,
    return_entry,
    submit_entry,
    update_entry,
)
from tiltak.plans.models import EntryState, StatusLabel

pytestmark = pytest.mark.django_db


def _entry(the_round, number):
    return the_round.entries.select_related("round__plan", "measure", "status").get(measure__number=number)


def _label(text):
    return StatusLabel.objects.get(grade__scale__slug="handlingsplan", text=text)


def test_an_edit_bumps_the_version_clears_unchanged_and_is_on_record(round_open, reporter_jd):
    entry = _entry(round_open, "10")
    updated = update_entry(entry=entry, status=_label("Gjennomført"), narrative="Ferdig.", links=["https://a.no/"],
                           expected_version=1, acting_user=reporter_jd)
    assert (updated.version, updated.unchanged, updated.narrative) == (2, False, "Ferdig.")
    last = updated.versions.order_by("-version").first()
    assert (last.version, last.action, last.changed_by, last.narrative) == (2, "edit", reporter_jd, "Ferdig.")


def test_writing_the_same_text_confirms_it_unchanged(round_open, reporter_jd):
    entry = _entry(round_open, "10")
    updated = update_entry(entry=entry, status=entry.status, narrative=entry.narrative, expected_version=1,
                           acting_user=reporter_jd)
    assert not updated.unchanged
    assert updated.versions.order_by("-version").first().action == "confirm"


def test_a_stale_version_is_refused_and_says_what_is_there_now(round_open, reporter_jd, reporter_ud):
    entry = _entry(round_open, "2")
    update_entry(entry=entry, status=entry.status, narrative="Fra UD.", expected_version=1, acting_user=reporter_ud)
    with pytest.raises(StaleVersion) as caught:
        update_entry(entry=entry, status=entry.status, narrative="Fra JD.", expected_version=1,
                     acting_user=reporter_jd)
    assert caught.value.current.narrative == "Fra UD." and caught.value.current.version == 2
    assert "versjon 1" in str(caught.value)
    assert _entry(round_open, "2").narrative == "Fra UD."


def test_a_reporter_cannot_touch_another_ministrys_measure(round_open, reporter_ud, reader):
    entry = _entry(round_open, "10")  # JD only
    for user in (reporter_ud, reader):
        with pytest.raises(PermissionDenied):
            update_entry(entry=entry, status=None, narrative="x", expected_version=1, acting_user=user)
    assert _entry(round_open, "10").version == 1


def test_a_co_responsible_reporter_edits_but_only_the_lead_submits(round_open, reporter_jd, reporter_ud):
    entry = update_entry(entry=_entry(round_open, "2"), status=_label("Løpende"), narrative="JD skrev.",
                         expected_version=1, acting_user=reporter_jd)
    with pytest.raises(PermissionDenied):
        submit_entry(entry=entry, acting_user=reporter_jd)
    assert submit_entry(entry=entry, acting_user=reporter_ud).state == EntryState.SUBMITTED


def test_an_unconfirmed_carried_forward_entry_cannot_be_submitted(round_open, reporter_jd):
    with pytest.raises(EntryConflict, match="bekreft"):
        submit_entry(entry=_entry(round_open, "10"), acting_user=reporter_jd)


def test_a_submitted_entry_is_closed_to_the_reporter(round_open, reporter_jd):
    entry = _entry(round_open, "10")
    entry = update_entry(entry=entry, status=entry.status, narrative="a", expected_version=1, acting_user=reporter_jd)
    entry = submit_entry(entry=entry, acting_user=reporter_jd)
    with pytest.raises(EntryConflict, match="Sendt inn"):
        update_entry(entry=entry, status=entry.status, narrative="b", expected_version=entry.version,
                     acting_user=reporter_jd)


def test_return_with_a_comment_goes_back_to_draft_on_the_next_edit(round_open, reporter_jd, coordinator,
                                                                     django_capture_on_commit_callbacks):
    entry = _entry(round_open, "10")
    entry = update_entry(entry=entry, status=entry.status, narrative="a", expected_version=1, acting_user=reporter_jd)
    entry = submit_entry(entry=entry, acting_user=reporter_jd)
    with pytest.raises(ValidationError) as caught:
        return_entry(entry=entry, comment="  ", acting_user=coordinator)
    assert "kommentar" in caught.value.message_dict["comment"][0]
    with django_capture_on_commit_callbacks(execute=True):
        entry = return_entry(entry=entry, comment="Mangler tall for 2022.", acting_user=coordinator)
    assert entry.state == EntryState.RETURNED and entry.review_comment == "Mangler tall for 2022."
    assert mail.outbox[0].to == ["rapportor-jd@example.no"] and "Mangler tall" in mail.outbox[0].body
    entry = update_entry(entry=entry, status=entry.status, narrative="a, med tall", expected_version=entry.version,
                         acting_user=reporter_jd)
    assert entry.state == EntryState.DRAFT
    assert list(entry.versions.values_list("action", flat=True)) == ["open", "edit", "submit", "return", "edit"]


def test_only_the_coordinator_reviews(round_open, reporter_jd):
    entry = _entry(round_open, "10")
    entry = update_entry(entry=entry, status=entry.status, narrative="a", expected_version=1, acting_user=reporter_jd)
    entry = submit_entry(entry=entry, acting_user=reporter_jd)
    with pytest.raises(PermissionDenied):
        approve_entry(entry=entry, acting_user=reporter_jd)
    with pytest.raises(PermissionDenied):
        return_entry(entry=entry, comment="nei", acting_user=reporter_jd)


@pytest.mark.parametrize(
    ("narrative", "links", "field", "words"),
    [
        ("x" * 20_001, [], "narrative", "høyst 20 000 tegn"),
        ("ok", ["javascript:alert(1)"], "links", "nettadresse"),
        ("ok", ["https://ok.no/", ""], "links", "tom"),
        ("ok", ["https://a.no/"] * 21, "links", "høyst 20 lenker"),
    ],
)
def test_bad_content_is_refused_with_a_norwegian_message(round_open, reporter_jd, narrative, links, field, words):
    entry = _entry(round_open, "10")
    with pytest.raises(ValidationError) as caught:
        update_entry(entry=entry, status=entry.status, narrative=narrative, links=links, expected_version=1,
                     acting_user=reporter_jd)
    assert any(words in message for message in caught.value.message_dict[field])
    assert _entry(round_open, "10").version == 1


def test_a_status_from_another_scale_is_refused(round_open, reporter_jd):
    foreign = StatusLabel.objects.get(grade__scale__slug="ogp", text="Begrenset")
    with pytest.raises(ValidationError, match="statusskalaen"):
        update_entry(entry=_entry(round_open, "10"), status=foreign, narrative="", expected_version=1,
                     acting_user=reporter_jd)


def test_html_in_a_narrative_is_stored_as_text(round_open, reporter_jd):
    text = "<script>alert('x')</script> & <b>fet</b>"
    entry = update_entry(entry=_entry(round_open, "10"), status=None, narrative=text, expected_version=1,
                         acting_user=reporter_jd)
    assert entry.narrative == text


def _approve_all(the_round, coordinator):
    for entry in the_round.entries.select_related("round__plan", "measure"):
        entry = update_entry(entry=entry, status=entry.status, narrative=entry.narrative,
                             expected_version=entry.version, acting_user=coordinator)
        approve_entry(entry=submit_entry(entry=entry, acting_user=coordinator), acting_user=coordinator)


def test_a_published_round_is_corrected_only_by_the_coordinator_with_a_reason(round_open, coordinator, reporter_jd):
    _approve_all(round_open, coordinator)
    publish_round(the_round=round_open, acting_user=coordinator)
    entry = _entry(round_open, "10")
    with pytest.raises(PermissionDenied):
        update_entry(entry=entry, status=entry.status, narrative="ny", expected_version=entry.version,
                     acting_user=reporter_jd)
    with pytest.raises(ValidationError, match="begrunnelse"):
        update_entry(entry=entry, status=entry.status, narrative="ny", expected_version=entry.version,
                     acting_user=coordinator)
    fixed = update_entry(entry=entry, status=entry.status, narrative="Rettet.", expected_version=entry.version,
                         acting_user=coordinator, reason="Feil årstall i teksten.")
    assert fixed.state == EntryState.APPROVED and fixed.narrative == "Rettet."
    last = fixed.versions.order_by("-version").first()
    assert (last.action, last.comment) == ("correct", "Feil årstall i teksten.")
