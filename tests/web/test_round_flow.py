"""The whole round through the web forms, from opening to publishing; login, throttling, CSRF; query counts."""

import pytest
from django.test import Client

from tests.api.test_rounds import add_measures
from tests.cast import PASSWORD, open_2022
from tiltak.plans.models import EntryState, Round, StatusEntry, StatusLabel

pytestmark = pytest.mark.django_db
ROUND = "/arbeid/plan/testplan/2022-03/"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _save(client, number, narrative, status="Løpende"):
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number=number)
    label = StatusLabel.objects.get(grade__scale__slug="handlingsplan", text=status)
    response = client.post(f"{ROUND}tiltak/{number}/", {"status": label.pk, "narrative": narrative, "links": "",
                                                         "version": entry.version})
    assert response.status_code == 302, response.content[:400]


def test_a_round_from_opening_to_publishing(plan, coordinator, reporter_jd, reporter_ud):
    boss, jd, ud = _as(coordinator), _as(reporter_jd), _as(reporter_ud)
    fields = {"label": "Status per mars 2022", "slug": "2022-03", "as_of": "2022-03-01", "deadline": "2022-04-01"}
    # A deadline already past is refused, with the choice to open the round anyway, knowingly.
    refused = boss.post("/arbeid/plan/testplan/ny-runde/", fields)
    html = refused.content.decode()
    assert refused.status_code == 422 and "har alt vært" in html and 'name="past_deadline_ok"' in html
    assert 'id="error-summary"' in html and 'aria-describedby="id_deadline-error"' in html
    opened = boss.post("/arbeid/plan/testplan/ny-runde/", {**fields, "past_deadline_ok": "on"})
    assert opened.status_code == 302 and opened["Location"] == ROUND
    mine = jd.get("/arbeid/").content.decode()
    assert "Mine tiltak" in mine and "Styrke samarbeidet" in mine and "Øke innsatsen" in mine
    assert mine.count("1. april 2022") == 1  # the deadline once, above the list
    assert "forfalt" in mine  # 1 April 2022 has passed

    _save(jd, "2", "JD bidrar med dette.")            # co-responsible writes
    _save(ud, "2", "UD og JD samarbeider godt.")       # the lead finishes it
    ud.post(f"{ROUND}tiltak/2/send-inn/")
    _save(jd, "10", "Tiltaket er satt i gang.", status="Under gjennomføring")
    jd.post(f"{ROUND}tiltak/10/send-inn/")
    board = boss.get(ROUND).content.decode()
    assert "Til gjennomgang (2)" in board

    boss.post(f"{ROUND}tiltak/10/returner/", {"comment": "Når startet det?"})
    assert "Når startet det?" in jd.get(f"{ROUND}tiltak/10/").content.decode()
    refused = boss.post(f"{ROUND}publiser/", {"confirm": "yes"}, follow=True).content.decode()
    assert "Ikke godkjent: 2, 10" in refused
    _save(jd, "10", "Tiltaket ble satt i gang i januar 2022.", status="Under gjennomføring")
    jd.post(f"{ROUND}tiltak/10/send-inn/")
    for number in ("2", "10"):
        boss.post(f"{ROUND}tiltak/{number}/godkjenn/")
    boss.post(f"{ROUND}publiser/", {"confirm": "yes"})

    the_round = Round.objects.get(slug="2022-03")
    assert the_round.is_published
    entries = {e.measure.number: e for e in the_round.entries.select_related("measure", "status")}
    assert entries["10"].narrative == "Tiltaket ble satt i gang i januar 2022."
    assert entries["10"].status.text == "Under gjennomføring"
    assert {e.state for e in entries.values()} == {EntryState.APPROVED}
    actions = list(entries["10"].versions.order_by("version").values_list("action", flat=True))
    assert actions == ["open", "edit", "submit", "return", "edit", "submit", "approve"]
    # Published means public: the API shows the round to anybody, as written.
    public = Client().get("/api/v1/plans/testplan/rounds/2022-03/entries/10").json()
    assert public["narrative"] == "Tiltaket ble satt i gang i januar 2022."


def test_login_with_argon2_and_throttling_after_five_failures(plan, reporter_jd):
    client = Client()
    response = client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    client.post("/arbeid/logg-ut/")
    for _ in range(5):
        wrong = client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": "feil"})
    assert "Feil brukernavn eller passord" in wrong.content.decode() or wrong.status_code == 429
    locked = client.post("/arbeid/logg-inn/", {"username": "rapportor-jd", "password": PASSWORD})
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()


def test_a_post_without_a_csrf_token_is_refused(plan, coordinator, reporter_jd):
    open_2022(plan, coordinator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter_jd)
    response = client.post(f"{ROUND}tiltak/10/", {"narrative": "x", "version": 1})
    assert response.status_code == 403
    assert StatusEntry.objects.get(round__slug="2022-03", measure__number="10").version == 1


def test_list_pages_cost_the_same_few_queries_on_many_measures(plan, coordinator, reporter_jd,
                                                               django_assert_max_num_queries):
    the_round = open_2022(plan, coordinator)
    jd, boss = _as(reporter_jd), _as(coordinator)
    for more in (0, 40):
        add_measures(the_round, more)
        with django_assert_max_num_queries(12):
            assert jd.get("/arbeid/").status_code == 200
        with django_assert_max_num_queries(12):
            assert boss.get(ROUND).status_code == 200
    assert boss.get(ROUND).content.decode().count("Tiltak 1") >= 40
