"""Reads that several interfaces share, each stated once: web, portal, API, reports, the command line and the page
cache's keys all call these, so no two of them can come to different answers.

- **Which round.** :func:`rounds_visible_to` (who may see a round: the one rule, ``access.sees_unpublished_rounds``),
  :func:`round_for_user` (the round a person may see, or 404), :func:`latest_published_round`,
  :func:`previous_published_round` and :func:`previous_round` (any state) — each caller says which «previous» it
  means — and :func:`report_rounds`, the rounds a report shows (its own and the previous published one, or every
  earlier published one): the report data and the page cache's key both use it.
- **As it was.** A round keeps its measures (number, title, plan text, responsible ministries in order) and its
  legend (the scale's names) as they were when it was published or opened, whatever the register says since:
  :func:`measure_as_published` and :func:`legend_as_published` are that rule, and every page, download and API
  answer that shows a round's measures or grades goes through them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from tiltak.plans.models import Grade, Measure, Plan, Round, RoundQuerySet, StatusEntry

# --- Which round --------------------------------------------------------------------------------------------------


def rounds_visible_to(user) -> RoundQuerySet:
    """The rounds ``user`` may see: published ones for everybody (``None`` is the public), every round for people
    with a role and for administrators (``tiltak.plans.access.sees_unpublished_rounds``)."""
    return Round.objects.visible_to(user)


def visible_round(user, *, plan_slug: str, round_slug: str) -> Round | None:
    """The round of that plan and slug if ``user`` may see it, else None (an unpublished round is as good as absent
    to the public)."""
    return (rounds_visible_to(user).select_related("plan__scale", "plan__coordinator")
            .filter(plan__slug=plan_slug, slug=round_slug).first())


def round_for_user(user, plan_slug: str, round_slug: str) -> Round:
    """The round, or 404 when it does not exist or ``user`` may not see it. Whether they may *change* it is the
    actions' question (PermissionDenied)."""
    the_round = visible_round(user, plan_slug=plan_slug, round_slug=round_slug)
    if the_round is None:
        raise Http404(_("Fant ingen runde «%(round)s» i planen «%(plan)s».") % {"round": round_slug,
                                                                             "plan": plan_slug})
    return the_round


def published_rounds(plan: Plan) -> list[Round]:
    """The plan's published rounds, newest first: the rounds the public sees (``rounds_visible_to(None)``)."""
    return list(plan.rounds.visible_to(None).order_by("-as_of", "-pk"))


def public_round(rounds: list[Round], round_slug: str) -> Round:
    """``round_for_user`` for the public where the plan's ``published_rounds`` are loaded already: a round among
    them by slug, or 404 (no query)."""
    found = next((r for r in rounds if r.slug == round_slug), None)
    if found is None:
        raise Http404(_("Fant ingen publisert runde «%(round)s».") % {"round": round_slug})
    return found


def latest_published_round(plan: Plan) -> Round | None:
    return plan.rounds.visible_to(None).order_by("-as_of", "-pk").first()


def latest_published_rounds(plans: Iterable[Plan] | None = None) -> dict[int, Round]:
    """The latest published round of each plan (of every plan when none are given), by plan pk: one query."""
    rounds = Round.objects.published().order_by("plan_id", "-as_of", "-pk")
    if plans is not None:
        rounds = rounds.filter(plan__in=list(plans))
    latest: dict[int, Round] = {}
    for the_round in rounds:
        latest.setdefault(the_round.plan_id, the_round)
    return latest


def _earlier(the_round: Round):
    return (Round.objects.filter(plan_id=the_round.plan_id, as_of__lt=the_round.as_of).exclude(pk=the_round.pk)
            .order_by("-as_of", "-pk"))


def previous_published_round(the_round: Round, *, among: list[Round] | None = None) -> Round | None:
    """The plan's published round before this one (by as-of date): what a report compares with. ``among``: the
    plan's published rounds, newest first (``published_rounds``), where the caller has them (no query then)."""
    if among is not None:
        return next((r for r in among if r.as_of < the_round.as_of and r.pk != the_round.pk), None)
    return _earlier(the_round).published().first()


