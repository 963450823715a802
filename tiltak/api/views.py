"""The JSON API, version 1: plans, rounds, entries; writes with a bearer token.

Every write goes through the actions in tiltak.plans.actions, which check permissions and versions; the
handlers in errors.py turn their refusals into 401/403/409/422 answers.
"""

from typing import Annotated

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from tiltak.api import caching, paging
from tiltak.api.auth import BearerToken, viewer
from tiltak.api.errors import UnknownStatus
from tiltak.api.schemas import (
    MEASURE_NUMBER,
    SLUG,
    BulkIn,
    BulkOut,
    EntryIn,
    EntryOut,
    ErrorOut,
    PlanOut,
    ReturnIn,
    RoundIn,
    RoundOut,
)
from tiltak.core.pagecache import of_every_plan
from tiltak.lib import values
from tiltak.plans import actions, selectors
from tiltak.plans.models import Plan, Round, StatusEntry, StatusLabel

router = Router()
bearer = BearerToken()

# The same rules as every stored slug and number (tiltak.lib.values): anything stored can be addressed.
PlanSlug = Annotated[str, Path(max_length=values.PLAN_SLUG, pattern=SLUG)]
RoundSlug = Annotated[str, Path(max_length=values.ROUND_SLUG, pattern=SLUG)]
Number = Annotated[str, Path(max_length=values.MEASURE_NUMBER, pattern=MEASURE_NUMBER)]
# Reads need no token; a token sent is checked, and a bad one is refused (401) as on every other route.
READ = {"security": [{}, {"BearerToken": []}]}


def answers(ok: dict, *codes: int) -> dict:
    """The operation's answers: ``ok`` and each refusal it can give, all with the one error body."""
    return {**ok, **dict.fromkeys(codes, ErrorOut)}


# What each refusal means. 400 and 422 are about the request's form; 409 and the 422s named in an operation's own
# words (``rules``) are the business rules, which depend on what is stored and so cannot be in a schema.
MEANINGS = {
    400: "The address or its query cannot be read (a NUL character in it, say); refused before the API.",
    401: "No valid token: a write without `Authorization: Bearer TOKEN`, or a token that is wrong or revoked.",
    403: "Your role does not allow this on this plan, ministry or entry.",
    404: "No such plan, round (or not one you may see: an unpublished round is absent to the public) or measure.",
    409: "The entry or round is not in a state that allows this.",
    413: "The body is larger than the server takes (TILTAK_MAX_UPLOAD_BYTES).",
    415: "The body is not sent as JSON (`Content-Type: application/json`).",
    422: "The request breaks the rules this description states (a pattern, a length, a type): `errors` names each "
         "field at fault.",
}


def described(codes: tuple[int, ...], rules: dict[int, str] | None = None, extra: dict | None = None) -> dict:
    """``openapi_extra`` giving each refusal in ``codes`` its meaning, with the operation's business rules added to
    the 409 or 422 they are refused with."""
    extra = dict(extra or {})
    responses = {code: dict(answer) for code, answer in (extra.get("responses") or {}).items()}
    for code in codes:
        meaning = MEANINGS[code]
        if code in (rules or {}):
            meaning = f"{meaning} Business rules, which depend on what is stored: {rules[code]}"
        responses.setdefault(code, {})["description"] = meaning
    extra["responses"] = responses
    return extra


# A NUL in the address or the query is refused with 400 before the API, on every operation.
READS, READS_IN_PLAN = (400, 401), (400, 401, 404, 422)
LISTS, LISTS_IN_PLAN = (400, 401, 422), (400, 401, 404, 422)
# 413: a body larger than TILTAK_MAX_UPLOAD_BYTES; 415: a body that is not JSON.
STEPS, WRITES = (400, 401, 403, 404, 409, 422), (400, 401, 403, 404, 409, 413, 415, 422)


def entry_out(entry: StatusEntry, grades: dict[int, selectors.GradeAsPublished] | None = None) -> EntryOut:
    """The entry with its measure and grade as its round has them (selectors: as published); ``grades`` is the
    round's legend by grade pk, where the caller has it."""
    measure = selectors.measure_as_published(entry)
    if entry.status_id:
        grades = grades if grades is not None else selectors.grades_as_published(entry.round)
        grade = grades.get(entry.status.grade_id)
    else:
        grade = None
    return EntryOut(
        number=measure.number, current_number=entry.measure.number, title=measure.title,
        responsible=list(measure.responsible),
        status=entry.status.text if entry.status_id else None, grade=grade.name if grade else None,
        meaning=grade.meaning if grade else None, narrative=entry.narrative, links=list(entry.links),
        state=entry.state, unchanged=entry.unchanged, version=entry.version, review_comment=entry.review_comment,
        updated_at=entry.updated_at,
    )


def _plan(slug: str) -> Plan:
    plan = Plan.objects.select_related("scale", "coordinator").filter(slug=slug).first()
    if plan is None:
        raise Http404(_("Fant ingen plan «%(plan)s».") % {"plan": slug})
    return plan


