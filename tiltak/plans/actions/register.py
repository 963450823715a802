"""The register: creating a plan, adding, editing, renumbering and retiring measures, rewording the status scale.

Run by the plan's coordinator or an administrator, checked here. Every change writes a PlanChange row (who, when,
before and after). Changes apply from the next round on and never change a published round: before a measure
changes, every entry it already has keeps the measure as it was (``StatusEntry.measure_as_was``); a measure added
now has no entry in the rounds already opened, and a retired one gets none in the rounds opened later; before the
scale is reworded, every round published or opened so far keeps its legend (``Round.legend_as_was``) and every
entry its label. What a round shows is read through ``tiltak.plans.selectors`` (``measure_as_published``,
``legend_as_published``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltak.lib import requestid, values
from tiltak.lib.slugs import norwegian_slug
from tiltak.plans import access, selectors, validation
from tiltak.plans.actions import search_index
from tiltak.plans.models import (
    Grade,
    Measure,
    Ministry,
    Plan,
    PlanChange,
    Responsibility,
    Role,
    Round,
    StatusEntry,
    StatusLabel,
    StatusScale,
)

# Plan slugs that are words of the pages' own addresses (/arbeid/planer/ny/).
RESERVED_SLUGS = {"ny"}


def _check(acting_user, permission: str, plan: Plan | None = None) -> None:
    if acting_user is not None and not access.can(acting_user, permission, plan):
        raise PermissionDenied(_("Bare koordinator for planen og administrator kan endre planen og tiltakene."))


def _record(plan: Plan, action: str, *, acting_user, measure: Measure | None = None, before=None, after=None):
    PlanChange.objects.create(plan=plan, measure=measure, action=action, before=before or {}, after=after or {},
                              changed_at=timezone.now(), changed_by=acting_user,
                              request_id=requestid.current())


def _text(value: str, field: str, label: str, *, limit: int, required: bool = True,
          kind: validation.Kind = validation.Kind.LINE) -> str:
    """``value`` in normal form under the rules every text obeys (tiltak.plans.validation), or a ValidationError."""
    return validation.clean(value or "", kind=kind, limit=limit, field=field, required=required,
                            required_message=_("Fyll inn %(label)s.") % {"label": label})


def _period(start, end) -> tuple[int, int]:
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ValidationError({"period_start": [_("Perioden er to årstall, som 2025 og 2028.")]}) from None
    if not (values.FIRST_YEAR <= start <= values.LAST_YEAR and values.FIRST_YEAR <= end <= values.LAST_YEAR):
        raise ValidationError({"period_start": [_("Perioden er to årstall, som 2025 og 2028.")]})
    if end < start:
        raise ValidationError({"period_end": [_("Perioden kan ikke slutte før den begynner.")]})
    return start, end


def _number(value: str) -> str:
    value = validation.normalise(value or "", validation.Kind.NUMBER)
    if not value or values.number_problem(value):
        raise ValidationError({"number": [_("Nummeret er 1–%(limit)s tegn: sifre og bokstaver, delt med punktum, "
                                            "bindestrek eller understrek (som «3», «3.2» eller «4a»).")
                                          % {"limit": values.MEASURE_NUMBER}]})
    return value


def _ministries(abbreviations: list[str]) -> list[Ministry]:
    """The responsible ministries, lead first, as the register knows them (by abbreviation or full name); each
    once."""
    wanted = [a.strip() for a in abbreviations if a and a.strip()]
    if not wanted:
        raise ValidationError({"responsible": [_("Oppgi minst ett ansvarlig departement (det første leder).")]})
    found = []
    for text in wanted:
        ministry = Ministry.objects.by_abbreviation_or_name(text)
        if ministry is None:
            raise ValidationError({"responsible": [_("Ukjent departement: %(abbr)s.") % {"abbr": text}]})
        found.append(ministry)
    if len({m.abbreviation for m in found}) != len(found):
        raise ValidationError({"responsible": [_("Et departement kan stå bare én gang.")]})
    return found


def _copy_scale(scale: StatusScale, slug: str) -> StatusScale:
    """The plan's own copy of a scale, so rewording it changes no other plan."""
    base, n = slug[:values.SCALE_SLUG - 10], 1
    while StatusScale.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = StatusScale.objects.create(slug=slug, name=scale.name)
    for grade in scale.grades.order_by("position"):
        labels = list(grade.labels.order_by("position"))
        new = Grade.objects.create(scale=copy, position=grade.position, meaning=grade.meaning, name=grade.name,
                                   name_en=grade.name_en, description=grade.description,
                                   description_en=grade.description_en, colour=grade.colour)
        StatusLabel.objects.bulk_create(StatusLabel(grade=new, position=label.position, text=label.text,
                                                    text_en=label.text_en) for label in labels)
    return copy


def plan_snapshot(plan: Plan) -> dict:
    return {"slug": plan.slug, "title": plan.title, "title_en": plan.title_en,
            "period": [plan.period_start, plan.period_end], "scale": plan.scale.slug,
            "coordinator": plan.coordinator.abbreviation if plan.coordinator_id else None}


