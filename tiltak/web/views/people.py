"""People in the browser: the accounts of the plans one coordinates (every account for an administrator), a new
reporter or reader with a link to set the password, their role, deactivation, lifting a lock-out; «Glemt passord?».

The actions in tiltak/plans/actions/accounts.py check who may do what and record every change.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tiltak.plans import access
from tiltak.plans.actions import accounts
from tiltak.plans.models import AccountChange, Role
from tiltak.web.forms import add_errors, posted
from tiltak.web.manage_forms import NewAccountForm, RoleForm
from tiltak.web.throttling import over_limit
from tiltak.web.views.signin import sign_in_label


def _may_manage_people(user) -> None:
    if not access.can(user, "manage_people"):
        raise PermissionDenied(_("Bare koordinator og administrator kan se og endre brukere."))


def _form_scope(user) -> dict:
    return {"plans": access.plans_coordinated_by(user), "administrator": access.is_administrator(user),
            "ministries": access.grantable_ministries(user)}


def _person_for(user, pk: int):
    """The account, if the user may see it: 404 otherwise, so other plans' people are not even confirmed."""
    _may_manage_people(user)
    person = (access.people_managed_by(user)
              .prefetch_related(Prefetch("tiltak_roles", queryset=Role.objects.select_related("ministry", "plan")))
              .filter(pk=pk).first())
    if person is None:
        raise Http404(_("Fant ingen slik bruker."))
    return person


@login_required
def people(request):
    _may_manage_people(request.user)
    rows = list(access.people_managed_by(request.user).order_by("username").prefetch_related(
        Prefetch("tiltak_roles", queryset=Role.objects.select_related("ministry", "plan"))))
    return render(request, "web/manage/people.html", {
        "people": rows, "is_administrator": access.is_administrator(request.user)})


@login_required
def new_person(request):
    _may_manage_people(request.user)
    form = NewAccountForm(posted(request), **_form_scope(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = accounts.create_account(username=data["username"], email=data["email"], kind=data["kind"],
                                             ministry=form.ministry_object(), plan=data["plan"],
                                             acting_user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s er opprettet, og en lenke for å velge passord er sendt til "
                                        "%(email)s.") % {"name": person.username, "email": person.email})
            return redirect("web:person", pk=person.pk)
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, "web/manage/person_new.html", {"form": form}, status=status)


@login_required
def person(request, pk):
    the_person = _person_for(request.user, pk)
    scope = _form_scope(request.user)
    role_forms = []
    for role in the_person.tiltak_roles.all():
        manageable = access.may_grant(request.user, kind=role.kind, ministry=role.ministry, plan=role.plan)
        form = RoleForm(prefix=f"role{role.pk}", initial={
            "kind": role.kind, "ministry": role.ministry.abbreviation if role.ministry_id else "",
            "plan": role.plan.slug if role.plan_id else ""}, **scope) if manageable else None
        role_forms.append((role, form))
    history = list(AccountChange.objects.filter(user=the_person).select_related("changed_by", "plan")[:50])
    return render(request, "web/manage/person.html", {
        "person": the_person, "role_forms": role_forms, "history": history,
        "locked_out": accounts.is_locked_out(the_person),
    })


@login_required
@require_POST
def change_role(request, pk, role):
    the_person = _person_for(request.user, pk)
    the_role = get_object_or_404(Role.objects.select_related("ministry", "plan"), pk=role, user=the_person)
    form = RoleForm(request.POST, prefix=f"role{the_role.pk}", **_form_scope(request.user))
    if form.is_valid():
        try:
            accounts.change_role(role=the_role, kind=form.cleaned_data["kind"], ministry=form.ministry_object(),
                                 plan=form.cleaned_data["plan"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rollen er endret."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("web:person", pk=the_person.pk)


@login_required
@require_POST
def set_active(request, pk):
    the_person = _person_for(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.set_active(user=the_person, active=active, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Brukeren er aktivert igjen.") if active else _("Brukeren er deaktivert."))
    return redirect("web:person", pk=the_person.pk)


@login_required
@require_POST
def lift_lockout(request, pk):
    the_person = _person_for(request.user, pk)
    accounts.lift_lockout(user=the_person, acting_user=request.user)
    messages.success(request, _("Utestengningen er opphevet; %(name)s kan logge inn igjen.")
                     % {"name": the_person.username})
    return redirect("web:person", pk=the_person.pk)


@login_required
@require_POST
def send_link(request, pk):
    the_person = _person_for(request.user, pk)
    try:
        accounts.send_password_link(user=the_person, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("En lenke for å velge nytt passord er sendt til %(email)s.")
                         % {"email": the_person.email})
    return redirect("web:person", pk=the_person.pk)


@login_required
def account_log(request):
    """Every change to every account, newest first: for administrators."""
    if not access.is_administrator(request.user):
        raise PermissionDenied(_("Bare administrator kan se loggen over brukere."))
    rows = list(AccountChange.objects.select_related("changed_by", "plan", "user")[:500])
    return render(request, "web/manage/account_log.html", {"changes": rows})


# --- «Glemt passord?» and the link to set a password: Django's password-reset machinery ---------------------------


class ForgottenPasswordForm(forms.Form):
    """A user name or an e-mail address; the link goes to the address of every active account it names (also one
    that has not yet chosen its first password: the welcome link lost). Sent through the action, so the request is
    recorded like every other change. The page answers the same whether anything matched or not."""

    login = forms.CharField(label=gettext_lazy("Brukernavn eller e-postadresse"), max_length=254,
                            widget=forms.TextInput(attrs={"autocomplete": "username"}))

    def get_users(self, login: str):
        login = login.strip()
        named = Q(username=login.lower()) | (Q(email__iexact=login) if "@" in login else Q(pk__in=[]))
        return get_user_model().objects.filter(named, is_active=True).exclude(email="")

    def save(self, **kwargs):
        for user in self.get_users(self.cleaned_data["login"]):
            accounts.send_requested_password_link(user=user)


# Asking for links to many addresses from one place is refused for the rest of the hour (each account is bounded
# on its own as well: accounts.SELF_SERVICE_LINKS_PER_HOUR).
FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR = 10


class ForgottenPasswordView(auth_views.PasswordResetView):
    template_name = "web/manage/password_forgotten.html"
    form_class = ForgottenPasswordForm
    success_url = reverse_lazy("web:password_reset_done")

    def post(self, request, *args, **kwargs):
        if over_limit(request, "forgotten-password", per_hour=FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR):
            return render(request, "web/manage/password_forgotten.html",
                          {"form": self.get_form(), "too_many": True}, status=429)
        return super().post(request, *args, **kwargs)


class PasswordLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "web/manage/password_link_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation (or new password) link: choose a password, or, where single sign-on is configured, sign in
    through the provider and have the identity linked to this account (the only way for a provider that sends no
    e-mail address, as ID-porten): a link to the sign-in's start with the account's id, which the start honours
    only while this browser's session holds the link's checked token (``oidc.invited_in_this_session``)."""

    template_name = "web/manage/password_set.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_login": settings.PASSWORD_LOGIN,
                "sign_in_label": sign_in_label(), "invitation": self.kwargs["uidb64"]}

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            raise PermissionDenied(_("Innlogging med passord er slått av her."))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Django's view would save the form itself; the action saves it and records it in one transaction.
        accounts.set_password_through_link(form=form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "web/manage/password_done.html"


