"""One entry: the form a reporter writes in, submitting, reviewing, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.plans import access, actions
from tiltak.plans.actions.entries import EDITABLE
from tiltak.plans.models import EntryState, Round
from tiltak.web.forms import EntryForm, ReturnForm
from tiltak.web.views.lookup import entry_for, previous_entry


def _entry_url(entry) -> str:
    return reverse("web:entry", args=[entry.round.plan.slug, entry.round.slug, entry.measure.number])


def _may_write(user, entry) -> bool:
    if entry.round.state == Round.State.OPEN:
        return entry.state in EDITABLE and access.can(user, "edit_entry", entry)
    return entry.round.is_published and access.can(user, "correct_entry", entry)


def _initial(entry) -> dict:
    return {"status": entry.status, "narrative": entry.narrative, "links": "\n".join(entry.links),
            "version": entry.version}


@login_required
def entry_page(request, plan, round, number):
    entry = entry_for(request.user, plan, round, number)
    may_write = _may_write(request.user, entry)
    conflict = None
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Du kan ikke endre dette tiltaket nå."))
        form = EntryForm(request.POST, entry=entry)
        if form.is_valid():
            data = form.cleaned_data
            if data["same"] and not entry.unchanged and not entry.round.is_published:
                messages.info(request, _("Ingen endringer å lagre."))
                return redirect(_entry_url(entry))
            try:
                actions.update_entry(entry=entry, status=data["status"], narrative=data["narrative"],
                                     links=data["links"], expected_version=data["version"],
                                     acting_user=request.user, reason=data.get("reason", ""))
            except actions.StaleVersion as exc:
                # Keep what this person wrote, show what the other person saved, and let them save again on
                # top of it knowingly (the form now carries the current version).
                conflict = exc.current
                form = EntryForm({**request.POST.dict(), "version": exc.current.version}, entry=entry)
                form.is_valid()
            except actions.EntryConflict as exc:
                messages.error(request, str(exc))
                return redirect(_entry_url(entry))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Lagret."))
                return redirect(_entry_url(entry))
        status_code = 409 if conflict else 422
    else:
        form = EntryForm(initial=_initial(entry), entry=entry)
        status_code = 200
    previous = previous_entry(entry)
    return render(request, "web/entry.html", {
        "entry": entry, "plan": entry.round.plan, "round": entry.round, "form": form, "may_write": may_write,
        "previous": previous, "conflict": conflict,
        "grades": entry.round.plan.scale.grades.prefetch_related("labels"),
        "may_submit": entry.state in EDITABLE and entry.round.state == Round.State.OPEN
        and access.can(request.user, "submit_entry", entry),
        "may_review": entry.round.state == Round.State.OPEN and access.can(request.user, "review_entry", entry),
        "return_form": ReturnForm(),
    }, status=status_code)


def _act(request, plan, round, number, run, done: str):
    entry = entry_for(request.user, plan, round, number)
    try:
        run(entry)
    except actions.EntryConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/arbeid/") else _entry_url(entry))


@login_required
@require_POST
def submit(request, plan, round, number):
    return _act(request, plan, round, number, lambda e: actions.submit_entry(entry=e, acting_user=request.user),
                _("Sendt inn."))


@login_required
@require_POST
def approve(request, plan, round, number):
    return _act(request, plan, round, number, lambda e: actions.approve_entry(entry=e, acting_user=request.user),
                _("Godkjent."))


@login_required
@require_POST
def return_entry(request, plan, round, number):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(request, plan, round, number,
                lambda e: actions.return_entry(entry=e, comment=comment, acting_user=request.user),
                _("Returnert med kommentar."))


@login_required
def history(request, plan, round, number):
    entry = entry_for(request.user, plan, round, number)
    if not access.can(request.user, "view_history", entry):
        raise PermissionDenied
    versions = list(entry.versions.select_related("status", "changed_by").order_by("version"))
    before = ""
    for version in versions:
        version.before = before
        before = version.narrative
    return render(request, "web/history.html", {
        "entry": entry, "plan": entry.round.plan, "round": entry.round, "versions": versions[::-1],
        "EntryState": EntryState,
    })