@transaction.atomic
def create_plan(*, title: str, title_en: str = "", period_start, period_end, scale: StatusScale,
                coordinator: Ministry | None, slug: str | None = None, acting_user) -> Plan:
    """A new plan with no measures yet, and its own copy of the chosen status scale.

    A coordinator of some plans only becomes the new plan's coordinator too.
    """
    _check(acting_user, "create_plan")
    title = _text(title, "title", _("tittel"), limit=values.PLAN_TITLE)
    title_en = _text(title_en, "title_en", _("tittel på engelsk"), limit=values.PLAN_TITLE, required=False)
    start, end = _period(period_start, period_end)
    slug = (slug or "").strip() or norwegian_slug(f"{title} {start} {end}" if str(start) not in title else title)
    if not slug or norwegian_slug(slug) != slug or len(slug) > values.PLAN_SLUG or slug in RESERVED_SLUGS:
        raise ValidationError({"slug": [_("Kortnavnet er 1–%(limit)s tegn: små bokstaver a–z, sifre og bindestrek.")
                                        % {"limit": values.PLAN_SLUG}]})
    if Plan.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("Det finnes allerede en plan med kortnavnet «%(slug)s».") % {"slug": slug}]})
    if Plan.objects.filter(title=title, period_start=start, period_end=end).exists():
        raise ValidationError({"title": [_("Det finnes allerede en plan med denne tittelen og perioden.")]})
    plan = Plan.objects.create(slug=slug, title=title, title_en=title_en, period_start=start, period_end=end,
                               coordinator=coordinator, scale=_copy_scale(scale, slug))
    if acting_user is not None and not access.plans_coordinated_by(acting_user).filter(pk=plan.pk).exists():
        Role.objects.create(user=acting_user, kind=Role.Kind.COORDINATOR, plan=plan)
        acting_user._tiltak_roles = None  # read again: the user now coordinates this plan too
    _record(plan, PlanChange.Action.PLAN_CREATED, acting_user=acting_user, after=plan_snapshot(plan))
    return plan


@transaction.atomic
def edit_plan(*, plan: Plan, title: str, title_en: str, period_start, period_end, coordinator: Ministry | None,
              acting_user) -> Plan:
    """Change the plan's title, English title, period or coordinating ministry (its slug stays: links keep)."""
    _check(acting_user, "manage_plan", plan)
    before = plan_snapshot(plan)
    plan.title = _text(title, "title", _("tittel"), limit=values.PLAN_TITLE)
    plan.title_en = _text(title_en, "title_en", _("tittel på engelsk"), limit=values.PLAN_TITLE, required=False)
    plan.period_start, plan.period_end = _period(period_start, period_end)
    plan.coordinator = coordinator
    plan.save(update_fields=["title", "title_en", "period_start", "period_end", "coordinator"])
    after = plan_snapshot(plan)
    if after != before:
        _record(plan, PlanChange.Action.PLAN_EDITED, acting_user=acting_user, before=before, after=after)
    return plan


def keep_as_was(measure: Measure) -> None:
    """Before a measure changes: its entries in the rounds so far keep it as it is now."""
    StatusEntry.objects.filter(measure=measure, measure_as_was={}).update(measure_as_was=measure.snapshot())


def _set_responsible(measure: Measure, ministries: list[Ministry]) -> None:
    measure.responsibilities.all().delete()
    Responsibility.objects.bulk_create(Responsibility(measure=measure, ministry=m, position=i)
                                       for i, m in enumerate(ministries))


def _fresh(measure: Measure) -> Measure:
    return Measure.objects.prefetch_related("responsibilities__ministry").get(pk=measure.pk)


@transaction.atomic
def add_measure(*, plan: Plan, number: str, title: str, plan_text: str = "", responsible: list[str],
                acting_user) -> Measure:
    """A new measure; it gets an entry from the next round opened on."""
    _check(acting_user, "manage_plan", plan)
    number = _number(number)
    if plan.measures.filter(number=number).exists():
        raise ValidationError({"number": [_("Planen har allerede et tiltak nummer %(n)s.") % {"n": number}]})
    title = _text(title, "title", _("tittel"), limit=values.MEASURE_TITLE)
    plan_text = _text(plan_text, "plan_text", _("tekst i handlingsplanen"), limit=values.LONG_TEXT, required=False,
                      kind=validation.Kind.TEXT)
    ministries = _ministries(responsible)
    measure = Measure.objects.create(plan=plan, number=number, sort_key=Measure.key_for(number), title=title,
                                     plan_text=plan_text, added_at=timezone.now())
    _set_responsible(measure, ministries)
    measure = _fresh(measure)
    _record(plan, PlanChange.Action.MEASURE_ADDED, acting_user=acting_user, measure=measure,
            after=measure.snapshot())
    return measure


