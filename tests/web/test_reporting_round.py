"""The reporting round as ministries live it (issue 8): nothing typed is lost, what needs doing comes first,
bulk submit and approve, the review queue with the text in view, mail that helps, publishing with eyes open."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.test import Client

from tests.cast import confirmed, make_user, submitted
from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, import_report, open_round, publish_round, return_entry, update_entry
from tiltak.plans.models import EntryState, Role, Round, StatusEntry, StatusLabel
from tiltak.web.reminders import send_reminders

pytestmark = pytest.mark.django_db
ROUND = "/arbeid/plan/flerplan/2022-03/"


def _measure(number, title, responsible, status="Under forberedelse", text="Forrige runde."):
    return {"number": number, "title": title, "responsible": responsible, "status": status,
            "status_overview": status, "plan_text": "", "status_text": text, "links": []}


@pytest.fixture
def bigger(db, coordinator):
    """A plan whose numbers need the natural sort: JD leads 1, 1a, 1.1 and 3; UD leads 2 with JD co-responsible."""
    doc = document(plan={"slug": "flerplan", "title": "Regjeringens plan for prøving (2020–2023)",
                         "period": ["2020", "2023"], "coordinator": "JD"},
                   measures=[_measure("1", "Første", ["JD"]), _measure("1a", "Første a", ["JD"]),
                             _measure("1.1", "Første punkt en", ["JD"]), _measure("2", "Andre", ["UD", "JD"]),
                             _measure("3", "Tredje", ["JD"])],
                   warnings=[])
    plan = import_report(acting_user=SYSTEM, document=doc).plan
    return open_round(plan=plan, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                      deadline=datetime.date(2022, 4, 1), acting_user=coordinator)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry(the_round, number) -> StatusEntry:
    return StatusEntry.objects.select_related("status").get(round=the_round, measure__number=number)


def _form(the_round, number, narrative, status="Gjennomført", **extra):
    entry = _entry(the_round, number)
    label = StatusLabel.objects.get(grade__scale=the_round.plan.scale, text=status)
    return {"status": label.pk, "narrative": narrative, "links": "", "version": entry.version, **extra}


# --- Nothing typed is lost ---------------------------------------------------------------------------------------


def test_send_inn_after_unsaved_edits_submits_the_edits(bigger, reporter_jd):
    response = _as(reporter_jd).post(f"{ROUND}tiltak/1/", _form(bigger, "1", "Nytt første avsnitt.\n\nNytt andre.",
                                                                  action="submit"))
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    entry = _entry(bigger, "1")
    assert entry.state == EntryState.SUBMITTED and entry.narrative == "Nytt første avsnitt.\n\nNytt andre."
    assert entry.status.text == "Gjennomført" and not entry.unchanged
    assert list(entry.versions.order_by("version").values_list("action", flat=True)) == ["open", "edit", "submit"]


def test_send_inn_with_an_empty_narrative_is_refused_with_the_text_kept(bigger, reporter_jd):
    response = _as(reporter_jd).post(f"{ROUND}tiltak/1/", _form(bigger, "1", "   ", status="Ikke igangsatt",
                                                                  action="submit"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "En tom beskrivelse er ingen rapport" in page and 'id="error-summary"' in page
    entry = _entry(bigger, "1")
    assert entry.state == EntryState.DRAFT and entry.narrative == "Forrige runde." and entry.version == 1


def test_a_stale_send_inn_keeps_the_text_and_shows_the_other_version(bigger, reporter_jd, coordinator):
    form = _form(bigger, "1", "Min tekst som ikke må gå tapt.", action="submit")
    confirmed(bigger, "1", coordinator)  # somebody else saves first
    response = _as(reporter_jd).post(f"{ROUND}tiltak/1/", form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Min tekst som ikke må gå tapt." in page and 'id="conflict"' in page and "web/base" not in page
    assert _entry(bigger, "1").state == EntryState.DRAFT


def test_a_round_published_while_typing_answers_on_the_page_with_the_text(bigger, reporter_jd, coordinator):
    form = _form(bigger, "3", "Skrevet mens runden ble publisert.")
    for entry in bigger.entries.for_work():
        submitted(bigger, entry.measure.number, coordinator)
    from tiltak.plans.actions import approve_entries
    approve_entries(the_round=bigger, numbers=["1", "1a", "1.1", "2", "3"], acting_user=coordinator)
    publish_round(the_round=bigger, acting_user=coordinator)
    response = _as(reporter_jd).post(f"{ROUND}tiltak/3/", form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Skrevet mens runden ble publisert." in page and "Runden er publisert" in page
    assert "Tilbake til Mine tiltak" in page


def test_a_person_without_responsibility_gets_the_page_not_a_bare_403(bigger, reporter_ud):
    response = _as(reporter_ud).post(f"{ROUND}tiltak/1/", _form(bigger, "1", "UD prøver."))
    assert response.status_code == 403
    page = response.content.decode()
    assert "UD prøver." in page and "departementet ditt har ikke ansvar" in page


def test_the_entry_form_warns_before_leaving_and_ties_help_to_fields(bigger, reporter_jd):
    page = _as(reporter_jd).get(f"{ROUND}tiltak/1/").content.decode()
    assert "data-warn-unsaved" in page and "web/web.js" in page
    assert 'aria-describedby="id_narrative-help id_narrative-count"' in page


# --- One choice per grade ----------------------------------------------------------------------------------------


def test_the_form_offers_each_grade_once_by_its_main_label_and_keeps_an_imported_label(bigger, reporter_jd):
    update_entry(entry=_entry(bigger, "3"), status=StatusLabel.objects.get(text="Løpende"), narrative="Løper.",
                 expected_version=1, acting_user=reporter_jd)
    page = _as(reporter_jd).get(f"{ROUND}tiltak/3/").content.decode()
    assert page.count('name="status"') == 4
    assert "Løpende/under gjennomføring</label>" in page and ">Løpende</label>" not in page
    main = StatusLabel.objects.get(text="Løpende/under gjennomføring")
    response = _as(reporter_jd).post(f"{ROUND}tiltak/3/", {"status": main.pk, "narrative": "Løper.", "links": "",
                                                           "version": 2, "action": "submit"})
    assert response.status_code == 302
    assert _entry(bigger, "3").status.text == "Løpende"  # the same grade keeps its exact label


# --- «Mine tiltak» ---------------------------------------------------------------------------------------------


def test_mine_tiltak_puts_returned_first_then_not_started_then_drafts(bigger, reporter_jd, coordinator):
    update_entry(entry=_entry(bigger, "1"), status=_entry(bigger, "1").status, narrative="Utkast.",
                 expected_version=1, acting_user=reporter_jd)
    return_entry(entry=submitted(bigger, "3", coordinator), comment="Mer.", acting_user=coordinator)
    page = _as(reporter_jd).get("/arbeid/").content.decode()
    order = [page.index(f">{title}</a>") for title in ("Tredje", "Første punkt en", "Første a", "Andre", "Første")]
    assert order == sorted(order), "returned (3), not started (1.1, 1a, 2), draft (1)"
    assert page.count("1. april 2022") == 1 and "forfalt" in page
    assert "UD har hovedansvaret og sender inn" in page  # why 2 has no checkbox, in words


def test_bulk_submit_from_mine_tiltak_confirms_unchanged_and_sends_in_one_action(bigger, reporter_jd):
    response = _as(reporter_jd).post(f"{ROUND}send-inn/", {"numbers": ["1", "1a", "3"]}, follow=True)
    assert "Sendt inn: 1, 1a, 3." in response.content.decode()
    for number in ("1", "1a", "3"):
        entry = _entry(bigger, number)
        assert entry.state == EntryState.SUBMITTED and not entry.unchanged and entry.narrative == "Forrige runde."
        assert list(entry.versions.values_list("action", flat=True)) == ["open", "confirm", "submit"]
    assert _entry(bigger, "1.1").state == EntryState.DRAFT


def test_bulk_submit_with_another_ministrys_number_changes_nothing(bigger, reporter_jd):
    response = _as(reporter_jd).post(f"{ROUND}send-inn/", {"numbers": ["1", "2"]})
    assert response.status_code == 403
    assert not StatusEntry.objects.filter(round=bigger, state=EntryState.SUBMITTED).exists()


def test_bulk_submit_of_nothing_says_so(bigger, reporter_jd):
    response = _as(reporter_jd).post(f"{ROUND}send-inn/", {}, follow=True)
    assert "Ingenting ble sendt inn: Velg minst ett tiltak." in response.content.decode()


# --- Mail ---------------------------------------------------------------------------------------------------------


def test_the_coordinator_is_told_once_when_a_ministry_has_sent_in_everything(bigger, reporter_jd, coordinator,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _as(reporter_jd).post(f"{ROUND}send-inn/", {"numbers": ["1", "1a"]})
    assert mail.outbox == []  # JD still has 1.1 and 3
    with django_capture_on_commit_callbacks(execute=True):
        _as(reporter_jd).post(f"{ROUND}send-inn/", {"numbers": ["1.1", "3"]})
    assert [m.to for m in mail.outbox] == [["koordinator@example.no"]]
    assert mail.outbox[0].subject == ("JD har sendt inn alle sine tiltak: Status per mars 2022 / "
                                      "JD has submitted all its measures: Status as of March 2022")
    assert "1, 1.1, 1a, 3" in mail.outbox[0].body


def test_a_failing_mail_server_never_blocks_a_submit(bigger, reporter_jd, coordinator, settings, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr("tiltak.plans.mail.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = _as(reporter_jd).post(f"{ROUND}send-inn/", {"numbers": ["1", "1a", "1.1", "3"]})
    assert response.status_code == 302
    assert StatusEntry.objects.filter(round=bigger, state=EntryState.SUBMITTED).count() == 4


def test_reminders_sort_numbers_like_1a_and_1_1_naturally(bigger, reporter_jd):
    now = datetime.datetime(2022, 3, 28, 7, tzinfo=datetime.UTC)
    sent = {s.email: s.numbers for s in send_reminders(now=now)}
    assert sent["rapportor-jd@example.no"] == ["1", "1.1", "1a", "2", "3"]


def test_a_failing_mail_server_sends_no_reminder_and_records_none(bigger, reporter_jd, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no route")

    monkeypatch.setattr("tiltak.plans.mail.send_mail", refuse)
    now = datetime.datetime(2022, 3, 28, 7, tzinfo=datetime.UTC)
    assert send_reminders(now=now) == []
    assert not bigger.reminders.exists()


# --- The coordinator's board, review queue and publishing --------------------------------------------------------


def test_the_board_lists_every_ministry_and_the_queue_shows_text_diff_and_grade_change(bigger, coordinator,
                                                                                       reporter_jd):
    make_user("rapportor-bld", Role.Kind.REPORTER, ministry="BLD")
    update_entry(entry=_entry(bigger, "1"), status=StatusLabel.objects.get(text="Gjennomført"),
                 narrative="Forrige runde. Og nå ferdig.", expected_version=1, acting_user=reporter_jd)
    submitted(bigger, "1a", coordinator)
    from tiltak.plans.actions import submit_entry
    submit_entry(entry=_entry(bigger, "1"), acting_user=reporter_jd)
    page = _as(coordinator).get(ROUND).content.decode()
    assert 'data-ministry="JD"' in page and 'data-ministry="UD"' in page
    assert "Til gjennomgang (2)" in page
    assert "<ins> Og nå ferdig.</ins>" in page or "<ins>Og nå ferdig.</ins>" in page
    assert 'class="web-grade-changed"' in page and "endret fra Under forberedelse" in page
    assert page.count("forfalt") >= 2  # the round and the ministries with work left


def test_approve_all_submitted_in_one_action(bigger, coordinator):
    for number in ("1", "1a", "2"):
        submitted(bigger, number, coordinator)
    response = _as(coordinator).post(f"{ROUND}godkjenn/", {"scope": "all"}, follow=True)
    assert "Godkjent: 1, 1a, 2." in response.content.decode()
    assert sorted(StatusEntry.objects.filter(round=bigger, state=EntryState.APPROVED)
                  .values_list("measure__number", flat=True)) == ["1", "1a", "2"]


def test_approve_selected_names_the_ones_that_cannot_be_approved(bigger, coordinator):
    submitted(bigger, "1", coordinator)
    response = _as(coordinator).post(f"{ROUND}godkjenn/", {"scope": "selected", "numbers": ["1", "3"]}, follow=True)
    page = response.content.decode()
    assert "Godkjent: 1." in page and "Ikke godkjent: 3:" in page


def test_preview_shows_what_becomes_public_and_publishing_needs_the_confirmation(bigger, coordinator):
    boss = _as(coordinator)
    for entry in bigger.entries.for_work():
        submitted(bigger, entry.measure.number, coordinator)
    boss.post(f"{ROUND}godkjenn/", {"scope": "all"})
    boss.post(f"{ROUND}forhandsvisning/", {"title": "", "introduction": "Innledning."})
    page = boss.get(f"{ROUND}forhandsvisning/").content.decode()
    assert "/rapport/flerplan/2022-03/" in page and "rapport.pdf" in page and "Dette blir offentlig" in page
    assert "Statusrapportering for regjeringens plan for prøving" in page  # no capital mid-sentence
    assert "overført fra forrige runde" in page  # the introduction is last round's: read it
    edited = boss.post(f"{ROUND}forhandsvisning/", {"title": "Status mars 2022", "introduction": "Innledningen."})
    assert edited.status_code == 302
    refused = boss.post(f"{ROUND}publiser/", {}, follow=True)
    assert "Kryss av for at du har sett gjennom rapporten" in refused.content.decode()
    assert not Round.objects.get(pk=bigger.pk).is_published
    boss.post(f"{ROUND}publiser/", {"confirm": "yes"})
    published = Round.objects.get(pk=bigger.pk)
    assert published.is_published and published.introduction == "Innledningen."
    report = Client().get("/rapport/flerplan/2022-03/").content.decode()
    assert "Status mars 2022" in report and "Innledningen." in report


def test_a_new_round_starts_with_last_rounds_title_and_introduction(bigger, coordinator):
    assert bigger.introduction == "Innledning." and bigger.title == "Statusrapportering"


def test_a_refused_return_keeps_the_coordinators_comment_in_the_form(bigger, coordinator):
    boss = _as(coordinator)
    submitted(bigger, "1", coordinator)
    from tiltak.plans.actions import approve_entries
    approve_entries(the_round=bigger, numbers=["1"], acting_user=coordinator)
    for entry in bigger.entries.for_work().exclude(measure__number="1"):
        submitted(bigger, entry.measure.number, coordinator)
    approve_entries(the_round=bigger, numbers=["1a", "1.1", "2", "3"], acting_user=coordinator)
    publish_round(the_round=bigger, acting_user=coordinator)  # published while the coordinator wrote
    response = boss.post(f"{ROUND}tiltak/1/returner/", {"comment": "En lang kommentar som ikke må gå tapt."})
    assert response["Location"] == f"{ROUND}tiltak/1/"
    page = boss.get(response["Location"]).content.decode()
    assert "Runden er publisert" in page and "En lang kommentar som ikke må gå tapt." in page
    assert "En lang kommentar" not in boss.get(response["Location"]).content.decode()  # shown once


def test_the_return_comment_and_the_introduction_count_their_characters_against_their_limits(bigger, coordinator):
    from tiltak.lib import values

    boss = _as(coordinator)
    entry = submitted(bigger, "1", coordinator)
    page = boss.get(f"{ROUND}tiltak/1/").content.decode()
    field = f"comment-{entry.pk}"
    assert f'id="{field}"' in page and f'aria-describedby="{field}-count"' in page
    assert f'data-count-for="{field}" data-limit="{values.COMMENT}"' in page
    preview = boss.get(f"{ROUND}forhandsvisning/").content.decode()
    assert 'aria-describedby="id_introduction-help id_introduction-count"' in preview
    assert f'data-count-for="id_introduction" data-limit="{values.LONG_TEXT}"' in preview