def previous_round(the_round: Round) -> Round | None:
    """The plan's round before this one in any state: what a new round carries forward, what a reviewer compares
    an entry with."""
    return _earlier(the_round).first()


def report_rounds(the_round: Round, *, all_rounds: bool = False) -> RoundQuerySet:
    """The rounds a report of ``the_round`` shows: the round itself (published or not: a preview) and the previous
    published round as the report was made — one already there when the round was (a round imported later, as an
    older one, does not change a report already published) — or, with ``all_rounds``, every earlier published round
    known now (the all-rounds sheets and the history downloads gain an older round imported later; none of their
    other rows changes). Unordered; the report orders them, the page cache's key takes their pks."""
    earlier = _earlier(the_round).published()
    if not all_rounds:
        if the_round.created_at is not None:
            earlier = earlier.filter(created_at__lte=the_round.created_at)
        earlier = earlier[:1]
    return Round.objects.filter(Q(pk=the_round.pk) | Q(pk__in=earlier.values("pk")))


# --- As it was ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureAsPublished:
    """A measure as one round shows it."""

    number: str
    title: str
    plan_text: str
    responsible: tuple[str, ...]  # abbreviations, lead first

    @classmethod
    def of(cls, snapshot: dict) -> "MeasureAsPublished":
        return cls(number=snapshot["number"], title=snapshot["title"], plan_text=snapshot.get("plan_text", ""),
                   responsible=tuple(snapshot.get("responsible") or ()))

    def snapshot(self) -> dict:
        return {"number": self.number, "title": self.title, "plan_text": self.plan_text,
                "responsible": list(self.responsible)}


def measure_as_published(entry: StatusEntry, measure: Measure | None = None, *,
                         registered: MeasureAsPublished | None = None) -> MeasureAsPublished:
    """The measure as the entry's round knew it: the snapshot the entry keeps once the register changed (see
    ``StatusEntry.measure_as_was``), else the register as it is (unchanged since). ``measure`` is the entry's
    measure with its responsibilities prefetched, or ``registered`` the register's measure made already, where the
    caller has them (a report's thousands of entries)."""
    if entry.measure_as_was or registered is not None:
        return measure_as_published_row(entry.measure_as_was, registered=registered)
    return MeasureAsPublished.of((measure or entry.measure).snapshot())


def measure_as_published_row(measure_as_was: dict, *, registered: MeasureAsPublished) -> MeasureAsPublished:
    """:func:`measure_as_published` of an entry read as plain values (the search reads the entries it shows so):
    ``measure_as_was`` the entry's kept measure, ``registered`` the register's measure as it is."""
    return MeasureAsPublished.of(measure_as_was) if measure_as_was else registered


def measure_text_as_published_sql(field: str, *, entry: str, measure: str, vendor: str) -> str:
    """:func:`measure_as_published` in SQL, for the search index, which indexes thousands of entries in one
    statement: the entry's own ``field`` (``title`` or ``plan_text``) where it keeps the measure as it was, else
    the register's. ``entry`` and ``measure`` are the statement's aliases of the two tables."""
    if field not in ("title", "plan_text"):
        raise ValueError(f"not a measure text: {field!r}")
    if vendor == "postgresql":
        kept = f"{entry}.measure_as_was ->> '{field}'"
    else:
        kept = f"json_extract({entry}.measure_as_was, '$.{field}')"
    return f"COALESCE({kept}, {measure}.{field})"


def measure_text_as_published(field: str) -> Coalesce:
    """:func:`measure_as_published` as a query expression over entries, for what the database reads itself (the
    search's highlighting): the entry's own ``field`` where it keeps the measure as it was, else the register's."""
    if field not in ("title", "plan_text"):
        raise ValueError(f"not a measure text: {field!r}")
    return Coalesce(KT(f"measure_as_was__{field}"), F(f"measure__{field}"))


def kept_measures(the_round: Round) -> dict[int, MeasureAsPublished]:
    """The round's entries whose measure the register has changed since, by entry pk: the measure as the round
    published it (one query; none while the register is unchanged)."""
    return {pk: MeasureAsPublished.of(as_was) for pk, as_was in
            StatusEntry.objects.filter(round=the_round).exclude(measure_as_was={}).values_list("pk", "measure_as_was")}