@transaction.atomic
def edit_measure(*, measure: Measure, title: str, plan_text: str, responsible: list[str], acting_user) -> Measure:
    """Change a measure's title, plan text or responsible ministries (lead first)."""
    _check(acting_user, "manage_plan", measure.plan)
    measure = _fresh(measure)
    before = measure.snapshot()
    title = _text(title, "title", _("tittel"), limit=values.MEASURE_TITLE)
    plan_text = _text(plan_text, "plan_text", _("tekst i handlingsplanen"), limit=values.LONG_TEXT, required=False,
                      kind=validation.Kind.TEXT)
    ministries = _ministries(responsible)
    if (title, plan_text, [m.abbreviation for m in ministries]) == (
            before["title"], before["plan_text"], before["responsible"]):
        return measure
    keep_as_was(measure)
    measure.title, measure.plan_text = title, plan_text
    measure.save(update_fields=["title", "plan_text"])
    search_index.update_measure(measure)
    if [m.abbreviation for m in ministries] != before["responsible"]:
        _set_responsible(measure, ministries)
    measure = _fresh(measure)
    _record(measure.plan, PlanChange.Action.MEASURE_EDITED, acting_user=acting_user, measure=measure,
            before=before, after=measure.snapshot())
    return measure


@transaction.atomic
def renumber_measure(*, measure: Measure, number: str, acting_user) -> Measure:
    """Give a measure another number; the rounds so far keep the old one."""
    _check(acting_user, "manage_plan", measure.plan)
    number = _number(number)
    measure = _fresh(measure)
    if number == measure.number:
        return measure
    if measure.plan.measures.filter(number=number).exists():
        raise ValidationError({"number": [_("Planen har allerede et tiltak nummer %(n)s.") % {"n": number}]})
    before = measure.snapshot()
    keep_as_was(measure)
    measure.number, measure.sort_key = number, Measure.key_for(number)
    measure.save(update_fields=["number", "sort_key"])
    _record(measure.plan, PlanChange.Action.MEASURE_RENUMBERED, acting_user=acting_user, measure=measure,
            before=before, after=measure.snapshot())
    return measure


@transaction.atomic
def retire_measure(*, measure: Measure, acting_user) -> Measure:
    """End a measure: it keeps its history, and rounds opened from now on have no entry for it."""
    _check(acting_user, "manage_plan", measure.plan)
    measure = _fresh(measure)
    if measure.retired_at is not None:
        raise ValidationError(_("Tiltaket er allerede avsluttet."))
    measure.retired_at = timezone.now()
    measure.save(update_fields=["retired_at"])
    _record(measure.plan, PlanChange.Action.MEASURE_RETIRED, acting_user=acting_user, measure=measure,
            before=measure.snapshot())
    return measure


@transaction.atomic
def reword_grade(*, plan: Plan, grade: Grade, name: str, name_en: str, description: str = "",
                 description_en: str = "", acting_user) -> Grade:
    """Change the wording of one step of the plan's status scale, from the next round on.

    The published rounds keep their legend and every entry its label as it was spelt; the new wording becomes
    the step's first label, the one new entries are given.
    """
    _check(acting_user, "manage_plan", plan)
    if grade.scale_id != plan.scale_id:
        raise PermissionDenied(_("Statusgraden hører ikke til planens skala."))
    if Plan.objects.filter(scale_id=plan.scale_id).exclude(pk=plan.pk).exists():
        raise ValidationError(_("Skalaen brukes også av andre planer og kan ikke endres herfra."))
    name = _text(name, "name", _("navn"), limit=values.GRADE_NAME)
    name_en = _text(name_en, "name_en", _("navn på engelsk"), limit=values.GRADE_NAME)
    description = _text(description, "description", _("forklaring"), limit=values.GRADE_DESCRIPTION, required=False,
                        kind=validation.Kind.TEXT)
    description_en = _text(description_en, "description_en", _("forklaring på engelsk"),
                           limit=values.GRADE_DESCRIPTION, required=False, kind=validation.Kind.TEXT)
    if grade.scale.grades.exclude(pk=grade.pk).filter(name=name).exists():
        raise ValidationError({"name": [_("Skalaen har allerede et trinn som heter «%(name)s».") % {"name": name}]})
    before = {"name": grade.name, "name_en": grade.name_en, "description": grade.description,
              "description_en": grade.description_en}
    after = {"name": name, "name_en": name_en, "description": description, "description_en": description_en}
    if before == after:
        return grade
    # Every round published or opened so far keeps the legend it has (selectors.legend_as_published).
    legend = selectors.current_legend(plan)
    for the_round in plan.rounds.exclude(state=Round.State.DRAFT).filter(legend_as_was=[]):
        the_round.legend_as_was = legend
        the_round.save(update_fields=["legend_as_was"])
    grade.name, grade.name_en, grade.description, grade.description_en = name, name_en, description, description_en
    grade.save(update_fields=["name", "name_en", "description", "description_en"])
    label = grade.labels.filter(text=name).first()
    if label is None:
        # The old labels stay (entries point at them); the new one goes first.
        grade.labels.update(position=F("position") + 1)
        StatusLabel.objects.create(grade=grade, position=0, text=name, text_en=name_en)
    else:
        label.text_en = name_en
        label.save(update_fields=["text_en"])
    _record(plan, PlanChange.Action.SCALE_EDITED, acting_user=acting_user, before={"grade": grade.position, **before},
            after={"grade": grade.position, **after})
    return grade
