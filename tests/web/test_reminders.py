import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.cast import open_2022, submitted
from tiltak.web.reminders import send_reminders

pytestmark = pytest.mark.django_db
OSLO = datetime.timezone(datetime.timedelta(hours=1))


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=7, tzinfo=OSLO)


@pytest.fixture
def opened(plan, coordinator, reporter_jd, reporter_ud):
    return open_2022(plan, coordinator)  # deadline 2022-04-01


def test_nothing_is_sent_more_than_a_week_before(opened):
    assert send_reminders(now=at("2022-03-24")) == []
    assert mail.outbox == []


def test_a_week_before_each_reporter_gets_one_reminder_with_their_measures(opened):
    sent = send_reminders(now=at("2022-03-25"))
    assert sorted((s.email, s.kind, tuple(s.numbers)) for s in sent) == [
        ("rapportor-jd@example.no", "upcoming", ("2", "10")),
        ("rapportor-ud@example.no", "upcoming", ("2",)),
    ]
    assert {m.subject for m in mail.outbox} == {
        "Fristen nærmer seg: Status per mars 2022 / The deadline is approaching: Status as of March 2022"}
    assert "Fristen for «Status per mars 2022» er 01.04.2022. Disse tiltakene er ikke sendt inn ennå: 2, 10." in (
        mail.outbox[0].body + mail.outbox[1].body)
    assert "The deadline for «Status as of March 2022» is 04/01/2022." in mail.outbox[0].body
    assert send_reminders(now=at("2022-03-26")) == []  # cron again the next day: nothing new
    assert len(mail.outbox) == 2


def test_overdue_reminders_skip_what_is_submitted_and_repeat_weekly(opened, coordinator):
    submitted(opened, "2", coordinator)
    sent = send_reminders(now=at("2022-04-02"))
    assert [(s.email, s.kind, s.numbers) for s in sent] == [("rapportor-jd@example.no", "overdue", ["10"])]
    assert "Fristen er passert" in mail.outbox[0].subject
    assert send_reminders(now=at("2022-04-05")) == []
    assert len(send_reminders(now=at("2022-04-10"))) == 1


def test_the_command_prints_what_it_sent_and_dry_run_sends_nothing(opened, settings):
    out = StringIO()
    call_command("remind", "--dry-run", stdout=out)  # real time: 2022's deadline is long past
    assert "would send overdue reminder for testplan/2022-03 to rapportor-jd@example.no: 2, 10" in out.getvalue()
    assert mail.outbox == []
    call_command("remind", stdout=StringIO())
    assert len(mail.outbox) == 2