def _round(request, plan_slug: str, round_slug: str, user=None) -> Round:
    """The round, if the asker (the token's user, or the public) may see it."""
    return selectors.round_for_user(user or viewer(request), plan_slug, round_slug)


def _entry(request, plan: PlanSlug, round: RoundSlug, number: Number, user=None) -> StatusEntry:
    the_round = _round(request, plan, round, user)
    entry = StatusEntry.objects.filter(round=the_round, measure__number=number).for_work().first()
    if entry is None:
        raise Http404(_("Fant ikke tiltak «%(number)s» i runden «%(round)s».") % {"number": number, "round": round})
    return entry


def _label(plan: Plan, text: str | None) -> StatusLabel | None:
    if text is None or not text.strip():
        return None
    labels = list(StatusLabel.objects.filter(grade__scale_id=plan.scale_id).order_by("grade__position", "position"))
    for label in labels:
        if label.text.casefold() == text.strip().casefold():
            return label
    # Each grade's main label first, in scale order (what the forms offer), then the other spellings it accepts.
    main = {}
    for label in labels:
        main.setdefault(label.grade_id, label)
    firsts = list(main.values())
    raise UnknownStatus(text, [label.text for label in firsts + [lbl for lbl in labels if lbl not in firsts]])


@router.get("/plans", response=answers({200: list[PlanOut]}, *LISTS),
            openapi_extra=caching.openapi(described(LISTS, extra=paging.openapi(READ))),
            summary="Every plan", description=paging.DESCRIPTION)
@caching.cached_read(caching.every_plan, lists=True, scope=of_every_plan)
def list_plans(request, response: HttpResponse, window: Query[paging.Window]):
    viewer(request)  # a bad token is refused here too
    plans = Plan.objects.select_related("coordinator").prefetch_related("scale__grades").order_by("slug")
    return [
        PlanOut(slug=p.slug, title=p.title, title_en=p.title_en, period=list(p.period),
                coordinator=p.coordinator.abbreviation if p.coordinator_id else None,
                status_scale=[g.name for g in p.scale.grades.all()])
        for p in paging.part(request, response, plans, window)
    ]


@router.get("/plans/{plan}/rounds", response=answers({200: list[RoundOut]}, *LISTS_IN_PLAN),
            openapi_extra=caching.openapi(described(LISTS_IN_PLAN, extra=paging.openapi(READ))),
            summary="The plan's rounds you may see, oldest first",
            description=paging.DESCRIPTION)
@caching.cached_read(caching.the_plan, lists=True)
def list_rounds(request, response: HttpResponse, plan: PlanSlug, window: Query[paging.Window]):
    the_plan = _plan(plan)
    rounds = selectors.rounds_visible_to(viewer(request)).filter(plan=the_plan).order_by("as_of", "pk")
    return paging.part(request, response, rounds, window)


@router.post("/plans/{plan}/rounds", response=answers({201: RoundOut}, *WRITES), auth=bearer,
             openapi_extra=described(WRITES, {
                 409: "the plan has an open round already (publish it first).",
                 422: "the plan has a round with this `slug` already."}),
             summary="Open a round (coordinator); every entry is carried forward from the previous round")
def create_round(request, plan: PlanSlug, body: RoundIn):
    the_round = actions.open_round(plan=_plan(plan), slug=body.slug, label=body.label, as_of=body.as_of,
                                   deadline=body.deadline, acting_user=request.auth)
    return Status(201, the_round)


@router.post("/plans/{plan}/rounds/{round}/publish", response=answers({200: RoundOut}, *STEPS), auth=bearer,
             openapi_extra=described(STEPS, {
                 409: "the round is published already, or entries are not yet approved (`not_approved` names them)."}),
             summary="Publish the round (coordinator); 409 names the entries not yet approved")
def publish(request, plan: PlanSlug, round: RoundSlug):
    return actions.publish_round(the_round=_round(request, plan, round, request.auth), acting_user=request.auth)


def _bulk_out(outcomes: list[actions.BulkOutcome]) -> BulkOut:
    done = sum(1 for o in outcomes if o.done)
    return BulkOut(done=done, not_done=len(outcomes) - done, results=[
        {"number": o.number, "done": o.done, "state": o.entry.state, "version": o.entry.version, "detail": o.detail}
        for o in outcomes
    ])


BULK_RULES = {
    422: "a number the round does not have (`numbers` lists them).",
}
BULK_DESCRIPTION = (
    "Body: `{\"numbers\": [\"1\", \"3.2\", …]}` (at most 1000). One transaction. The answer has one result per "
    "number: `done`, the entry's `state` and `version` after the call, and in `detail` why it was not done "
    "(a state that moved on, no narrative, …). The request as a whole is refused and nothing changes when the list "
    "is empty or too long or names a number the round does not have (422, `numbers` lists them), or an entry "
    "you may not act on (403)."
)


