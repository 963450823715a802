"""The round as the coordinator follows it: progress per ministry, the review queue, publishing; and opening."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.plans import access, actions
from tiltak.plans.models import DataQualityNote, EntryState, Plan, StatusEntry
from tiltak.web.forms import OpenRoundForm, ReturnForm
from tiltak.web.views.lookup import round_for


def _progress(entries) -> list[dict]:
    """Per lead ministry: how many of its measures are in each state."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for entry in entries:
        responsible = entry.measure.responsible_abbreviations()
        counts[responsible[0] if responsible else "–"][entry.state] += 1
    rows = []
    for ministry, counter in sorted(counts.items()):
        total = sum(counter.values())
        rows.append({"ministry": ministry, "total": total, "approved": counter[EntryState.APPROVED],
                     "submitted": counter[EntryState.SUBMITTED], "returned": counter[EntryState.RETURNED],
                     "draft": counter[EntryState.DRAFT],
                     "percent": round(100 * (counter[EntryState.SUBMITTED] + counter[EntryState.APPROVED]) / total)})
    return rows


@login_required
def round_board(request, plan, round):
    the_round = round_for(request.user, plan, round)
    entries = list(StatusEntry.objects.filter(round=the_round).for_work())
    for entry in entries:
        entry.round = the_round
    coordinates = access.can(request.user, "review_entry", the_round)
    # Where the source document contradicted itself (an imported round): one query, however many notes.
    notes = list(DataQualityNote.objects.for_round(the_round)) if coordinates else []
    return render(request, "web/board.html", {
        "notes": notes,
        "plan": the_round.plan, "round": the_round, "entries": entries, "progress": _progress(entries),
        "queue": [e for e in entries if e.state == EntryState.SUBMITTED],
        "coordinates": coordinates, "may_publish": coordinates and not the_round.is_published,
        "all_approved": all(e.state == EntryState.APPROVED for e in entries),
        "return_form": ReturnForm(),
    })


@login_required
@require_POST
def publish(request, plan, round):
    the_round = round_for(request.user, plan, round)
    try:
        actions.publish_round(the_round=the_round, acting_user=request.user)
    except actions.EntryConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Runden er publisert."))
    return redirect("web:round", plan=plan, round=round)


@login_required
def open_round(request, plan):
    the_plan = get_object_or_404(Plan, slug=plan)
    if not access.can(request.user, "open_round", the_plan):
        raise PermissionDenied(_("Bare koordinator kan åpne en rapporteringsrunde."))
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            the_round = actions.open_round(plan=the_plan, slug=data["slug"], label=data["label"],
                                           as_of=data["as_of"], deadline=data["deadline"],
                                           acting_user=request.user)
        except actions.EntryConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Runden er åpnet, med tekstene fra forrige runde overført."))
            return redirect("web:round", plan=plan, round=the_round.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "web/open_round.html", {"plan": the_plan, "form": form}, status=status)