def answered_by(entries, abbreviation: str, kept: dict[int, MeasureAsPublished]):
    """Those of a round's ``entries`` whose measure, as the round published it, the ministry answers for (lead or
    co-responsible); ``kept`` is the round's ``kept_measures``."""
    mine = [pk for pk, measure in kept.items() if abbreviation in measure.responsible]
    registered = Measure.objects.filter(responsibilities__ministry__abbreviation=abbreviation)
    return entries.filter(Q(pk__in=mine) | (Q(measure__in=registered) & ~Q(pk__in=list(kept))))


def latest_published_round_ids():
    """The pk of every plan's latest published round, as a subquery (nothing loaded)."""
    newest = (Round.objects.published().filter(plan_id=OuterRef("plan_id")).order_by("-as_of", "-pk")
              .values("pk")[:1])
    return Round.objects.published().filter(pk=Subquery(newest)).values("pk")


@dataclass(frozen=True)
class AnsweredNow:
    """What a ministry answers for in each plan's latest published round (its page): ``measures``, the measures
    (unordered), and ``kept``, the measure as that round published it where the register has changed it since, by
    measure pk."""

    measures: object  # a Measure queryset
    kept: dict[int, MeasureAsPublished]


def answered_in_latest_rounds(abbreviation: str) -> AnsweredNow:
    """The measures ``abbreviation`` answers for (lead or co-responsible) in each plan's latest published round, as
    that round published them — :func:`answered_by` over every plan — and the register's measures of it that round
    has no entry for (added since). A plan with no published round has none. Two queries to make."""
    kept = {measure_id: MeasureAsPublished.of(as_was) for measure_id, as_was in
            StatusEntry.objects.filter(round__in=latest_published_round_ids()).exclude(measure_as_was={})
            .values_list("measure_id", "measure_as_was")}
    mine = [pk for pk, measure in kept.items() if abbreviation in measure.responsible]
    registered = Measure.objects.filter(responsibilities__ministry__abbreviation=abbreviation).values("pk")
    measures = Measure.objects.filter(plan__in=Round.objects.published().values("plan_id")).filter(
        Q(pk__in=mine) | (Q(pk__in=registered) & ~Q(pk__in=list(kept))))
    return AnsweredNow(measures=measures, kept=kept)


@dataclass(frozen=True)
class GradeAsPublished:
    """One step of a round's legend, as the round published it."""

    pk: int
    position: int
    meaning: str
    name: str
    name_en: str
    colour: str

    def in_language(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def __str__(self) -> str:
        return self.name


def _legend_row(grade: dict) -> GradeAsPublished:
    return GradeAsPublished(pk=grade["pk"], position=grade["position"], meaning=grade["meaning"],
                            name=grade["name"], name_en=grade["name_en"], colour=grade["colour"])


def current_legend(plan: Plan, scale: Iterable[Grade] | None = None) -> list[dict]:
    """The plan's scale as it is now (``scale``: its grades, where the caller has them), in the form a round keeps
    it (``Round.legend_as_was``)."""
    grades = scale if scale is not None else Grade.objects.filter(scale_id=plan.scale_id).order_by("position")
    return [{"pk": g.pk, "position": g.position, "meaning": g.meaning, "name": g.name, "name_en": g.name_en,
             "colour": g.colour} for g in sorted(grades, key=lambda g: g.position)]


def legend_as_published(the_round: Round, *, scale: Iterable[Grade] | None = None) -> list[GradeAsPublished]:
    """The round's legend in scale order: as kept when the scale was reworded after the round was published or
    opened (``Round.legend_as_was``), else the scale as it is (unchanged since). ``scale``: the plan's grades,
    where the caller has them already."""
    return [_legend_row(g) for g in (the_round.legend_as_was or current_legend(the_round.plan, scale))]


def grades_as_published(the_round: Round) -> dict[int, GradeAsPublished]:
    """The round's legend by grade pk, for showing an entry's grade as the round named it."""
    return {g.pk: g for g in legend_as_published(the_round)}
