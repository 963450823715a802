"""Importing a published report: upload, look at what tiltak read and what would change, then confirm.

The preview does the whole import as a dry run and shows every change as a diff. What the coordinator saw is what
gets stored: the parsed report travels to the confirm step in a signed, time-limited hidden field (the file is not
uploaded, nor parsed, twice; nothing is kept on the server between the two steps). The parse runs in a child
process with limits (tiltak/importer/sandbox.py), before and outside any transaction. Who may import what, and
what an import may change, the action decides (plans/actions/imports.py); this view only asks and shows.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tiltak.importer.document import ParsedReport
from tiltak.lib import values
from tiltak.plans import access, actions
from tiltak.plans.models import Plan
from tiltak.web.forms import ImportUploadForm
from tiltak.web.uploads import SizeLimitedUpload

PAYLOAD_SALT = "tiltak.web.import-preview"
PAYLOAD_MAX_AGE = 60 * 60  # seconds a preview may be confirmed in


def _require_import(user) -> None:
    if not access.can(user, "import_report"):
        raise PermissionDenied(_("Bare koordinator kan importere rapporter."))


def _plans_for(user) -> list[Plan]:
    """The existing plans this person may import a new round into."""
    return [plan for plan in Plan.objects.order_by("title") if access.can(user, "import_report", plan)]


def _form(request, **kwargs) -> ImportUploadForm:
    return ImportUploadForm(plans=_plans_for(request.user), max_bytes=settings.MAX_UPLOAD_BYTES, **kwargs)


@csrf_exempt  # only so the size limit is in place before the body is read; _upload checks the token
@login_required
def upload(request):
    _require_import(request.user)
    limit = None
    if request.method == "POST":
        limit = SizeLimitedUpload(request, max_bytes=settings.MAX_UPLOAD_BYTES)
        request.upload_handlers.insert(0, limit)
    return _upload(request, limit)


@csrf_protect
def _upload(request, limit: SizeLimitedUpload | None):
    if request.method != "POST":
        return render(request, "web/import_upload.html", {"form": _form(request)})
    form = _form(request, data=request.POST, files=request.FILES, oversized="document" in limit.skipped)
    if not form.is_valid():
        return render(request, "web/import_upload.html", {"form": form}, status=422)
    return _preview(request, form.report, plan_slug=form.cleaned_data["target"] or None,
                    file_name=form.source_name)


def _measure_rows(report: ParsedReport) -> list[dict]:
    notes = defaultdict(list)
    for warning in report.warnings:
        notes[warning.measure].append(warning.code)
    return [{
        "measure": measure,
        "status_differs": measure.status_overview is not None
        and (measure.status or "").casefold() != measure.status_overview.casefold(),
        "notes": notes.get(measure.number, []),
    } for measure in report.measures]


def _restoration_rows(restorations: list[dict]) -> list[dict]:
    """One row per word read the same way, with how often and in which measures; the unsure first."""
    groups: dict[tuple, dict] = {}
    for note in restorations:
        alternatives = tuple(note.get("alternatives") or ())
        key = (note["word"], note["chosen"], alternatives, bool(note.get("unsure")))
        row = groups.setdefault(key, {"word": note["word"], "chosen": note["chosen"], "alternatives": alternatives,
                                      "unsure": key[3], "changed": note["word"] != note["chosen"], "count": 0,
                                      "measures": [], "in_introduction": False})
        row["count"] += 1
        if note.get("measure") is None:
            row["in_introduction"] = True
        elif note["measure"] not in row["measures"]:
            row["measures"].append(note["measure"])
    return sorted(groups.values(), key=lambda r: (not r["unsure"], -r["count"], r["word"].casefold()))


def _preview(request, report: ParsedReport, *, plan_slug: str | None, file_name: str):
    document = report.to_json()
    context = {"report": report, "file_name": file_name, "rows": _measure_rows(report),
               "restorations": _restoration_rows(report.restorations),
               "unsure_count": sum(1 for r in report.restorations if r.get("unsure"))}
    try:
        result = actions.import_report(document=document, plan_slug=plan_slug, acting_user=request.user,
                                       dry_run=True)
    except (actions.ImportRejected, PermissionDenied) as exc:
        context["rejected"] = str(exc)
    else:
        context.update(
            result=result, plan_is_new=result.plan_is_new, round_is_new=result.round_is_new,
            changes=[item for item in result.changes.items if item.kind != "plan_matched"],
            stored_kept=[{"where": _kept_where(kept), "whole": kept.whole, "kept_words": kept.kept_words,
                          "diff": kept.diff} for kept in result.stored_kept],
            max_reason=values.COMMENT,
            payload=signing.dumps({"document": document, "plan": plan_slug, "user": request.user.pk},
                                  salt=PAYLOAD_SALT, compress=True),
        )
    return render(request, "web/import_preview.html", context)


KEPT_FIELDS = {"title": gettext_lazy("tittel"), "plan_text": gettext_lazy("tekst i planen"),
               "status_text": gettext_lazy("beskrivelse"), "introduction": gettext_lazy("innledning")}


def _kept_where(kept) -> str:
    field = str(KEPT_FIELDS.get(kept.field, kept.field))
    if kept.measure is None:
        return _("Runden: %(field)s") % {"field": field}
    return _("Tiltak %(number)s: %(field)s") % {"number": kept.measure, "field": field}


def _summary(result: actions.ImportResult) -> str:
    """What the import created or changed, in words."""
    if result.round is None:  # a plan's list of measures
        if not result.changed:
            return _("Ingenting ble endret: tiltakene i «%(plan)s» var allerede importert.") % {
                "plan": result.plan.title}
        n = result.counts["measure_created"]
        return ngettext("Planen «%(plan)s» er importert med %(n)d nytt tiltak.",
                        "Planen «%(plan)s» er importert med %(n)d nye tiltak.", n) % {"plan": result.plan.title, "n": n}
    where = {"plan": result.plan.title, "round": result.round.label}
    if not result.changed:
        return _("Ingenting ble endret: «%(plan)s», %(round)s, var allerede importert.") % where
    counts = result.counts
    parts = []
    if result.plan_is_new:
        parts.append(_("ny plan"))
    if counts["round_created"]:
        parts.append(_("ny runde") if result.round.is_published else _("ny runde, ikke publisert"))
    if n := counts["measure_created"]:
        parts.append(ngettext("%(n)d nytt tiltak", "%(n)d nye tiltak", n) % {"n": n})
    changed = ("round_updated", "measure_updated", "responsible_changed", "entry_created", "entry_updated")
    if n := sum(counts[kind] for kind in changed):
        parts.append(ngettext("%(n)d endring", "%(n)d endringer", n) % {"n": n})
    if n := counts["note_added"]:
        parts.append(ngettext("%(n)d merknad om datakvalitet", "%(n)d merknader om datakvalitet", n) % {"n": n})
    if n := len(result.kept):
        parts.append(ngettext("%(n)d godkjent eller innsendt tiltak ikke endret",
                              "%(n)d godkjente eller innsendte tiltak ikke endret", n) % {"n": n})
    return _("Rapporten er importert til «%(plan)s», %(round)s: %(what)s.") % {**where, "what": ", ".join(parts)}


@login_required
@require_POST
def confirm(request):
    _require_import(request.user)
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.SignatureExpired:
        return _refused(request, _("Forhåndsvisningen er eldre enn en time. Last opp dokumentet på nytt."))
    except signing.BadSignature:
        payload = None
    if not isinstance(payload, dict) or payload.get("user") != request.user.pk:
        return _refused(request, _("Forhåndsvisningen kunne ikke bekreftes. Last opp dokumentet på nytt."))
    reason = request.POST.get("reason", "").strip()[:values.COMMENT]
    publish = request.POST.get("unpublished") != "on"
    try:
        result = actions.import_report(document=payload["document"], plan_slug=payload["plan"],
                                       acting_user=request.user, reason=reason, publish=publish)
    except actions.ImportRejected as exc:
        return _refused(request, _("Rapporten kan ikke importeres: %(reason)s") % {"reason": exc})
    messages.success(request, _summary(result))
    if result.round is None:
        return redirect("web:open_round", plan=result.plan.slug)
    return redirect("web:round", plan=result.plan.slug, round=result.round.slug)


def _refused(request, message: str):
    return render(request, "web/import_upload.html", {"form": _form(request), "refused": message}, status=400)

