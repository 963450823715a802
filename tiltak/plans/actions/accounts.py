"""Accounts: creating people with a role, changing the role, deactivating, lifting a lock-out, password links.

Every change writes an AccountChange row (who, what, when). ``acting_user=None`` is the command line (`tiltak user`),
run by whoever runs the machine; from the web it is the person logged in, checked here, not only in the view.
A new account gets no password: an e-mail with a link to set one (Django's password-reset tokens), sent once the
transaction has committed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tiltak.lib import requestid, values
from tiltak.plans import access, mail
from tiltak.plans.models import AccountChange, Ministry, Plan, Role, SignInIdentity

log = logging.getLogger(__name__)


def _check_may_manage(acting_user, user=None) -> None:
    if acting_user is None:
        return  # the command line
    if not access.can(acting_user, "manage_people"):
        raise PermissionDenied(_("Bare koordinator og administrator kan endre brukere."))
    if user is not None and not access.may_manage(acting_user, user):
        raise PermissionDenied(_("Du kan bare endre brukere som bare har roller i planene du koordinerer."))


def _check_role(acting_user, *, kind: str, ministry: Ministry | None, plan: Plan | None) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Role.Kind.values:
        errors["kind"] = [_("Velg en rolle.")]
    elif kind == Role.Kind.REPORTER and ministry is None:
        errors["ministry"] = [_("En rapportør må høre til et departement.")]
    elif kind == Role.Kind.COORDINATOR and ministry is not None:
        errors["ministry"] = [_("En koordinator hører til en plan, ikke et departement.")]
    if errors:
        raise ValidationError(errors)
    if acting_user is not None and not access.may_grant(acting_user, kind=kind, ministry=ministry, plan=plan):
        raise PermissionDenied(_("Du kan ikke gi denne rollen."))


def _record(user, action: str, *, acting_user, detail: str = "", plan: Plan | None = None) -> AccountChange:
    return AccountChange.objects.create(user=user, username=user.username, action=action,
                                        detail=detail[:values.ACCOUNT_LOG_DETAIL], plan=plan,
                                        changed_at=timezone.now(), changed_by=acting_user,
                                        request_id=requestid.current())


def describe_role(kind: str, ministry: Ministry | None, plan: Plan | None) -> str:
    """The role in words for the record, like «reporter JD» or «reader menneskehandel-2011-2014»."""
    return " ".join(part for part in (kind, ministry.abbreviation if ministry else "", plan.slug if plan else "")
                    if part)


def password_link(user) -> str:
    """The address where the person sets a password (valid until used, or until the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("web:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _mail_password_link(user_pk: int, *, welcome: bool) -> None:
    user = get_user_model().objects.get(pk=user_pk)
    if not user.email:
        return
    values = {"username": user.username, "link": password_link(user)}

    def render(lang: str) -> tuple[str, str]:
        if welcome:
            return _("Du har fått tilgang til tiltak"), _(
                "Du har fått en bruker i tiltak med brukernavnet %(username)s.\n\n"
                "Velg et passord her (lenken virker til den er brukt):\n%(link)s\n") % values
        return _("Velg et nytt passord i tiltak"), _(
            "Brukernavnet ditt er %(username)s. Velg et nytt passord her (lenken virker til den er brukt):\n"
            "%(link)s\n") % values

    try:
        mail.send(render, [user.email])
    except OSError:
        log.exception("could not send the password link to %s", user.username)


def _clean_username(username: str) -> str:
    username = (username or "").strip().lower()
    if values.username_problem(username):
        raise ValidationError({"username": [
            _("Brukernavnet må være 1–%(limit)s tegn: små bokstaver a–z, sifre og . - _ @.")
            % {"limit": values.USERNAME}]})
    if get_user_model().objects.filter(username=username).exists():
        raise ValidationError({"username": [_("Brukernavnet «%(name)s» er tatt.") % {"name": username}]})
    return username


@transaction.atomic
def create_account(*, username: str, email: str, kind: str, ministry: Ministry | None = None,
                   plan: Plan | None = None, password: str | None = None, send_link: bool = True,
                   acting_user) -> "get_user_model()":
    """A new person with one role. Without a password, an e-mail with a link to set one (when ``send_link``)."""
    _check_may_manage(acting_user)
    _check_role(acting_user, kind=kind, ministry=ministry, plan=plan)
    username = _clean_username(username)
    email = _clean_email(email)
    if send_link and password is None and not email:
        raise ValidationError({"email": [_("Oppgi e-postadressen lenken for å velge passord skal sendes til.")]})
    User = get_user_model()
    user = User(username=username, email=email)
    if password is not None:
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Role.objects.create(user=user, kind=kind, ministry=ministry, plan=plan)
    _record(user, AccountChange.Action.CREATED, acting_user=acting_user, plan=plan,
            detail=describe_role(kind, ministry, plan))
    if password is None and send_link:
        _record(user, AccountChange.Action.PASSWORD_LINK_SENT, acting_user=acting_user, plan=plan, detail=email)
        transaction.on_commit(lambda: _mail_password_link(user.pk, welcome=True))
    return user


@transaction.atomic
def grant_role(*, user, kind: str, ministry: Ministry | None = None, plan: Plan | None = None,
               acting_user) -> tuple[Role, bool]:
    """Give an existing person another role (a no-op when they have it). True when it is new."""
    _check_may_manage(acting_user, user)
    _check_role(acting_user, kind=kind, ministry=ministry, plan=plan)
    role, created = Role.objects.get_or_create(user=user, kind=kind, ministry=ministry, plan=plan)
    if created:
        _record(user, AccountChange.Action.ROLE_GRANTED, acting_user=acting_user, plan=plan,
                detail=describe_role(kind, ministry, plan))
    return role, created


@transaction.atomic
def change_role(*, role: Role, kind: str, ministry: Ministry | None, plan: Plan | None, acting_user) -> Role:
    """Turn one role into another (a reporter for JD into a reporter for UD, or into a reader)."""
    _check_may_manage(acting_user, role.user)
    before = describe_role(role.kind, role.ministry, role.plan)
    if acting_user is not None and not access.may_grant(acting_user, kind=role.kind, ministry=role.ministry,
                                                        plan=role.plan):
        raise PermissionDenied(_("Du kan ikke endre denne rollen."))
    _check_role(acting_user, kind=kind, ministry=ministry, plan=plan)
    after = describe_role(kind, ministry, plan)
    if before == after:
        return role
    if Role.objects.filter(user=role.user, kind=kind, ministry=ministry, plan=plan).exclude(pk=role.pk).exists():
        raise ValidationError({"kind": [_("Brukeren har allerede denne rollen.")]})
    role.kind, role.ministry, role.plan = kind, ministry, plan
    role.save(update_fields=["kind", "ministry", "plan"])
    _record(role.user, AccountChange.Action.ROLE_CHANGED, acting_user=acting_user, plan=plan,
            detail=f"{before} → {after}")
    return role


@transaction.atomic
def set_active(*, user, active: bool, acting_user) -> None:
    """Deactivate an account (it can no longer log in or use its API tokens), or activate it again."""
    _check_may_manage(acting_user, user)
    if acting_user is not None and user.pk == acting_user.pk and not active:
        raise ValidationError(_("Du kan ikke deaktivere deg selv."))
    if user.is_superuser and acting_user is not None and not acting_user.is_superuser:
        raise PermissionDenied(_("Bare en administrator kan endre en administrator."))
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record(user, AccountChange.Action.REACTIVATED if active else AccountChange.Action.DEACTIVATED,
            acting_user=acting_user)


@transaction.atomic
def lift_lockout(*, user, acting_user) -> int:
    """Forget the failed logins that lock the person out (django-axes). The number of records removed."""
    from axes.utils import reset

    _check_may_manage(acting_user, user)
    count = reset(username=user.username)
    _record(user, AccountChange.Action.LOCKOUT_LIFTED, acting_user=acting_user, detail=str(count))
    return count


def is_locked_out(user) -> bool:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=user.username,
                                        failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()


@transaction.atomic
def send_password_link(*, user, acting_user) -> None:
    """E-mail the person a link to set a new password (from the coordinator's page, or «Glemt passord?»)."""
    _check_may_manage(acting_user, user)
    if not user.email:
        raise ValidationError(_("Brukeren har ingen e-postadresse."))
    _record(user, AccountChange.Action.PASSWORD_LINK_SENT, acting_user=acting_user, detail=user.email)
    transaction.on_commit(lambda: _mail_password_link(user.pk, welcome=False))


# «Glemt passord?» is open to anyone: without a bound, anyone could fill a person's inbox with links.
SELF_SERVICE_LINKS_PER_HOUR = 3


@transaction.atomic
def send_requested_password_link(*, user) -> bool:
    """A link asked for through «Glemt passord?»: sent unless this account was sent that many in the last hour.

    The page says the same either way (it must not tell whether an address has an account); False means skipped.
    Links the coordinator sends are not counted and not bounded.
    """
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = AccountChange.objects.filter(user=user, action=AccountChange.Action.PASSWORD_LINK_SENT,
                                          changed_by=None, changed_at__gte=since).count()
    if recent >= SELF_SERVICE_LINKS_PER_HOUR:
        log.warning("password link for %s not sent: %d asked for in the last hour", user.username, recent)
        return False
    send_password_link(user=user, acting_user=None)
    return True


@transaction.atomic
def set_password_through_link(*, form) -> None:
    """The person chose a password through a link (Django's SetPasswordForm, validated): the password saved, the
    record written and any lock-out of theirs lifted, in one transaction — all or nothing."""
    from axes.utils import reset

    user = form.save()
    reset(username=user.username)
    _record(user, AccountChange.Action.PASSWORD_SET, acting_user=user)


def _clean_email(email: str) -> str:
    from django.core.validators import validate_email

    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("Skriv en gyldig e-postadresse.")]}) from None
    return email


