"""Writing, submitting and reviewing one status entry.

Every change is one conditional UPDATE (``… WHERE state IN (…) [AND version = expected]``), so two people
acting on the same entry at once can never both succeed: the second one's WHERE no longer matches and is
refused with a clear error, on SQLite and PostgreSQL alike. Then the history row is written.

Messages in errors are shown to people as they are: bokmål msgids through gettext, English in the catalogue.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltak.lib import text, values
from tiltak.lib.numbering import natural_key
from tiltak.plans import access, mail, validation
from tiltak.plans.actions import search_index
from tiltak.plans.actions.history import record_version
from tiltak.plans.models import EntryState, Round, StatusEntry, StatusLabel

log = logging.getLogger(__name__)

# States in which the people reporting may still change an entry.
EDITABLE = (EntryState.DRAFT, EntryState.RETURNED)


class EntryConflict(Exception):
    """The entry is not in a state that allows this; the message says why."""


class StaleVersion(EntryConflict):
    """Somebody else changed the entry since the writer read it. ``current`` is the entry as it now is."""

    def __init__(self, current: StatusEntry, expected: int):
        self.current = current
        self.expected = expected
        super().__init__(
            _("Noen andre har endret dette tiltaket mens du skrev (du hadde versjon %(expected)d, nå er det "
              "versjon %(current)d). Endringen din er ikke lagret.")
            % {"expected": expected, "current": current.version}
        )


def validate_content(*, entry: StatusEntry, status: StatusLabel | None, narrative: str,
                     links: list[str]) -> tuple[str, list[str]]:
    """The narrative and links in normal form (tiltak.plans.validation), or a ValidationError keyed by field,
    in words a person understands."""
    errors: dict[str, list[str]] = {}
    if status is not None and status.grade.scale_id != entry.round.plan.scale_id:
        errors.setdefault("status", []).append(
            _("«%(status)s» hører ikke til statusskalaen for denne planen.") % {"status": status.text})
    try:
        narrative = validation.clean(narrative, kind=validation.Kind.TEXT, limit=values.LONG_TEXT, field="narrative")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        links = validation.clean_links(links)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return narrative, links


def _require(user, permission: str, obj, message: str) -> None:
    if not access.can(user, permission, obj):
        raise PermissionDenied(message)


def _reload(entry: StatusEntry) -> StatusEntry:
    return StatusEntry.objects.select_related("status__grade", "round__plan", "measure").get(pk=entry.pk)


def _transition(entry: StatusEntry, *, from_states, expected_version: int | None = None, **changes) -> StatusEntry:
    """Apply ``changes`` with one conditional UPDATE; refuse if the entry moved on since it was read."""
    rows = StatusEntry.objects.filter(pk=entry.pk, state__in=list(from_states))
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    updated = rows.update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    current = _reload(entry)
    if updated == 1:
        return current
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current, expected_version)
    raise EntryConflict(_("Tiltaket har tilstanden «%(state)s», så dette kan ikke gjøres nå.")
                        % {"state": current.get_state_display()})


def _check_round(entry: StatusEntry, *, allow_published: bool = False) -> None:
    """Refuse unless the round takes changes. Locks the round row (PostgreSQL) so publishing waits for
    writes in flight and no write slips in after the last check of «all approved»."""
    state = Round.objects.select_for_update().values_list("state", flat=True).get(pk=entry.round_id)
    entry.round.state = state
    if state == Round.State.OPEN or (allow_published and state == Round.State.PUBLISHED):
        return
    if state == Round.State.PUBLISHED:
        raise EntryConflict(_("Runden er publisert og låst. Bare koordinator kan rette, og må oppgi en begrunnelse."))
    raise EntryConflict(_("Runden er ikke åpen for rapportering (tilstand: %(state)s).")
                        % {"state": Round.State(state).label})


@transaction.atomic
def update_entry(*, entry: StatusEntry, status: StatusLabel | None, narrative: str, links: list[str] | None = None,
                 expected_version: int, acting_user, reason: str = "", via: str = "") -> StatusEntry:
    """Write an entry's grade, narrative and links, if nobody has changed it since ``expected_version``.

    Writing the same content again confirms a carried-forward entry («uendret»). In a published round only
    the coordinator may correct an entry, and must give a reason; the correction is kept in the history.
    """
    links = list(entry.links) if links is None else links
    _require(acting_user, "edit_entry", entry, _("Du kan ikke endre dette tiltaket."))
    narrative, links = validate_content(entry=entry, status=status, narrative=narrative, links=links)
    reason = validation.clean(reason, kind=validation.Kind.TEXT, limit=values.COMMENT, field="reason")
    _check_round(entry, allow_published=True)
    correcting = entry.round.is_published
    if correcting:
        _require(acting_user, "correct_entry", entry, _("Bare koordinator kan rette en publisert runde."))
        if text.blank(reason):
            raise ValidationError({"reason": [_("Skriv en begrunnelse for rettelsen av en publisert runde.")]})
    same = (entry.status_id, entry.narrative, list(entry.links)) == (status.pk if status else None, narrative, links)
    changes = {"status": status, "narrative": narrative, "links": links, "unchanged": False,
               "updated_by": acting_user}
    if correcting:
        updated = _transition(entry, from_states=[EntryState.APPROVED], expected_version=expected_version, **changes)
        action = "correct"
    else:
        # A returned entry goes back to draft once its reporter works on it.
        updated = _transition(entry, from_states=EDITABLE, expected_version=expected_version,
                              state=EntryState.DRAFT, **changes)
        action = "confirm" if same else "edit"
    record_version(updated, action=action, acting_user=acting_user, comment=reason.strip(), via=via)
    if correcting:
        search_index.update(StatusEntry.objects.filter(pk=updated.pk))
    return updated


@transaction.atomic
def submit_entry(*, entry: StatusEntry, acting_user, notify: bool = True, via: str = "") -> StatusEntry:
    """Send an entry in for review. When it was the last of its lead ministry's entries still to send, the
    plan's coordinators are told after the commit (``notify=False`` leaves that to a bulk caller)."""
    _require(acting_user, "submit_entry", entry,
             _("Bare rapportøren for ansvarlig departement (det første) eller koordinator kan sende inn."))
    _check_round(entry)
    if entry.unchanged:
        raise EntryConflict(_("Teksten er overført fra forrige runde. Endre den, eller bekreft at den er "
                              "uendret, før du sender inn."))
    if entry.status_id is None:
        raise ValidationError({"status": [_("Velg en status før du sender inn.")]})
    if not entry.narrative.strip():
        raise ValidationError({"narrative": [_("Skriv en beskrivelse av hva som er gjort før du sender inn. "
                                               "En tom beskrivelse er ingen rapport.")]})
    updated = _transition(entry, from_states=EDITABLE, state=EntryState.SUBMITTED, updated_by=acting_user)
    record_version(updated, action="submit", acting_user=acting_user, via=via)
    if notify:
        lead = lead_of(updated)
        if lead:
            transaction.on_commit(lambda: notify_if_ministry_done(updated.round_id, lead), robust=True)
    return updated


