"""The account actions: a reporter made with a link to set the password, role changes, deactivation, lifting a
lock-out — each recorded; a coordinator manages only their own plans' people."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.cast import make_user
from tiltak.plans import access
from tiltak.plans.actions import accounts, register
from tiltak.plans.models import AccountChange, Ministry, Role, StatusScale

pytestmark = pytest.mark.django_db


def _jd():
    return Ministry.objects.by_abbreviation("JD")


def test_a_new_reporter_gets_a_link_and_no_password(plan, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = accounts.create_account(username="Kari.Nordmann", email="kari@jd.dep.no", kind=Role.Kind.REPORTER,
                                       ministry=_jd(), acting_user=coordinator)
    assert user.username == "kari.nordmann" and not user.has_usable_password()
    assert Role.objects.get(user=user).ministry.abbreviation == "JD"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kari@jd.dep.no"]
    assert "/arbeid/passord/" in mail.outbox[0].body
    actions = list(AccountChange.objects.filter(user=user).values_list("action", "changed_by__username"))
    assert sorted(actions) == [("created", "koordinator"), ("password_link_sent", "koordinator")]


def test_a_coordinator_of_one_plan_sees_and_manages_only_its_people(plan, reporter_jd):
    admin = make_user("sjef", is_superuser=True)
    other_plan = register.create_plan(title="Annen plan", period_start=2024, period_end=2026,
                                      scale=StatusScale.objects.get(slug="ogp"), coordinator=None, acting_user=admin)
    register.add_measure(plan=other_plan, number="1", title="Noe", responsible=["MD"], acting_user=admin)
    md = accounts.create_account(username="rapportor-md", email="k@md.no", kind=Role.Kind.REPORTER,
                                  ministry=Ministry.objects.by_abbreviation("MD"), acting_user=admin)
    mine = make_user("koordinator-test")
    Role.objects.create(user=mine, kind=Role.Kind.COORDINATOR, plan=plan)
    visible = set(access.people_managed_by(mine).values_list("username", flat=True))
    assert "rapportor-jd" in visible and "rapportor-md" not in visible
    with pytest.raises(PermissionDenied):
        accounts.set_active(user=md, active=False, acting_user=mine)
    with pytest.raises(PermissionDenied):  # MD has no measure in the plan
        accounts.create_account(username="ny", email="n@md.no", kind=Role.Kind.REPORTER,
                                ministry=Ministry.objects.by_abbreviation("MD"), acting_user=mine)
    with pytest.raises(PermissionDenied):  # and a coordinator makes no coordinators
        accounts.create_account(username="ny", email="n@jd.no", kind=Role.Kind.COORDINATOR, plan=plan,
                                acting_user=mine)
    md.refresh_from_db()
    assert md.is_active and not get_user_model().objects.filter(username="ny").exists()
    with pytest.raises(PermissionDenied):
        accounts.create_account(username="ny", email="n@jd.no", kind=Role.Kind.READER, ministry=_jd(),
                                acting_user=reporter_jd)


def test_role_change_deactivation_and_lockout_are_recorded(plan, coordinator, reporter_jd):
    role = Role.objects.get(user=reporter_jd)
    accounts.change_role(role=role, kind=Role.Kind.REPORTER, ministry=Ministry.objects.by_abbreviation("UD"),
                         plan=None, acting_user=coordinator)
    assert access.reporting_ministries(get_user_model().objects.get(pk=reporter_jd.pk)) == {"UD"}
    accounts.set_active(user=reporter_jd, active=False, acting_user=coordinator)
    assert not get_user_model().objects.get(pk=reporter_jd.pk).is_active
    accounts.lift_lockout(user=reporter_jd, acting_user=coordinator)
    recorded = list(AccountChange.objects.filter(user=reporter_jd).order_by("pk").values_list("action", "detail"))
    assert recorded == [("role_changed", "reporter JD → reporter UD"), ("deactivated", ""), ("lockout_lifted", "0")]
    with pytest.raises(ValidationError):
        accounts.set_active(user=coordinator, active=False, acting_user=coordinator)


def test_a_duplicate_username_is_refused(plan, coordinator, reporter_jd):
    with pytest.raises(ValidationError) as caught:
        accounts.create_account(username="rapportor-jd", email="x@jd.no", kind=Role.Kind.REPORTER,
                                ministry=_jd(), acting_user=coordinator)
    assert "username" in caught.value.message_dict


def test_the_user_command_goes_through_the_same_actions(plan, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    password = tmp_path / "pw"
    password.write_text("et-langt-og-trygt-passord-2013\n")
    call_command("user", "add", "kari", "--role", "reporter", "--ministry", "JD", "--password-file", str(password),
                 stdout=StringIO())
    call_command("user", "token", "kari", stdout=StringIO())
    kari = get_user_model().objects.get(username="kari")
    recorded = list(AccountChange.objects.filter(user=kari).order_by("pk").values_list("action", "changed_by"))
    assert recorded == [("created", None), ("token_issued", None)]  # None: the command line


ISSUER = "https://login.example.no"


def _claims(sub="abc-123", email="rapportor-jd@example.no", verified=True, **more):
    return {"sub": sub, "email": email, "email_verified": verified, **more}


def _log():
    return list(AccountChange.objects.order_by("pk").values_list("username", "action"))


def test_single_sign_on_links_by_verified_e_mail_then_knows_the_subject(reporter_jd):
    from tiltak.plans.models import SignInIdentity

    first = accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims(email="Rapportor-JD@Example.no"))
    assert first.user == reporter_jd and first.refusal == ""
    assert SignInIdentity.objects.get(user=reporter_jd).subject == "abc-123"
    # Later the address at the provider changes: the subject kept with the account still says who it is.
    again = accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims(email="nytt@example.no"))
    assert again.user == reporter_jd
    assert _log() == [("rapportor-jd", "identity_linked"), ("rapportor-jd", "signed_in"),
                      ("rapportor-jd", "signed_in")]


@pytest.mark.parametrize(("claims", "refusal"), [
    (_claims(verified=False), "no_account"),  # an address the provider has not verified is not trusted
    (_claims(verified=None), "no_account"),
    (_claims(email="ingen@example.no"), "no_account"),
    (_claims(email=""), "no_account"),
    (_claims(sub=""), "no_account"),
    ({**_claims(), "email_verified": None, "xms_edov": True}, ""),  # Entra ID's «domain owner verified»
])
def test_single_sign_on_refuses_what_it_cannot_trust(reporter_jd, claims, refusal):
    outcome = accounts.sign_in_with_identity(issuer=ISSUER, claims=claims)
    assert outcome.refusal == refusal and (outcome.user is None) == bool(refusal)
    if refusal:
        refused = AccountChange.objects.get()
        assert refused.action == "sign_in_refused" and refused.user is None
    assert get_user_model().objects.count() == 1  # nobody is made


def test_single_sign_on_refuses_a_deactivated_an_ambiguous_and_an_already_linked_account(reporter_jd, reader):
    accounts.set_active(user=reporter_jd, active=False, acting_user=None)
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims()).refusal == "inactive"
    reader.email = "rapportor-jd@example.no"
    reader.save(update_fields=["email"])
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims(sub="x")).refusal == "ambiguous"
    reader.email = "leser@example.no"
    reader.save(update_fields=["email"])
    accounts.set_active(user=reporter_jd, active=True, acting_user=None)
    # The account was linked (above, before the refusal for being deactivated) to subject abc-123: another
    # identity with its address does not take it over.
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims(sub="another")).refusal == \
        "linked_elsewhere"
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=_claims()).user == reporter_jd


def test_an_invitation_links_an_identity_whatever_address_it_carries(reporter_jd, reader):
    """ID-porten sends no e-mail claim: the person follows their invitation link and signs in through the provider
    from there, and the identity is linked to the invited account."""
    from tiltak.plans.models import SignInIdentity

    no_email = {"sub": "idporten-pairwise-1"}
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=no_email).refusal == "no_account"
    linked = accounts.sign_in_with_identity(issuer=ISSUER, claims=no_email, invited=reporter_jd)
    assert linked.user == reporter_jd and linked.refusal == ""
    assert SignInIdentity.objects.get(user=reporter_jd).subject == "idporten-pairwise-1"
    assert AccountChange.objects.get(action="identity_linked").detail.endswith("(invitation link)")
    # From then on the subject says who it is, without a link.
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=no_email).user == reporter_jd
    # Another account's invitation cannot take an identity that is linked already, nor link a second identity to
    # an account that has one at this provider.
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims=no_email, invited=reader).refusal == "identity_taken"
    assert accounts.sign_in_with_identity(issuer=ISSUER, claims={"sub": "other"},
                                          invited=reporter_jd).refusal == "linked_elsewhere"
    assert not SignInIdentity.objects.filter(user=reader).exists()
    assert SignInIdentity.objects.count() == 1