@transaction.atomic
def change_email(*, user, email: str, acting_user) -> bool:
    """Give the person another e-mail address (where password links and reminders go). True when it changed."""
    _check_may_manage(acting_user, user)
    email = _clean_email(email)
    if not email:
        raise ValidationError({"email": [_("Oppgi en e-postadresse.")]})
    if user.email == email:
        return False
    before = user.email
    user.email = email
    user.save(update_fields=["email"])
    _record(user, AccountChange.Action.EMAIL_CHANGED, acting_user=acting_user, detail=f"{before or '–'} → {email}")
    return True


@transaction.atomic
def issue_api_token(*, user, acting_user) -> str:
    """A new API token for the person, shown once."""
    from tiltak.plans.actions.tokens import issue_token

    _check_may_manage(acting_user, user)
    if not user.is_active:
        raise ValidationError(_("Brukeren er deaktivert."))
    raw = issue_token(user=user)
    _record(user, AccountChange.Action.TOKEN_ISSUED, acting_user=acting_user, detail=raw[:13] + "…")
    return raw


@transaction.atomic
def revoke_api_tokens(*, user, acting_user) -> int:
    from tiltak.plans.actions.tokens import revoke_tokens

    _check_may_manage(acting_user, user)
    count = revoke_tokens(user=user)
    _record(user, AccountChange.Action.TOKENS_REVOKED, acting_user=acting_user, detail=str(count))
    return count


