"""Django's admin cannot go around the rules: it cannot publish a round, approve an entry or delete history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import cast
from tests.cast import PASSWORD, open_2022, submitted
from tiltak.plans.models import EntryState, Ministry, Plan, Role, Round, StatusEntry, StatusEntryVersion

pytestmark = pytest.mark.django_db
plan, coordinator, reporter_jd = cast.plan, cast.coordinator, cast.reporter_jd  # the cast's fixtures


def test_the_admin_cannot_publish_a_round(admin_client, plan, coordinator):
    the_round = open_2022(plan, coordinator)
    url = reverse("admin:plans_round_change", args=[the_round.pk])
    response = admin_client.post(url, {"plan": plan.pk, "slug": the_round.slug, "label": the_round.label,
                                       "as_of": "2022-03-01", "state": "published",
                                       "published_at_0": "2022-04-01", "published_at_1": "12:00"})
    assert response.status_code == 403
    assert Round.objects.get(pk=the_round.pk).state == Round.State.OPEN
    assert admin_client.get(url).status_code == 200  # it can still be looked at
    assert admin_client.post(reverse("admin:plans_round_add"), {}).status_code == 403


def test_the_admin_cannot_approve_an_entry(admin_client, plan, coordinator):
    the_round = open_2022(plan, coordinator)
    entry = submitted(the_round, "10", coordinator)
    url = reverse("admin:plans_statusentry_change", args=[entry.pk])
    response = admin_client.post(url, {"state": "approved", "narrative": "Godkjent i admin."})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED and entry.narrative != "Godkjent i admin."


def test_the_admin_cannot_delete_history(admin_client, plan, coordinator):
    the_round = open_2022(plan, coordinator)
    entry = the_round.entries.first()
    versions = StatusEntryVersion.objects.count()
    for name, pk in [("plans_statusentry", entry.pk), ("plans_round", the_round.pk), ("plans_plan", plan.pk),
                     ("plans_measure", entry.measure_id)]:
        response = admin_client.post(reverse(f"admin:{name}_delete", args=[pk]), {"post": "yes"})
        assert response.status_code == 403, name
    bulk = admin_client.post(reverse("admin:plans_round_changelist"),
                             {"action": "delete_selected", "_selected_action": [the_round.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    user_delete = admin_client.post(reverse("admin:auth_user_delete", args=[coordinator.pk]), {"post": "yes"})
    assert user_delete.status_code == 403
    assert StatusEntryVersion.objects.count() == versions
    assert Round.objects.filter(pk=the_round.pk).exists() and Plan.objects.filter(pk=plan.pk).exists()
    assert StatusEntry.objects.filter(pk=entry.pk).exists()
    assert get_user_model().objects.filter(pk=coordinator.pk).exists()


def test_plans_and_measures_are_read_only_there(admin_client, plan):
    measure = plan.measures.get(number="10")
    response = admin_client.post(reverse("admin:plans_measure_change", args=[measure.pk]),
                                 {"number": "99", "title": "Endret i admin", "plan": plan.pk})
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.number == "10"
    assert admin_client.post(reverse("admin:plans_plan_change", args=[plan.pk]), {"title": "x"}).status_code == 403


def test_roles_are_listed_with_filters(admin_client, reporter_jd):
    response = admin_client.get(reverse("admin:plans_role_changelist"), {"kind__exact": Role.Kind.REPORTER})
    assert response.status_code == 200
    assert "rapportor-jd" in response.content.decode()


def test_the_ministry_register_is_read_only_there(admin_client):
    ministry = Ministry.objects.get(abbreviation="JD", valid_to__isnull=True)
    url = reverse("admin:plans_ministry_change", args=[ministry.pk])
    response = admin_client.post(url, {"abbreviation": "JD", "name": "Omdøpt i admin"})
    assert response.status_code == 403
    ministry.refresh_from_db()
    assert ministry.name != "Omdøpt i admin"
    assert admin_client.get(url).status_code == 200  # it can still be looked at
    assert admin_client.post(reverse("admin:plans_ministry_add"), {}).status_code == 403


def test_accounts_are_read_only_there(admin_client, reporter_jd):
    """Active, superuser and password change only through the people pages' actions (recorded), not the admin."""
    from tiltak.plans.models import AccountChange

    user_admin = f"admin:{reporter_jd._meta.app_label}_{reporter_jd._meta.model_name}"
    assert admin_client.get(reverse(f"{user_admin}_change", args=[reporter_jd.pk])).status_code == 200
    changed = admin_client.post(reverse(f"{user_admin}_change", args=[reporter_jd.pk]), {
        "username": "rapportor-jd", "is_active": "", "is_superuser": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00"})
    assert changed.status_code == 403
    password = admin_client.post(reverse(f"{user_admin}_password_change", args=[reporter_jd.pk]), {
        "password1": "Et-nytt-passord-2026", "password2": "Et-nytt-passord-2026", "usable_password": "true"})
    assert password.status_code == 403
    assert admin_client.post(reverse(f"{user_admin}_add"), {"username": "ny"}).status_code == 403
    reporter_jd.refresh_from_db()
    assert reporter_jd.is_active and not reporter_jd.is_superuser
    assert reporter_jd.check_password(PASSWORD)
    assert not AccountChange.objects.exists()
