"""The fill-in forms in the API: a ministry's XLSX form (or a ZIP of all) for an open round, and a filled-in form
sent back as the request's body, answered row by row (tiltak.plans.actions.forms decides; this only translates).
"""

from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from tiltak.api.auth import BearerToken, viewer
from tiltak.api.schemas import FormResultOut
from tiltak.api.views import READ, PlanSlug, RoundSlug, _round, answers
from tiltak.forms_xlsx import writer
from tiltak.forms_xlsx.upload import FormRefused, overwrite_choices, read_upload, require_round
from tiltak.lib import values
from tiltak.plans import access
from tiltak.plans.actions.forms import FormRejected, apply_form, forms_for, may_take_form, ministries_of
from tiltak.plans.models import Round

router = Router()
bearer = BearerToken()
XLSX = {"content": {writer.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}}}


Ministry = Annotated[str, Path(max_length=values.ABBREVIATION, description="The ministry's abbreviation, as JD")]
Language = Annotated[Literal["nb", "en"], Query(description="The form's language: bokmål (`nb`) or English (`en`).")]
Flag = Annotated[bool, Query()]
Overwrite = Annotated[str, Query(
    max_length=values.OVERWRITE_CHOICES, pattern=f"^(?:{values.OVERWRITE_PATTERN})?$",
    description="Conflicts to settle with the form's text: each row's number and the entry's version that the "
                "conflict row of a dry run names, as `10:3,12:5`. An entry changed again since is a conflict again.")]


def _open(request, plan: str, round: str, user) -> Round:
    the_round = _round(request, plan, round, user)
    if the_round.state != Round.State.OPEN:
        raise FormRejected(_("Runden «%(round)s» er ikke åpen for rapportering.") % {"round": the_round.label})
    return the_round


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/plans/{plan}/rounds/{round}/forms", response=answers({200: None}, 400, 401, 403, 404, 409, 422),
            summary="Every ministry's fill-in form for the open round, as a ZIP of XLSX files (coordinator)",
            openapi_extra={**READ, "responses": {200: {"description": "A ZIP", "content": {
                "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}})
def all_forms(request, plan: PlanSlug, round: RoundSlug, lang: Language = "nb"):
    user = viewer(request)
    the_round = _open(request, plan, round, user)
    if not access.can(user, "review_entry", the_round):
        raise PermissionDenied(_("Bare koordinator kan laste ned alle skjemaene."))
    return _file(writer.build_zip(the_round, lang=lang),
                 f"{the_round.plan.slug}-{the_round.slug}-skjema.zip", "application/zip")


@router.get("/plans/{plan}/rounds/{round}/forms/{ministry}",
            response=answers({200: None}, 400, 401, 403, 404, 409, 422),
            summary="A ministry's fill-in form for the open round, as XLSX (its reporters and the coordinator)",
            openapi_extra={**READ, "responses": {200: {"description": "The form", **XLSX}}})
def one_form(request, plan: PlanSlug, round: RoundSlug, ministry: Ministry, lang: Language = "nb"):
    user = viewer(request)
    the_round = _open(request, plan, round, user)
    if ministry not in ministries_of(the_round):
        raise Http404(_("Departementet rapporterer ikke på noe tiltak i denne runden."))
    if not may_take_form(user, the_round, ministry):
        raise PermissionDenied(_("Du kan bare laste ned skjemaet for ditt eget departement."))
    return _file(writer.build_form(the_round, ministry, lang=lang), writer.form_name(the_round, ministry),
                 writer.CONTENT_TYPE)


@router.post("/plans/{plan}/rounds/{round}/forms", auth=bearer,
             response=answers({200: FormResultOut}, 400, 401, 403, 404, 409, 413, 422),
             summary="Send a filled-in form back (the XLSX as the body); the answer says per row what happened",
             description="The body is the XLSX file (`Content-Type: " + writer.CONTENT_TYPE + "` or "
             "`application/octet-stream`), at most "
             "TILTAK_MAX_UPLOAD_BYTES. `?dry_run=true` stores nothing and answers what would happen; `?submit=true` "
             "also sends in the entries you may send in. Each row is `unchanged`, `changed`, `refused` (with the "
             "reason in `detail`) or `conflict` (the entry was changed since the form was made: not stored unless "
             "`?overwrite=` names it with the entry's `version`). A file "
             "that is not the form, of another round or of a ministry you do not report for is refused whole "
             "(422, 403) and nothing is stored.",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
def take_form(request, plan: PlanSlug, round: RoundSlug, dry_run: Flag = False, submit: Flag = False,
              overwrite: Overwrite = ""):
    the_round = _open(request, plan, round, request.auth)
    forms_for(request.auth, the_round)
    form = read_upload(request.body)
    require_round(form, the_round)
    result = apply_form(the_round=the_round, ministry=form.ministry, rows=form.rows, acting_user=request.auth,
                        submit=submit, dry_run=dry_run, overwrite=overwrite_choices(overwrite))
    return {"ministry": form.ministry, "stored": result.stored, "rows": result.rows,
            "counts": {kind: result.count(kind) for kind in ("changed", "unchanged", "refused", "conflict")}}


def register(api) -> None:
    @api.exception_handler(FormRefused)
    def refused(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=422)

    @api.exception_handler(FormRejected)
    def rejected(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)

