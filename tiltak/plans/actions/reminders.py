"""The record of deadline reminders (:mod:`tiltak.web.reminders` decides who gets which and sends them).

A reminder is claimed before it is sent, by the unique constraint on (round, person, kind, window): a second
`tiltak remind` at the same time finds it claimed and sends nothing. A reminder that could not be sent is
withdrawn, so the next run tries again.
"""

import datetime

from django.db import IntegrityError, transaction

from tiltak.plans.models import Reminder, Round


def claim_reminder(*, the_round: Round, user, kind: str, window: datetime.date,
                   now: datetime.datetime) -> Reminder | None:
    """Record the reminder as sent; None when another run recorded it first."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(round=the_round, user=user, kind=kind, window=window, sent_at=now)
    except IntegrityError:
        return None


@transaction.atomic
def withdraw_reminder(*, reminder: Reminder) -> None:
    """The reminder was not sent after all: its record goes, so the next run tries again."""
    reminder.delete()
