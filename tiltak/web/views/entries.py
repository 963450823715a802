"""One entry: the form a reporter writes in, submitting, reviewing, and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltak.plans import access, actions
from tiltak.plans.actions.entries import EDITABLE, lead_of
from tiltak.plans.models import EntryState, Round
from tiltak.web.forms import EntryForm, ReturnForm, add_errors, main_label_of
from tiltak.web.views.lookup import entry_for, previous_entry


def _entry_url(entry) -> str:
    return reverse("web:entry", args=[entry.round.plan.slug, entry.round.slug, entry.measure.number])


def _may_write(user, entry) -> bool:
    if entry.round.state == Round.State.OPEN:
        return entry.state in EDITABLE and access.can(user, "edit_entry", entry)
    return entry.round.is_published and access.can(user, "correct_entry", entry)


def _initial(entry) -> dict:
    return {"status": main_label_of(entry.status), "narrative": entry.narrative, "links": "\n".join(entry.links),
            "version": entry.version}


@login_required
def entry_page(request, plan, round, number):
    """The entry form. «Lagre» saves; «Send inn» saves what is on the screen and submits it in one step.

    Whatever goes wrong — a stale version, a round that closed, a state that moved on, a rule — the page answers
    with the person's text still in the form and the reason above it, never with a bare error page.
    """
    entry = entry_for(request.user, plan, round, number)
    if request.method == "POST":
        return _post_entry(request, entry)
    return _entry_response(request, entry, EntryForm(initial=_initial(entry), entry=entry))


def _post_entry(request, entry):
    """Save (or save and submit) what the form holds; on any refusal, the page again with the text kept."""
    form = EntryForm(request.POST, entry=entry)
    submitting = request.POST.get("action") == "submit"
    if not _may_write(request.user, entry):
        form.is_valid()
        form.add_error(None, _refusal(request.user, entry))
        return _entry_again(request, entry, form, 403 if not access.can(request.user, "edit_entry", entry) else 409)
    if not form.is_valid():
        return _entry_again(request, entry, form, 422)
    data = form.cleaned_data
    if data["same"] and not entry.unchanged and not entry.round.is_published and not submitting:
        messages.info(request, _("Ingen endringer å lagre."))
        return redirect(_entry_url(entry))
    try:
        _write(request.user, entry, data, submitting=submitting)
    except actions.StaleVersion as exc:
        # Keep what this person wrote, show what the other person saved, and let them save again on top of it
        # knowingly (the form now carries the current version).
        form = EntryForm({**request.POST.dict(), "version": exc.current.version}, entry=entry)
        form.is_valid()
        return _entry_again(request, entry, form, 409, conflict=exc.current)
    except (actions.EntryConflict, PermissionDenied, ValidationError) as exc:
        return _entry_again(request, entry, form, _refused(form, exc))
    messages.success(request, _("Sendt inn.") if submitting else _("Lagret."))
    return redirect("web:home") if submitting else redirect(_entry_url(entry))


def _write(user, entry, data: dict, *, submitting: bool) -> None:
    if submitting:
        actions.save_and_submit(entry=entry, status=data["status"], narrative=data["narrative"], links=data["links"],
                                expected_version=data["version"], acting_user=user,
                                confirm_unchanged=bool(data.get("confirm_unchanged")))
    else:
        actions.update_entry(entry=entry, status=data["status"], narrative=data["narrative"], links=data["links"],
                             expected_version=data["version"], acting_user=user, reason=data.get("reason", ""))


def _refused(form, exc: Exception) -> int:
    """The action's refusal put on the form; the status code the page answers with."""
    if isinstance(exc, ValidationError):
        add_errors(form, exc)
        return 422
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Du har ikke lov til dette."))
        return 403
    form.add_error(None, str(exc))
    return 409


def _entry_again(request, entry, form, status: int, *, conflict=None):
    # Re-read: the round or the entry may have moved on while the person wrote.
    entry = entry_for(request.user, entry.round.plan.slug, entry.round.slug, entry.measure.number)
    return _entry_response(request, entry, form, status=status, conflict=conflict, posted=True)


def _entry_response(request, entry, form, *, status: int = 200, conflict=None, posted: bool = False):
    may_write = _may_write(request.user, entry)
    return render(request, "web/entry.html", {
        "entry": entry, "plan": entry.round.plan, "round": entry.round, "form": form, "may_write": may_write,
        "show_form": may_write or posted, "previous": previous_entry(entry), "conflict": conflict,
        "grades": entry.round.plan.scale.grades.prefetch_related("labels"),
        "may_submit": (entry.state in EDITABLE and entry.round.state == Round.State.OPEN
                       and access.can(request.user, "submit_entry", entry)),
        "lead": lead_of(entry),
        "may_review": entry.round.state == Round.State.OPEN and access.can(request.user, "review_entry", entry),
        "return_form": ReturnForm(), "kept_comment": request.session.pop(_kept_key(entry), ""),
    }, status=status)


def _refusal(user, entry) -> str:
    """Why this person cannot save this entry now, and what to do with the text in the form."""
    keep = _("Teksten din står fortsatt i skjemaet: kopier den om du vil ta vare på den.")
    if not access.can(user, "edit_entry", entry):
        return _("Du kan ikke endre dette tiltaket: departementet ditt har ikke ansvar for det.") + " " + keep
    if entry.round.state != Round.State.OPEN and not entry.round.is_published:
        return _("Runden er ikke lenger åpen for rapportering. Send teksten til koordinator.") + " " + keep
    if entry.round.is_published:
        return _("Runden er publisert. Bare koordinator kan rette, med en begrunnelse.") + " " + keep
    return (_("Tiltaket har tilstanden «%(state)s», så det kan ikke endres nå.") % {"state": entry.get_state_display()}
            + " " + keep)


def _act(request, plan, round, number, run, done: str, *, keep: str = ""):
    """Run a one-click action and go back. When it is refused, the reason is shown on the entry's page, and a
    comment the person wrote (``keep``) waits in the review form there."""
    entry = entry_for(request.user, plan, round, number)
    try:
        run(entry)
    except (actions.EntryConflict, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        if keep:
            request.session[_kept_key(entry)] = keep
            return redirect(_entry_url(entry))
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/arbeid/") else _entry_url(entry))


def _kept_key(entry) -> str:
    return f"tiltak-return-comment-{entry.pk}"


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
                _("Returnert med kommentar."), keep=request.POST.get("comment", "").strip())


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