@transaction.atomic
def save_and_submit(*, entry: StatusEntry, status: StatusLabel | None, narrative: str, links: list[str] | None,
                    expected_version: int, acting_user, confirm_unchanged: bool = False,
                    via: str = "") -> StatusEntry:
    """«Send inn» on the form: write what is on the screen and submit it, in one transaction (so a refused
    submit saves nothing, and a saved text is never left unsent by a second click that did not happen)."""
    _require(acting_user, "submit_entry", entry,
             _("Bare rapportøren for ansvarlig departement (det første) eller koordinator kan sende inn."))
    links = list(entry.links) if links is None else links
    same = (entry.status_id, entry.narrative, list(entry.links)) == (status.pk if status else None, narrative,
                                                                       [values.normalise_link(link) for link in links])
    if not same or (entry.unchanged and confirm_unchanged) or entry.version != expected_version:
        entry = update_entry(entry=entry, status=status, narrative=narrative, links=links,
                             expected_version=expected_version, acting_user=acting_user, via=via)
    return submit_entry(entry=entry, acting_user=acting_user, via=via)


def lead_of(entry: StatusEntry) -> str | None:
    responsible = entry.measure.responsible_abbreviations()
    return responsible[0] if responsible else None


def notify_if_ministry_done(round_pk: int, abbreviation: str) -> None:
    """Tell the plan's coordinators that ``abbreviation`` has sent in every entry it leads in the round.

    Runs after the commit; a failing mail server is logged and never undoes (or blocks) the submit.
    """
    from tiltak.plans.models import Measure, Role

    try:
        the_round = Round.objects.select_related("plan").get(pk=round_pk)
        led = Measure.objects.filter(plan_id=the_round.plan_id, responsibilities__position=0,
                                     responsibilities__ministry__abbreviation=abbreviation)
        entries = StatusEntry.objects.filter(round=the_round, measure__in=led)
        if not entries.exists() or entries.filter(state__in=list(EDITABLE)).exists():
            return
        coordinators = Role.objects.filter(kind=Role.Kind.COORDINATOR).filter(
            Q(plan__isnull=True) | Q(plan_id=the_round.plan_id)).select_related("user")
        recipients = sorted({r.user.email for r in coordinators if r.user.email and r.user.is_active})
        if not recipients:
            return
        numbers = sorted(entries.values_list("measure__number", flat=True), key=natural_key)
        link = f"{settings.SITE_URL}/arbeid/plan/{the_round.plan.slug}/{the_round.slug}/"

        def render(lang: str) -> tuple[str, str]:
            values = {"ministry": abbreviation, "round": the_round.in_language(lang),
                      "plan": the_round.plan.in_language(lang), "numbers": ", ".join(numbers), "link": link}
            return _("%(ministry)s har sendt inn alle sine tiltak: %(round)s") % values, _(
                "%(ministry)s har sendt inn alle tiltakene departementet har hovedansvar for i «%(round)s» "
                "(%(plan)s): %(numbers)s.\n\nGå gjennom dem: %(link)s\n") % values

        mail.send(render, recipients)
    except Exception:
        log.exception("could not tell the coordinators that %s is done in round %s", abbreviation, round_pk)


