"""The register and people pages: who gets what (role × page → status), forms that say what is wrong, and
«Glemt passord?» that tells nobody whether an address is known."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.cast import PASSWORD, make_user
from tiltak.plans.actions import accounts, register
from tiltak.plans.models import AccountChange, Measure, Role, StatusScale
from tiltak.web.views.people import FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR

pytestmark = pytest.mark.django_db
LOGIN = 302
REGISTER = "/arbeid/planer/testplan/"
PAGES = {  # path: [coordinator, reporter_jd, reader, coordinator of another plan, administrator, anonymous]
    "/arbeid/planer/ny/": [200, 403, 403, 200, 200, LOGIN],
    REGISTER: [200, 403, 403, 403, 200, LOGIN],
    REGISTER + "rediger/": [200, 403, 403, 403, 200, LOGIN],
    REGISTER + "tiltak/ny/": [200, 403, 403, 403, 200, LOGIN],
    REGISTER + "tiltak/10/": [200, 403, 403, 403, 200, LOGIN],
    REGISTER + "skala/0/": [200, 403, 403, 403, 200, LOGIN],
    "/arbeid/brukere/": [200, 403, 403, 200, 200, LOGIN],
    "/arbeid/brukere/ny/": [200, 403, 403, 200, 200, LOGIN],
    "/arbeid/brukere/logg/": [403, 403, 403, 403, 200, LOGIN],
    "/arbeid/brukere/{jd}/": [200, 403, 403, 404, 200, LOGIN],
}


@pytest.fixture
def people(plan, coordinator, reporter_jd, reader):
    admin = make_user("sjef", is_superuser=True)
    other_plan = register.create_plan(title="Annen plan", period_start=2024, period_end=2026,
                                      scale=StatusScale.objects.get(slug="ogp"), coordinator=None, acting_user=admin)
    other = make_user("koordinator-annen")
    Role.objects.create(user=other, kind=Role.Kind.COORDINATOR, plan=other_plan)
    return [coordinator, reporter_jd, reader, other, admin, None]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_who_gets_which_page(client, people, reporter_jd, path):
    for user, expected in zip(people, PAGES[path], strict=True):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path.format(jd=reporter_jd.pk))
        assert response.status_code == expected, (path, user)


def test_a_coordinator_of_another_plan_does_not_see_its_people(client, people):
    client.force_login(people[3])
    page = client.get("/arbeid/brukere/").content.decode()
    assert "rapportor-jd" not in page and "koordinator-annen" in page


def test_a_bad_measure_number_is_refused_on_the_form(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(REGISTER + "tiltak/ny/", {"number": "9/9", "title": "Noe", "plan_text": "",
                                                     "responsible": "JD"})
    assert response.status_code == 422
    assert "Nummeret er 1–20 tegn" in response.content.decode()
    assert not Measure.objects.filter(number="9/9").exists()


def test_the_coordinator_adds_a_reporter_who_gets_a_link(client, plan, coordinator,
                                                        django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/arbeid/brukere/ny/", {"username": "ola", "email": "ola@jd.dep.no",
                                                       "kind": "reporter", "ministry": "JD", "plan": ""})
    assert response.status_code == 302
    ola = get_user_model().objects.get(username="ola")
    assert [m.to for m in mail.outbox] == [["ola@jd.dep.no"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/arbeid/passord/" in line)
    path = link[link.index("/arbeid/"):]
    client.logout()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    ola.refresh_from_db()
    assert ola.check_password(PASSWORD)
    assert AccountChange.objects.filter(user=ola, action=AccountChange.Action.PASSWORD_SET).exists()
    assert client.get(path, follow=True).context["validlink"] is False  # the link works once


def test_forgotten_password_says_the_same_for_known_and_unknown_addresses(client, reporter_jd,
                                                                        django_capture_on_commit_callbacks):
    login = client.get("/arbeid/logg-inn/").content.decode()
    assert 'href="/arbeid/glemt-passord/"' in login and "Glemt passord?" in login
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/arbeid/glemt-passord/", {"login": reporter_jd.email})
        unknown = client.post("/arbeid/glemt-passord/", {"login": "ingen@example.no"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[reporter_jd.email]]
    assert AccountChange.objects.filter(user=reporter_jd, action=AccountChange.Action.PASSWORD_LINK_SENT).exists()


def test_deactivating_and_lifting_a_lockout_from_the_page(client, plan, coordinator, reporter_jd):
    client.force_login(coordinator)
    assert client.post(f"/arbeid/brukere/{reporter_jd.pk}/aktiv/", {"active": "0"}).status_code == 302
    reporter_jd.refresh_from_db()
    assert not reporter_jd.is_active
    assert client.post(f"/arbeid/brukere/{reporter_jd.pk}/opphev-utestengning/").status_code == 302
    assert list(AccountChange.objects.filter(user=reporter_jd).values_list("action", flat=True)
                .order_by("pk")) == ["deactivated", "lockout_lifted"]


def test_forgotten_password_sends_an_account_at_most_three_links_an_hour(client, coordinator, reporter_jd,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/arbeid/glemt-passord/", {"login": reporter_jd.email}) for _ in range(5)]
    assert [a.status_code for a in answers] == [302] * 5  # the page never tells that the address is known
    assert len(mail.outbox) == accounts.SELF_SERVICE_LINKS_PER_HOUR
    # The coordinator's own «send lenke» is not bounded by what strangers asked for.
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_password_link(user=reporter_jd, acting_user=coordinator)
    assert len(mail.outbox) == accounts.SELF_SERVICE_LINKS_PER_HOUR + 1


def test_forgotten_password_from_one_address_is_refused_after_ten_requests(client, reporter_jd):
    for n in range(FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR):
        assert client.post("/arbeid/glemt-passord/", {"login": f"person{n}@example.no"}).status_code == 302
    refused = client.post("/arbeid/glemt-passord/", {"login": reporter_jd.email})
    assert refused.status_code == 429
    assert "For mange forespørsler" in refused.content.decode()
    client.cookies["django_language"] = "en"
    english = client.post("/arbeid/glemt-passord/", {"login": reporter_jd.email})
    assert english.status_code == 429 and "Too many requests" in english.content.decode()
    assert not AccountChange.objects.filter(user=reporter_jd).exists()


def _options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, text, selected) of each option of the select named ``name``."""
    import re

    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(value, text, bool(selected)) for value, selected, text in
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)]


