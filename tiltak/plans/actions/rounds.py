"""Opening and publishing reporting rounds."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tiltak.lib import values
from tiltak.plans import access, mail, validation
from tiltak.plans.actions import search_index
from tiltak.plans.actions.entries import EntryConflict
from tiltak.plans.actions.history import record_versions
from tiltak.plans.models import EntryState, Plan, Role, Round, StatusEntry

log = logging.getLogger(__name__)


class RoundNotReady(EntryConflict):
    """Publishing was refused: ``numbers`` are the measures whose entries are not yet approved."""

    def __init__(self, numbers: list[str]):
        self.numbers = numbers
        shown = ", ".join(numbers[:40]) + (" …" if len(numbers) > 40 else "")
        super().__init__(_("Runden kan ikke publiseres før alle tiltak er godkjent. Ikke godkjent: %(numbers)s.")
                         % {"numbers": shown})


@transaction.atomic
def open_round(*, plan: Plan, slug: str, label: str, as_of: datetime.date, deadline: datetime.date | None,
               acting_user) -> Round:
    """Open a round with an entry for every measure, carried forward from the plan's previous round.

    A carried-forward entry keeps last round's grade, narrative and links as a draft marked «uendret» until
    its reporter edits or confirms it; a measure new since then starts empty.
    """
    if not access.can(acting_user, "open_round", plan):
        raise PermissionDenied(_("Bare koordinator kan åpne en rapporteringsrunde."))
    errors: dict[str, list[str]] = {}
    try:
        slug = validation.clean(
            slug or "", kind=validation.Kind.SLUG, limit=values.ROUND_SLUG, field="slug", required=True,
            required_message=_("Kortnavnet må være 1–%(limit)s tegn: små bokstaver a–z, sifre og bindestrek "
                               "(som «2013-02»).")
            % {"limit": values.ROUND_SLUG})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if Round.objects.filter(plan=plan, slug=slug).exists():
            errors["slug"] = [_("Planen har allerede en runde med kortnavnet «%(slug)s».") % {"slug": slug}]
    try:
        label = validation.clean(
            label or "", kind=validation.Kind.LINE, limit=values.ROUND_LABEL, field="label", required=True,
            required_message=_("Skriv en betegnelse på høyst %(limit)s tegn, som «Status per februar 2013».")
            % {"limit": values.ROUND_LABEL})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not isinstance(as_of, datetime.date):
        errors["as_of"] = [_("Oppgi datoen statusen gjelder per.")]
    if deadline is not None and not isinstance(deadline, datetime.date):
        errors["deadline"] = [_("Fristen må være en dato.")]
    if errors:
        raise ValidationError(errors)
    # Plan row lock: two coordinators opening at once would otherwise both pass the check below.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.rounds.filter(state=Round.State.OPEN).exists():
        raise EntryConflict(_("Planen har allerede en åpen runde. Publiser den før du åpner en ny."))

    # The round before the new one's date, of any state (selectors.previous_round asks it of an existing round).
    previous = plan.rounds.filter(as_of__lt=as_of).order_by("-as_of", "-pk").first()
    # The report's title and introduction start as last round's; the coordinator edits them before publishing.
    the_round = Round.objects.create(plan=plan, slug=slug, label=label, as_of=as_of, deadline=deadline,
                                     state=Round.State.OPEN, title=previous.title if previous else "",
                                     introduction=previous.introduction if previous else "")
    carried = {}
    if previous is not None:
        carried = {e.measure_id: e for e in StatusEntry.objects.filter(round=previous)}
    now = timezone.now()
    # One INSERT for the entries and one for their history, however many measures the plan has.
    entries = StatusEntry.objects.bulk_create(
        StatusEntry(
            measure=measure, round=the_round, state=EntryState.DRAFT, updated_at=now, updated_by=acting_user,
            status_id=carried[measure.pk].status_id if measure.pk in carried else None,
            narrative=carried[measure.pk].narrative if measure.pk in carried else "",
            links=list(carried[measure.pk].links) if measure.pk in carried else [],
            unchanged=measure.pk in carried,
        )
        for measure in plan.measures.current()
    )
    record_versions(
        [(entry, f"overført fra {previous.slug}" if entry.unchanged else "") for entry in entries],
        action="open", acting_user=acting_user,
    )
    transaction.on_commit(lambda: _mail_opened(the_round.pk), robust=True)
    return the_round


@transaction.atomic
def publish_round(*, the_round: Round, acting_user) -> Round:
    """Publish a round whose every entry is approved. A published round is frozen."""
    if not access.can(acting_user, "publish_round", the_round):
        raise PermissionDenied(_("Bare koordinator kan publisere en runde."))
    locked = Round.objects.select_for_update().get(pk=the_round.pk)
    if locked.state == Round.State.PUBLISHED:
        raise EntryConflict(_("Runden er allerede publisert."))
    waiting = list(
        StatusEntry.objects.filter(round=locked).exclude(state=EntryState.APPROVED)
        .order_by("measure__sort_key").values_list("measure__number", flat=True)
    )
    if waiting:
        raise RoundNotReady(waiting)
    locked.state = Round.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["state", "published_at"])
    search_index.update_round(locked)
    log.info("round %s published by %s", locked, acting_user)
    return locked




@transaction.atomic
def edit_round_text(*, the_round: Round, title: str, introduction: str, acting_user) -> Round:
    """The report's title and introduction, editable until the round is published."""
    if not access.can(acting_user, "publish_round", the_round):
        raise PermissionDenied(_("Bare koordinator kan endre rapportens tittel og innledning."))
    errors: dict[str, list[str]] = {}
    try:
        title = validation.clean(title or "", kind=validation.Kind.LINE, limit=values.ROUND_TITLE, field="title")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        introduction = validation.clean(introduction or "", kind=validation.Kind.TEXT, limit=values.LONG_TEXT,
                                        field="introduction")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    locked = Round.objects.select_for_update().get(pk=the_round.pk)
    if locked.state == Round.State.PUBLISHED:
        raise EntryConflict(_("Runden er publisert; tittelen og innledningen kan ikke endres lenger."))
    locked.title, locked.introduction = title, introduction
    locked.save(update_fields=["title", "introduction"])
    log.info("round %s: title and introduction edited by %s", locked, acting_user)
    return locked


def _mail_opened(round_pk: int) -> None:
    """Tell every reporter of the plan's ministries that the round is open. Mail trouble must not undo it."""
    the_round = Round.objects.select_related("plan").get(pk=round_pk)
    abbreviations = set(
        the_round.plan.measures.values_list("responsibilities__ministry__abbreviation", flat=True)
    ) - {None}
    roles = Role.objects.reporters_for(abbreviations).select_related("user")
    recipients = sorted({r.user.email for r in roles if r.user.email and r.user.is_active})
    if not recipients:
        return

    def render(lang: str) -> tuple[str, str]:
        values = {"round": the_round.in_language(lang), "plan": the_round.plan.in_language(lang),
                  "link": f"{settings.SITE_URL}/arbeid/"}
        deadline = ""
        if the_round.deadline:
            deadline = " " + _("Fristen er %(date)s.") % {"date": date_format(the_round.deadline, "SHORT_DATE_FORMAT")}
        return _("Ny rapporteringsrunde: %(round)s") % values, (
            _("Rapporteringsrunden «%(round)s» for %(plan)s er åpnet.") % values + deadline + "\n\n"
            + _("Se tiltakene dere har ansvar for: %(link)s") % values + "\n")

    try:
        mail.send_each(render, recipients)
    except Exception:
        log.exception("could not send the opening notice for round %s", the_round)
