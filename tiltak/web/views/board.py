"""The round as the coordinator follows it: progress per ministry, the review queue, publishing; and opening."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.lib.numbering import natural_key
from tiltak.plans import access, actions, selectors
from tiltak.plans.models import DataQualityNote, EntryState, Plan, Round, StatusEntry
from tiltak.reports.data import build_report
from tiltak.reports.views import FORMAT_NAMES
from tiltak.web.forms import OpenRoundForm, ReturnForm, RoundTextForm, add_errors, posted
from tiltak.web.views.home import tell
from tiltak.web.views.lookup import with_measure_shown


def _progress(entries, *, overdue: bool) -> list[dict]:
    """Per ministry, lead and co-responsible alike: how many of the measures it leads are in each state, and
    how many it shares as co-responsible. Marked overdue when the deadline has passed with entries left."""
    counts: dict[str, Counter] = defaultdict(Counter)
    shared: Counter = Counter()
    for entry in entries:
        responsible = list(entry.shown.responsible) or ["–"]
        counts[responsible[0]][entry.state] += 1
        for abbreviation in responsible[1:]:
            shared[abbreviation] += 1
            counts.setdefault(abbreviation, Counter())
    rows = []
    for ministry, counter in sorted(counts.items()):
        total = sum(counter.values())
        left = counter[EntryState.DRAFT] + counter[EntryState.RETURNED]
        delivered = counter[EntryState.SUBMITTED] + counter[EntryState.APPROVED]
        rows.append({"ministry": ministry, "total": total, "co": shared[ministry],
                     "approved": counter[EntryState.APPROVED], "submitted": counter[EntryState.SUBMITTED],
                     "returned": counter[EntryState.RETURNED], "draft": counter[EntryState.DRAFT],
                     "overdue": overdue and left > 0,
                     "percent": round(100 * delivered / total) if total else None})
    return rows


def _with_previous(the_round, entries) -> None:
    """Give each entry ``previous``: the same measure's entry in the plan's previous round, of any state (one
    query)."""
    before = selectors.previous_round(the_round)
    previous = {}
    if before is not None:
        previous = {e.measure_id: e for e in StatusEntry.objects.filter(round=before).select_related("status__grade")}
    for entry in entries:
        entry.previous = previous.get(entry.measure_id)
        entry.grade_changed = bool(entry.previous and entry.previous.status_id and entry.status_id
                                   and entry.previous.status.grade_id != entry.status.grade_id)


@login_required
def round_board(request, plan, round):
    the_round = selectors.round_for_user(request.user, plan, round)
    entries = with_measure_shown(list(StatusEntry.objects.filter(round=the_round).for_work()))
    entries.sort(key=lambda e: natural_key(e.shown.number))  # a measure renumbered since where the round had it
    for entry in entries:
        entry.round = the_round
    coordinates = access.can(request.user, "review_entry", the_round)
    # Where the source document contradicted itself (an imported round): one query, however many notes.
    notes = list(DataQualityNote.objects.for_round(the_round)) if coordinates else []
    numbers_shown = {entry.measure_id: entry.shown.number for entry in entries}
    for note in notes:  # the number the document (the round) gave the measure
        note.number_shown = numbers_shown.get(note.measure_id, note.measure.number if note.measure else "")
    queue = [e for e in entries if e.state == EntryState.SUBMITTED]
    if coordinates and queue:
        _with_previous(the_round, queue)
    overdue = bool(the_round.state == Round.State.OPEN and the_round.deadline
                   and the_round.deadline < timezone.localdate())
    return render(request, "web/board.html", {
        "notes": notes,
        "plan": the_round.plan, "round": the_round, "entries": entries,
        "progress": _progress(entries, overdue=overdue), "overdue": overdue,
        "queue": queue,
        "coordinates": coordinates, "may_publish": coordinates and not the_round.is_published,
        "all_approved": all(e.state == EntryState.APPROVED for e in entries),
        "return_form": ReturnForm(),
    })


@login_required
@require_POST
def approve_selected(request, plan, round):
    """Approve the ticked entries of the review queue, or (``all``) every submitted one, in one transaction."""
    the_round = selectors.round_for_user(request.user, plan, round)
    if request.POST.get("scope") == "all":
        numbers = list(StatusEntry.objects.filter(round=the_round, state=EntryState.SUBMITTED)
                       .values_list("measure__number", flat=True))
        if not numbers:
            messages.info(request, _("Ingen tiltak venter på godkjenning."))
            return redirect("web:round", plan=plan, round=round)
    else:
        numbers = request.POST.getlist("numbers")
    try:
        outcomes = actions.approve_entries(the_round=the_round, numbers=numbers, acting_user=request.user)
    except actions.BulkRejected as exc:
        messages.error(request, _("Ingenting ble godkjent: %(reason)s") % {"reason": exc})
        return redirect("web:round", plan=plan, round=round)
    tell(request, outcomes, done=_("Godkjent: %(numbers)s."),
         not_done=_("Ikke godkjent: %(number)s: %(reason)s"))
    return redirect("web:round", plan=plan, round=round)


@login_required
def preview(request, plan, round):
    """Before publishing: the report as it will be published (HTML and PDF), what becomes public, the report's
    title and introduction to edit, and the button that publishes."""
    the_round = selectors.round_for_user(request.user, plan, round)
    if not access.can(request.user, "publish_round", the_round):
        raise PermissionDenied(_("Bare koordinator kan forhåndsvise og publisere en runde."))
    status = 200
    form = RoundTextForm(initial={"title": the_round.title, "introduction": the_round.introduction})
    if request.method == "POST":
        form = RoundTextForm(request.POST)
        if form.is_valid():
            try:
                actions.edit_round_text(the_round=the_round, title=form.cleaned_data["title"],
                                        introduction=form.cleaned_data["introduction"], acting_user=request.user)
            except actions.EntryConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Tittelen og innledningen er lagret."))
                return redirect("web:preview", plan=plan, round=round)
        status = 422
    entries = with_measure_shown(list(StatusEntry.objects.filter(round=the_round).for_work()))
    waiting = [e for e in entries if e.state != EntryState.APPROVED]
    report = build_report(the_round.plan, the_round)
    before = selectors.previous_round(the_round)  # where the title and introduction were carried from
    return render(request, "web/preview.html", {
        "introduction_carried": bool(before and the_round.introduction
                                     and the_round.introduction == before.introduction),
        "plan": the_round.plan, "round": the_round, "form": form, "report": report, "waiting": waiting,
        "count": len(entries), "formats": FORMAT_NAMES,
    }, status=status)


@login_required
@require_POST
def publish(request, plan, round):
    the_round = selectors.round_for_user(request.user, plan, round)
    if not access.can(request.user, "publish_round", the_round):
        raise PermissionDenied(_("Bare koordinator kan publisere en runde."))
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Kryss av for at du har sett gjennom rapporten, og publiser på nytt."))
        return redirect("web:preview", plan=plan, round=round)
    try:
        actions.publish_round(the_round=the_round, acting_user=request.user)
    except actions.EntryConflict as exc:
        messages.error(request, str(exc))
        return redirect("web:preview", plan=plan, round=round)
    messages.success(request, _("Runden er publisert. Rapporten er nå offentlig."))
    return redirect("web:round", plan=plan, round=round)


@login_required
def open_round(request, plan):
    the_plan = get_object_or_404(Plan, slug=plan)
    if not access.can(request.user, "open_round", the_plan):
        raise PermissionDenied(_("Bare koordinator kan åpne en rapporteringsrunde."))
    form = OpenRoundForm(posted(request), today=timezone.localdate())
    first_round = not the_plan.rounds.exists()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            the_round = actions.open_round(plan=the_plan, slug=data["slug"], label=data["label"],
                                           as_of=data["as_of"], deadline=data["deadline"],
                                           acting_user=request.user)
        except actions.EntryConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Runden er åpnet. Tiltakene har ingen status ennå: rapportørene skriver "
                                        "den første.") if first_round
                             else _("Runden er åpnet, med tekstene fra forrige runde overført."))
            return redirect("web:round", plan=plan, round=the_round.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "web/open_round.html", {"plan": the_plan, "form": form, "first_round": first_round},
                  status=status)