def _checkboxes(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, checked) of each checkbox named ``name``."""
    import re

    return [(value, text, bool(checked)) for value, box_id, checked, text in re.findall(
        rf'<input class="ds-input" type="checkbox" name="{name}" value="([^"]*)" id="([^"]*)"( checked)?>\s*'
        r'<label class="ds-label" for="\2"[^>]*>([^<]*)</label>', html)]


def test_ministries_are_picked_from_those_of_the_period_by_full_name_and_none_is_chosen_ahead(client, plan,
                                                                                              coordinator):
    client.force_login(coordinator)
    new_plan = _options(client.get("/arbeid/planer/ny/").content.decode(), "coordinator")
    assert new_plan[0][0] == "" and not any(selected for _, _, selected in new_plan)  # «Velg departement»
    texts = [text for _, text, _ in new_plan]
    assert "Justis- og beredskapsdepartementet (JD)" in texts
    assert not any("(FAD)" in text for text in texts)  # abolished in 2014: not a coordinator for a new plan
    page = client.get(REGISTER + "tiltak/ny/").content.decode()
    lead, others = _options(page, "lead"), _checkboxes(page, "others")
    assert lead[0][0] == "" and not any(selected for _, _, selected in lead + others)
    # Those sharing it: checkboxes in a group named by its legend (a list box cut long names at 320 px).
    assert '<fieldset class="ds-fieldset web-checks" id="id_others"' in page and "data-picker" in page
    assert '<legend class="ds-label">Medansvarlige departementer' in page and "Søk i listen" in page
    assert "Justis- og beredskapsdepartementet (JD)" in [text for _, text, _ in others]
    period = plan.period_start, plan.period_end
    from tiltak.plans.models import Ministry
    assert {value for value, _, _ in others} == set(
        Ministry.objects.in_period(*period).values_list("abbreviation", flat=True))
    # Picked: the lead first, then the others; the ministry picked twice counts once.
    added = client.post(REGISTER + "tiltak/ny/", {"number": "99", "title": "Nytt", "plan_text": "",
                                                  "lead": "UD", "others": ["JD", "UD"]})
    assert added.status_code == 302
    assert Measure.objects.get(plan=plan, number="99").responsible_abbreviations() == ["UD", "JD"]
    # Nothing picked: said on the field, in the error summary that takes focus.
    empty = client.post(REGISTER + "tiltak/ny/", {"number": "", "title": "", "plan_text": ""})
    html = empty.content.decode()
    assert empty.status_code == 422 and 'id="error-summary"' in html and "data-error-summary" in html
    assert 'href="#id_lead"' in html and 'href="#id_number"' in html
    assert 'aria-describedby="id_lead-help id_lead-error"' in html and 'aria-invalid="true"' in html
    # The edit form shows the measure's ministries picked, lead first.
    edit = client.get(REGISTER + "tiltak/99/").content.decode()
    assert ("UD", True) in [(v, s) for v, _, s in _options(edit, "lead")]
    assert [v for v, _, s in _checkboxes(edit, "others") if s] == ["JD"]


@pytest.mark.parametrize("path, fields", [
    ("/arbeid/planer/ny/", {}),
    ("/arbeid/brukere/ny/", {}),
    (REGISTER + "tiltak/ny/", {}),
    (REGISTER + "skala/0/", {"name": ""}),
    ("/arbeid/plan/testplan/ny-runde/", {}),
])
def test_every_form_sent_empty_says_so_in_an_error_summary_tied_to_its_fields(client, plan, coordinator, path,
                                                                             fields):
    client.force_login(coordinator)
    response = client.post(path, fields)
    html = response.content.decode()
    assert response.status_code == 422, path
    assert 'id="error-summary"' in html and "data-error-summary" in html and 'tabindex="-1"' in html
    assert html.count('aria-invalid="true"') >= 1
    import re
    for field_id in re.findall(r'<div class="ds-validation-message" data-color="danger" id="([^"]+)-error">', html):
        assert re.search(rf'id="{field_id}"[^>]*aria-describedby="[^"]*{field_id}-error', html), (path, field_id)
        assert f'href="#{field_id}"' in html, (path, field_id)


def test_a_reporters_ministry_is_not_called_optional(client, plan, coordinator):
    client.force_login(coordinator)
    html = client.get("/arbeid/brukere/ny/").content.decode()
    label = html.split('for="id_ministry"', 1)[1].split("</label>", 1)[0]
    assert "valgfritt" not in label and "Må velges for en rapportør." in html


def test_a_plans_first_round_is_not_said_to_carry_texts_over(client, coordinator):
    import datetime

    client.force_login(coordinator)
    admin = make_user("sjef2", is_superuser=True)
    plan = register.create_plan(title="Ny plan uten runder (2026–2029)", period_start=2026, period_end=2029,
                                scale=StatusScale.objects.get(slug="handlingsplan"), coordinator=None,
                                acting_user=admin)
    register.add_measure(plan=plan, number="1", title="Første tiltak", responsible=["JD"], acting_user=admin)
    path = f"/arbeid/plan/{plan.slug}/ny-runde/"
    form = client.get(path).content.decode()
    assert "planens første runde" in form and "fra forrige runde som utkast" not in form
    later = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    opened = client.post(path, {"label": "Status per mars 2027", "slug": "2027-03",
                                "as_of": datetime.date.today().isoformat(), "deadline": later}, follow=True)
    page = opened.content.decode()
    assert "Runden er åpnet. Tiltakene har ingen status ennå" in page and "overført" not in page
    assert 'id="message" tabindex="-1" data-message' in page  # focused after the redirect (web.js)


@pytest.mark.parametrize("typed", ["rapportor-jd", "RAPPORTOR-JD", "rapportor-jd@example.no",
                                   "Rapportor-JD@Example.no"])
def test_forgotten_password_takes_a_user_name_or_an_e_mail_address(client, reporter_jd, typed,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/arbeid/glemt-passord/", {"login": typed})
        nobody = client.post("/arbeid/glemt-passord/", {"login": "ingen-slik"})
    assert answer.status_code == nobody.status_code == 302 and answer["Location"] == nobody["Location"]
    assert [m.to for m in mail.outbox] == [[reporter_jd.email]]


def test_the_lock_out_page_says_how_long_and_leads_on(client, reporter_jd, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": "feil"})
    page = client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": "feil"})
    assert page.status_code == 429
    text = page.content.decode()
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"Sperren varer i {minutes} minutter" in text
    assert 'href="/arbeid/glemt-passord/"' in text and 'href="/arbeid/logg-inn/"' in text
    client.cookies["django_language"] = "en"
    english = client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": "feil"}).content.decode()
    assert f"lasts {minutes} minutes" in english


def test_password_messages_are_in_bokmal_on_bokmal_pages(client, reporter_jd):
    """Django 5.2's «This password is too short…» has no nb translation in Django itself (tiltak's nb catalogue)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(reporter_jd.pk))
    form = client.get(f"/arbeid/passord/{uid}/{default_token_generator.make_token(reporter_jd)}/", follow=True)
    page = client.post(form.redirect_chain[-1][0], {"new_password1": "abc1", "new_password2": "abc1"})
    text = page.content.decode()
    assert "Passordet er for kort. Det må bestå av minst 8 tegn." in text
    assert "This password" not in text and "too short" not in text
    reporter_jd.refresh_from_db()
    assert not AccountChange.objects.filter(user=reporter_jd, action=AccountChange.Action.PASSWORD_SET).exists()


def test_setting_the_password_through_the_link_is_one_action(client, reporter_jd, monkeypatch):
    """The password and its record are one transaction: when the record cannot be written, the password is not
    changed either."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    def broken(*args, **kwargs):
        raise RuntimeError("the account log is full")

    monkeypatch.setattr(accounts, "_record", broken)
    uid = urlsafe_base64_encode(force_bytes(reporter_jd.pk))
    form = client.get(f"/arbeid/passord/{uid}/{default_token_generator.make_token(reporter_jd)}/", follow=True)
    client.raise_request_exception = False
    new = "Et-helt-nytt-passord-2026"
    assert client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}).status_code == 500
    reporter_jd.refresh_from_db()
    assert reporter_jd.check_password(PASSWORD) and not reporter_jd.check_password(new)