@transaction.atomic
def set_password(*, user, password: str, acting_user) -> None:
    """Set a password directly (the command line's --password-file)."""
    _check_may_manage(acting_user, user)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(user, AccountChange.Action.PASSWORD_SET, acting_user=acting_user)


# --- Single sign-on (OpenID Connect): who a person signed in at the provider is in tiltak ---------------------------


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in through the provider: the account, or why there is none (``refusal``)."""

    user: object | None
    refusal: str = ""  # "no_account", "ambiguous", "linked_elsewhere", "inactive"


def _verified(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


@transaction.atomic
def _link(user, issuer: str, subject: str, *, how: str) -> None:
    SignInIdentity.objects.create(user=user, issuer=issuer, subject=subject, linked_at=timezone.now())
    _record(user, AccountChange.Action.IDENTITY_LINKED, acting_user=None, detail=f"{issuer} {subject} ({how})")


def sign_in_with_identity(*, issuer: str, claims: dict, invited=None) -> SignIn:
    """The account the provider's verified claims name: by the subject kept with the account; on the first sign-in
    by the verified e-mail address (then the subject is kept: «linked»). ``invited``: the account whose invitation
    (password) link the person followed to sign in this way; a first sign-in links the identity to it whatever
    address the claims carry (ID-porten sends none). No account is ever made. The sign-in, a refusal and a first
    linking are each recorded in the account log."""
    subject = str(claims.get("sub") or "")[:255]
    email = str(claims.get("email") or "").strip()
    # Entra ID sends no email_verified; its xms_edov says the domain's owner verified the address.
    verified = _verified(claims.get("email_verified")) or _verified(claims.get("xms_edov"))
    identity = (SignInIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
                if subject else None)

    def refuse(reason: str, user=None) -> SignIn:
        name = user.username if user is not None else (email or subject or "?")[:values.USERNAME]
        detail = f"{reason}: {email or '–'} ({issuer} {subject})"[:values.ACCOUNT_LOG_DETAIL]
        AccountChange.objects.create(user=user, username=name, action=AccountChange.Action.SIGN_IN_REFUSED,
                                     detail=detail, changed_at=timezone.now(), changed_by=None,
                                     request_id=requestid.current())
        log.warning("single sign-on refused (%s) for %s", reason, name)
        return SignIn(None, reason)

    if identity is not None:
        if invited is not None and identity.user_id != invited.pk:
            return refuse("identity_taken", invited)  # the identity is another account's already
        user = identity.user
    elif invited is not None:
        if not subject:
            return refuse("failed", invited)
        if SignInIdentity.objects.filter(user=invited, issuer=issuer).exists():
            return refuse("linked_elsewhere", invited)
        user = invited
        _link(user, issuer, subject, how="invitation link")
    else:
        if not subject or not email or not verified:
            return refuse("no_account")
        candidates = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if not candidates:
            return refuse("no_account")
        if len(candidates) > 1:
            return refuse("ambiguous")
        user = candidates[0]
        if SignInIdentity.objects.filter(user=user, issuer=issuer).exists():
            return refuse("linked_elsewhere", user)  # the account is another identity's at this provider
        _link(user, issuer, subject, how="e-mail address")
    if not user.is_active:
        return refuse("inactive", user)
    _record(user, AccountChange.Action.SIGNED_IN, acting_user=user, detail=issuer)
    return SignIn(user)