@router.post("/plans/{plan}/rounds/{round}/submit", response=answers({200: BulkOut}, *WRITES), auth=bearer,
             openapi_extra=described(WRITES, BULK_RULES),
             summary="Submit several entries at once (lead ministry's reporter or coordinator)",
             description=BULK_DESCRIPTION + " With `confirm_unchanged: true` an entry carried forward unchanged from "
             "the previous round is first confirmed as still true.")
def submit_many(request, plan: PlanSlug, round: RoundSlug, body: BulkIn):
    the_round = _round(request, plan, round, request.auth)
    return _bulk_out(actions.submit_entries(the_round=the_round, numbers=body.numbers, acting_user=request.auth,
                                            confirm_unchanged=body.confirm_unchanged))


@router.post("/plans/{plan}/rounds/{round}/approve", response=answers({200: BulkOut}, *WRITES), auth=bearer,
             openapi_extra=described(WRITES, BULK_RULES),
             summary="Approve several submitted entries at once (coordinator)", description=BULK_DESCRIPTION)
def approve_many(request, plan: PlanSlug, round: RoundSlug, body: BulkIn):
    the_round = _round(request, plan, round, request.auth)
    return _bulk_out(actions.approve_entries(the_round=the_round, numbers=body.numbers, acting_user=request.auth))


@router.get("/plans/{plan}/rounds/{round}/entries", response=answers({200: list[EntryOut]}, *LISTS_IN_PLAN),
            openapi_extra=caching.openapi(described(LISTS_IN_PLAN, extra=paging.openapi(READ))),
            summary="The round's entries, in the measures' order",
            description=paging.DESCRIPTION)
@caching.cached_read(caching.published_round, lists=True)
def list_entries(request, response: HttpResponse, plan: PlanSlug, round: RoundSlug, window: Query[paging.Window]):
    the_round = _round(request, plan, round)
    entries = StatusEntry.objects.filter(round=the_round).for_work().order_by("measure__sort_key", "measure_id")
    grades = selectors.grades_as_published(the_round)
    return [entry_out(e, grades) for e in paging.part(request, response, entries, window)]


@router.get("/plans/{plan}/rounds/{round}/entries/{number}", response=answers({200: EntryOut}, *READS_IN_PLAN),
            openapi_extra=caching.openapi(described(READS_IN_PLAN, extra=READ)))
@caching.cached_read(caching.published_round)
def get_entry(request, plan: PlanSlug, round: RoundSlug, number: Number):
    return entry_out(_entry(request, plan, round, number))


@router.put("/plans/{plan}/rounds/{round}/entries/{number}", response=answers({200: EntryOut}, *WRITES), auth=bearer,
            openapi_extra=described(WRITES, {
                409: "`version` is not the current one (`current` holds the entry as it now is), the round is not "
                     "open for reporting, or the entry is submitted or approved.",
                422: "`status` is not a label of the plan's scale (`allowed` lists them); `reason` is required to "
                     "correct an entry of a published round."}),
            summary="Write grade, narrative (and links); 409 if `version` is not the current one")
def put_entry(request, plan: PlanSlug, round: RoundSlug, number: Number, body: EntryIn):
    entry = _entry(request, plan, round, number, request.auth)
    updated = actions.update_entry(
        entry=entry, status=_label(entry.round.plan, body.status), narrative=body.narrative, links=body.links,
        expected_version=body.version, acting_user=request.auth, reason=body.reason,
    )
    return entry_out(_entry(request, plan, round, updated.measure.number, request.auth))


@router.post("/plans/{plan}/rounds/{round}/entries/{number}/submit", response=answers({200: EntryOut}, *STEPS),
             auth=bearer, openapi_extra=described(STEPS, {
                 409: "the entry is not a draft or returned, the round is not open, or the entry is carried forward "
                      "unchanged and not yet confirmed.",
                 422: "the entry has no status or no narrative yet."}))
def submit(request, plan: PlanSlug, round: RoundSlug, number: Number):
    entry = actions.submit_entry(entry=_entry(request, plan, round, number, request.auth), acting_user=request.auth)
    return entry_out(_entry(request, plan, round, entry.measure.number, request.auth))


@router.post("/plans/{plan}/rounds/{round}/entries/{number}/approve", response=answers({200: EntryOut}, *STEPS),
             auth=bearer, openapi_extra=described(STEPS, {
                 409: "the entry is not submitted, or the round is not open."}))
def approve(request, plan: PlanSlug, round: RoundSlug, number: Number):
    entry = actions.approve_entry(entry=_entry(request, plan, round, number, request.auth), acting_user=request.auth)
    return entry_out(_entry(request, plan, round, entry.measure.number, request.auth))


@router.post("/plans/{plan}/rounds/{round}/entries/{number}/return", response=answers({200: EntryOut}, *WRITES),
             auth=bearer, openapi_extra=described(WRITES, {
                 409: "the entry is not submitted or approved, or the round is not open."}))
def return_(request, plan: PlanSlug, round: RoundSlug, number: Number, body: ReturnIn):
    entry = actions.return_entry(entry=_entry(request, plan, round, number, request.auth), comment=body.comment,
                                 acting_user=request.auth)
    return entry_out(_entry(request, plan, round, entry.measure.number, request.auth))
