import pytest

from tests.cast import open_2022
from tiltak.plans.models import EntryState, StatusEntry, StatusLabel

pytestmark = pytest.mark.django_db
URL = "/arbeid/plan/testplan/2022-03/tiltak/10/"


def _label_pk(text):
    return StatusLabel.objects.get(grade__scale__slug="handlingsplan", text=text).pk


def _post(client, **fields):
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    data = {"status": entry.status_id or "", "narrative": entry.narrative, "links": "\n".join(entry.links),
            "version": entry.version, **fields}
    return client.post(URL, data)


@pytest.fixture
def jd(client, plan, coordinator, reporter_jd):
    open_2022(plan, coordinator)
    client.force_login(reporter_jd)
    return client


def test_the_form_shows_plan_text_last_round_scale_and_a_csrf_token(jd):
    page = jd.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Arbeidet er påbegynt." in html  # last round's narrative
    assert "Under forberedelse" in html and "Arbeidet med tiltaket er under forberedelse." in html  # scale meanings
    assert 'name="csrfmiddlewaretoken"' in html
    assert "uendret fra forrige runde" in html
    assert 'name="version" value="1"' in html


def test_saving_an_edit_then_submitting(jd):
    response = _post(jd, narrative="Ferdig i 2022.", status=_label_pk("Gjennomført"))
    assert response.status_code == 302
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    assert (entry.narrative, entry.version, entry.unchanged) == ("Ferdig i 2022.", 2, False)
    page = jd.get(URL).content.decode()
    # Last round's text against this one: rewritten whole, so shown before and after rather than word by word.
    assert 'class="web-before-after" id="diff"' in page and "<del>" not in page
    assert jd.post(URL + "send-inn/").status_code == 302
    assert StatusEntry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED


def test_saving_nothing_without_confirming_unchanged_is_explained(jd):
    response = _post(jd)
    assert response.status_code == 422
    assert "Kryss av for «Uendret»" in response.content.decode()
    assert _post(jd, confirm_unchanged="on").status_code == 302
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    assert not entry.unchanged and entry.versions.order_by("-version").first().action == "confirm"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"narrative": "x" * 20_001}, "høyst 20 000 tegn"),
        ({"links": "ikke en adresse"}, "er ikke en nettadresse"),
        ({"status": "999999"}, "Velg en av statusene"),
        ({"version": ""}, "mangler versjonsnummer"),
    ],
)
def test_bad_input_gets_a_norwegian_message_and_nothing_is_saved(jd, fields, message):
    response = _post(jd, **fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert StatusEntry.objects.get(round__slug="2022-03", measure__number="10").version == 1


def test_a_stale_form_shows_the_other_persons_text_and_keeps_mine(jd, coordinator, client):
    from tiltak.plans.actions import update_entry

    entry = StatusEntry.objects.for_work().get(round__slug="2022-03", measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative="Koordinatorens tekst.", expected_version=1,
                 acting_user=coordinator)
    response = jd.post(URL, {"status": entry.status_id, "narrative": "Min tekst.", "links": "", "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre har lagret" in html and "Koordinatorens tekst." in html and "Min tekst." in html
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    assert StatusEntry.objects.get(pk=entry.pk).narrative == "Koordinatorens tekst."


def test_html_in_a_narrative_is_escaped_wherever_shown(jd, client, reader):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _post(jd, narrative=evil)
    for url in (URL, URL + "historikk/"):
        html = jd.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    stored = StatusEntry.objects.get(round__slug="2022-03", measure__number="10").narrative
    assert stored == evil


def test_the_history_says_who_when_and_what_changed(jd):
    _post(jd, narrative="Arbeidet er avsluttet.")
    html = jd.get(URL + "historikk/").content.decode()
    assert "Versjon 2" in html and "rapportor-jd" in html and ": endret" in html  # the action in words
    assert "<del>påbegynt.</del><ins>avsluttet.</ins>" in html


def test_english_is_there_for_those_who_ask(jd):
    jd.post("/arbeid/sprak/", {"language": "en", "next": URL})
    html = jd.get(URL).content.decode()
    assert "Previous round" in html and "Submit" in html
    jd.post("/arbeid/sprak/", {"language": "nb", "next": URL})
    assert "Forrige runde" in jd.get(URL).content.decode()


def test_the_scale_shows_each_grade_by_its_name_and_not_the_importers_other_spellings(jd):
    grade = StatusLabel.objects.filter(grade__scale__slug="handlingsplan").first().grade
    StatusLabel.objects.create(grade=grade, position=8, text="Fullført i sin helhet", text_en="Done")
    for language in ("nb", "en"):
        jd.cookies["django_language"] = language
        scale = jd.get(URL).content.decode().split('class="web-scale"', 1)[1]
        assert "Fullført i sin helhet" not in scale and "også skrevet" not in scale and "also written" not in scale
        assert grade.in_language(language) in scale


def test_a_conflict_with_my_own_other_tab_does_not_call_me_someone_else(jd, reporter_jd):
    from tiltak.plans.actions import update_entry

    entry = StatusEntry.objects.for_work().get(round__slug="2022-03", measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative="Fra den andre fanen.", expected_version=1,
                 acting_user=reporter_jd)
    response = jd.post(URL, {"status": entry.status_id, "narrative": "Fra denne fanen.", "links": "", "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre" not in html and "i en annen fane eller et annet vindu" in html
    assert "Fra den andre fanen." in html and "Fra denne fanen." in html


def test_a_rewritten_narrative_is_shown_before_and_after_and_a_small_edit_word_by_word(jd):
    _post(jd, narrative="Helt ny tekst om noe ganske annet enn i fjor, skrevet fra grunnen av.")
    history = jd.get(URL + "historikk/").content.decode()
    assert 'class="web-before-after"' in history and "<del>" not in history.split("Versjon 2", 1)[1].split(
        "Versjon 1", 1)[0]
    _post(jd, narrative="Helt ny tekst om noe ganske annet enn i fjor, skrevet fra grunnen av i år.")
    latest = jd.get(URL + "historikk/").content.decode().split("Versjon 3", 1)[1].split("Versjon 2", 1)[0]
    assert "<ins> i år.</ins>" in latest or "<ins>i år.</ins>" in latest or "<ins>" in latest
    assert 'role="region"' in latest and 'tabindex="0"' in latest  # the scrolling box is reachable by keyboard


def test_the_entry_page_says_round_and_state_in_its_title_and_counts_characters(jd):
    html = jd.get(URL).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Status per mars 2022" in title or "2022" in title
    assert "Utkast" in title
    assert 'data-count-for="id_narrative"' in html and 'aria-describedby="id_narrative-help id_narrative-count' in html


def test_a_submitted_entry_says_so_in_lower_case_and_names_its_ministries_with_spaces(jd):
    assert _post(jd, narrative="Ferdig i 2022.", status=_label_pk("Gjennomført")).status_code == 302
    assert jd.post(URL + "send-inn/").status_code == 302
    html = jd.get(URL).content.decode()
    assert "Tiltaket er sendt inn og kan ikke endres nå." in html
    assert "(UD, JD)</h1>" in jd.get("/arbeid/plan/testplan/2022-03/tiltak/2/").content.decode()
