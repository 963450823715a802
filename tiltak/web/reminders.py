"""Deadline reminders: a week before the deadline, and when it has passed (again each week until delivered).

``now`` is a parameter so tests (and a catch-up run) control time. Sent reminders are recorded, so cron may run
`tiltak remind` as often as it likes: nobody gets the same reminder twice.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tiltak.lib.numbering import natural_key
from tiltak.plans import mail
from tiltak.plans.actions.entries import EDITABLE
from tiltak.plans.actions.reminders import claim_reminder, withdraw_reminder
from tiltak.plans.models import Reminder, Role, Round, StatusEntry

log = logging.getLogger(__name__)

WARN_DAYS = 7
REPEAT_OVERDUE = datetime.timedelta(days=7)


@dataclass
class Sent:
    round: Round
    email: str
    kind: str
    numbers: list[str]


def _pending_by_ministry(the_round: Round) -> dict[str, list[str]]:
    """Measure numbers not yet submitted, under every ministry responsible for them."""
    pending: dict[str, list[str]] = defaultdict(list)
    for entry in StatusEntry.objects.filter(round=the_round, state__in=list(EDITABLE)).for_work():
        for abbreviation in entry.measure.responsible_abbreviations():
            pending[abbreviation].append(entry.measure.number)
    return pending


def _kind(the_round: Round, today: datetime.date) -> str | None:
    days = (the_round.deadline - today).days
    if days < 0:
        return Reminder.Kind.OVERDUE
    if days <= WARN_DAYS:
        return Reminder.Kind.UPCOMING
    return None


def _window(the_round: Round, kind: str, today: datetime.date) -> datetime.date:
    """What a reminder is for: the deadline, or the first day of the overdue week (one reminder a week)."""
    if kind == Reminder.Kind.UPCOMING:
        return the_round.deadline
    weeks = (today - the_round.deadline).days // REPEAT_OVERDUE.days
    return the_round.deadline + datetime.timedelta(days=weeks * REPEAT_OVERDUE.days)


def _already_sent(the_round, user, kind, window) -> bool:
    return Reminder.objects.filter(round=the_round, user=user, kind=kind, window=window).exists()


def send_reminders(*, now: datetime.datetime, dry_run: bool = False) -> list[Sent]:
    today = timezone.localdate(now)
    sent: list[Sent] = []
    for the_round in Round.objects.filter(state=Round.State.OPEN, deadline__isnull=False).select_related("plan"):
        kind = _kind(the_round, today)
        if kind is None:
            continue
        pending = _pending_by_ministry(the_round)
        numbers_for: dict = defaultdict(set)
        for role in Role.objects.reporters_for(pending).select_related("user", "ministry"):
            if role.user.is_active and role.user.email:
                numbers_for[role.user].update(pending[role.ministry.abbreviation])
        for user, numbers in sorted(numbers_for.items(), key=lambda item: item[0].username):
            window = _window(the_round, kind, today)
            if _already_sent(the_round, user, kind, window):
                continue  # saves composing the mail; the constraint in _send is what guarantees «once»
            ordered = sorted(numbers, key=natural_key)
            if not dry_run and not _send(the_round, user, kind, ordered, now, window=window):
                continue
            sent.append(Sent(round=the_round, email=user.email, kind=kind, numbers=ordered))
    return sent


def _send(the_round: Round, user, kind: str, numbers: list[str], now, *, window: datetime.date) -> bool:
    """Record and send one reminder; False if another run recorded it first (the unique constraint)."""

    def render(lang: str) -> tuple[str, str]:
        values = {"round": the_round.in_language(lang), "numbers": ", ".join(numbers),
                  "deadline": date_format(the_round.deadline, "SHORT_DATE_FORMAT")}
        if kind == Reminder.Kind.OVERDUE:
            subject = _("Fristen er passert: %(round)s") % values
            opening = _("Fristen for «%(round)s» var %(deadline)s, og disse tiltakene er ikke sendt inn ennå: "
                        "%(numbers)s.") % values
        else:
            subject = _("Fristen nærmer seg: %(round)s") % values
            opening = _("Fristen for «%(round)s» er %(deadline)s. Disse tiltakene er ikke sendt inn ennå: "
                        "%(numbers)s.") % values
        return subject, f"{opening}\n\n{the_round.plan.in_language(lang)}\n{settings.SITE_URL}{reverse('web:home')}\n"

    # Claimed first by the unique constraint (a second cron run at the same time gets an IntegrityError and
    # sends nothing), then sent outside any transaction: a failing mail server holds no lock while it times
    # out, and its claim is withdrawn so the next run tries again.
    claim = claim_reminder(the_round=the_round, user=user, kind=kind, window=window, now=now)
    if claim is None:
        return False
    try:
        mail.send(render, [user.email])
    except Exception:
        log.exception("could not send the %s reminder for %s to %s", kind, the_round, user.email)
        withdraw_reminder(reminder=claim)
        return False
    return True