@transaction.atomic
def approve_entry(*, entry: StatusEntry, acting_user) -> StatusEntry:
    _require(acting_user, "review_entry", entry, _("Bare koordinator kan godkjenne."))
    _check_round(entry)
    now = timezone.now()
    updated = _transition(entry, from_states=[EntryState.SUBMITTED], state=EntryState.APPROVED,
                          approved_by=acting_user, approved_at=now, review_comment="")
    record_version(updated, action="approve", acting_user=acting_user)
    return updated


@transaction.atomic
def return_entry(*, entry: StatusEntry, comment: str, acting_user) -> StatusEntry:
    """Send an entry back to its reporters with a comment saying what to change."""
    _require(acting_user, "review_entry", entry, _("Bare koordinator kan returnere."))
    comment = validation.clean(comment or "", kind=validation.Kind.TEXT, limit=values.COMMENT, field="comment")
    if text.blank(comment):
        raise ValidationError({"comment": [_("Skriv en kommentar som forteller hva som må endres.")]})
    _check_round(entry)
    updated = _transition(entry, from_states=[EntryState.SUBMITTED, EntryState.APPROVED],
                          state=EntryState.RETURNED, review_comment=comment, approved_by=None, approved_at=None)
    record_version(updated, action="return", acting_user=acting_user, comment=comment)
    transaction.on_commit(lambda: _mail_returned(updated.pk, comment), robust=True)
    return updated


def _mail_returned(entry_pk: int, comment: str) -> None:
    """Tell the reporters of the entry's ministries that it came back. Failing mail must not undo the return."""
    from tiltak.plans.models import Role

    entry = StatusEntry.objects.select_related("measure", "round__plan").get(pk=entry_pk)
    ministries = entry.measure.responsible_abbreviations()
    recipients = sorted({r.user.email for r in Role.objects.reporters_for(ministries).select_related("user")
                         if r.user.email and r.user.is_active})
    if not recipients:
        return

    def render(lang: str) -> tuple[str, str]:
        values = {"number": entry.measure.number, "title": entry.measure.title, "comment": comment,
                  "round": entry.round.in_language(lang), "link": f"{settings.SITE_URL}/arbeid/"}
        return _("Tiltak %(number)s er returnert: %(round)s") % values, _(
            "Koordinator har returnert tiltak %(number)s «%(title)s» med denne kommentaren:\n\n%(comment)s\n\n"
            "Rett og send inn på nytt: %(link)s\n") % values

    try:
        mail.send(render, recipients)
    except Exception:
        log.exception("could not send the return notice for entry %s", entry_pk)
