"""«Skjema for utfylling»: a round's fill-in forms to download, and a filled-in form uploaded, previewed, confirmed.

The preview is the action's dry run (tiltak.plans.actions.forms.apply_form); what the person saw travels to the
confirm step in a signed, time-limited hidden field, as the import's preview does (tiltak/web/views/imports.py):
nothing is kept on the server between the two steps and the file is read once. The confirm runs the action again,
so a row that moved on in the meantime is refused then, not overwritten.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tiltak.forms_xlsx import writer
from tiltak.plans import access, selectors
from tiltak.plans.actions.forms import FormRejected, FormRow, apply_form, forms_for, may_take_form, ministries_of
from tiltak.plans.models import Round
from tiltak.web.fillin_form import FormUploadForm
from tiltak.web.uploads import SizeLimitedUpload

PAYLOAD_SALT = "tiltak.web.form-preview"
PAYLOAD_MAX_AGE = 60 * 60


def _open_round(request, plan: str, round: str) -> Round:
    the_round = selectors.round_for_user(request.user, plan, round)
    if the_round.state != Round.State.OPEN:
        raise Http404(_("Runden er ikke åpen for rapportering."))
    return the_round


def _page(request, the_round: Round, form: FormUploadForm, status: int = 200, refused: str = ""):
    return render(request, "web/forms.html", {
        "plan": the_round.plan, "round": the_round, "ministries": forms_for(request.user, the_round), "form": form,
        "coordinates": access.can(request.user, "review_entry", the_round), "refused": refused,
    }, status=status)


def _upload_form(request, the_round: Round, **kwargs) -> FormUploadForm:
    return FormUploadForm(the_round=the_round, max_bytes=settings.MAX_UPLOAD_BYTES, **kwargs)


@csrf_exempt  # only so the size limit is in place before the body is read; _forms checks the token
@login_required
def forms_page(request, plan, round):
    limit = None
    if request.method == "POST":
        limit = SizeLimitedUpload(request, max_bytes=settings.MAX_UPLOAD_BYTES)
        request.upload_handlers.insert(0, limit)
    return _forms(request, plan, round, limit)


@csrf_protect
def _forms(request, plan, round, limit: SizeLimitedUpload | None):
    the_round = _open_round(request, plan, round)
    forms_for(request.user, the_round)
    if request.method != "POST":
        return _page(request, the_round, _upload_form(request, the_round))
    upload = _upload_form(request, the_round, data=request.POST, files=request.FILES,
                          oversized="form_file" in limit.skipped)
    if not upload.is_valid():
        return _page(request, the_round, upload, status=422)
    read, submit = upload.form, upload.cleaned_data["submit"]
    try:
        result = apply_form(the_round=the_round, ministry=read.ministry, rows=read.rows, acting_user=request.user,
                            submit=submit, dry_run=True)
    except (FormRejected, PermissionDenied) as exc:
        upload.add_error("form_file", str(exc))
        return _page(request, the_round, upload, status=422 if isinstance(exc, FormRejected) else 403)
    payload = signing.dumps({
        "round": the_round.pk, "ministry": read.ministry, "user": request.user.pk, "submit": submit,
        "rows": [[r.number, r.version, r.digest, r.status, r.narrative, r.links] for r in read.rows],
        "conflicts": {row.number: row.version for row in result.rows if row.kind == "conflict"},
    }, salt=PAYLOAD_SALT, compress=True)
    return _result(request, the_round, read.ministry, result, payload=payload, submit=submit)


def _result(request, the_round: Round, ministry: str, result, *, payload: str = "", submit: bool = False,
            status: int = 200):
    return render(request, "web/form_preview.html", {
        "plan": the_round.plan, "round": the_round, "ministry": ministry, "result": result, "payload": payload,
        "submit": submit, "counts": {kind: result.count(kind) for kind in ("changed", "unchanged", "refused",
                                                                            "conflict")},
    }, status=status)


@login_required
@require_POST
def confirm(request, plan, round):
    the_round = _open_round(request, plan, round)
    forms_for(request.user, the_round)
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature:
        payload = None
    if not isinstance(payload, dict) or payload.get("user") != request.user.pk or payload.get("round") != the_round.pk:
        return _page(request, the_round, _upload_form(request, the_round), status=400, refused=_(
            "Forhåndsvisningen kunne ikke bekreftes (eller er eldre enn en time). Last opp skjemaet på nytt."))
    chosen = set(request.POST.getlist("overwrite"))
    overwrite = {number: version for number, version in payload["conflicts"].items() if number in chosen}
    rows = [FormRow(number=n, version=v, digest=d, status=s, narrative=t, links=lk)
            for n, v, d, s, t, lk in payload["rows"]]
    try:
        result = apply_form(the_round=the_round, ministry=payload["ministry"], rows=rows, acting_user=request.user,
                            submit=payload["submit"], overwrite=overwrite)
    except (FormRejected, PermissionDenied) as exc:
        return _page(request, the_round, _upload_form(request, the_round), status=409, refused=str(exc))
    return _result(request, the_round, payload["ministry"], result)


def _xlsx(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _language(request) -> str:
    return "en" if (request.GET.get("lang") or request.LANGUAGE_CODE) == "en" else "nb"


@login_required
def download(request, plan, round, ministry):
    the_round = _open_round(request, plan, round)
    if ministry not in ministries_of(the_round):
        raise Http404(_("Departementet rapporterer ikke på noe tiltak i denne runden."))
    if not may_take_form(request.user, the_round, ministry):
        raise PermissionDenied(_("Du kan bare laste ned skjemaet for ditt eget departement."))
    return _xlsx(writer.build_form(the_round, ministry, lang=_language(request)),
                 writer.form_name(the_round, ministry), writer.CONTENT_TYPE)


@login_required
def download_all(request, plan, round):
    the_round = _open_round(request, plan, round)
    if not access.can(request.user, "review_entry", the_round):
        raise PermissionDenied(_("Bare koordinator kan laste ned alle skjemaene."))
    return _xlsx(writer.build_zip(the_round, lang=_language(request)),
                 f"{the_round.plan.slug}-{the_round.slug}-skjema.zip", "application/zip")
