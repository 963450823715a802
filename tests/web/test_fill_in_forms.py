"""«Skjema for utfylling» on the work pages: download, upload, preview word by word, confirm; who may do what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.forms_xlsx.helpers import fill
from tiltak.forms_xlsx import writer
from tiltak.plans.actions import open_round, update_entry
from tiltak.plans.actions.register import add_measure, create_plan
from tiltak.plans.models import EntryState, StatusEntry, Via

PAGE = "/arbeid/plan/testplan/2022-03/skjema/"
CONFIRM = PAGE + "bekreft/"


def _as(user) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


def _upload(client, data: bytes, *, submit: bool = False, url: str = PAGE):
    fields = {"form_file": SimpleUploadedFile("skjema.xlsx", data)}
    if submit:
        fields["submit"] = "on"
    return client.post(url, fields)


def _entry(the_round, number) -> StatusEntry:
    return StatusEntry.objects.get(round=the_round, measure__number=number)


@pytest.mark.parametrize("who, page, jd, ud, zip_", [
    ("coordinator", 200, 200, 200, 200),
    ("reporter_jd", 200, 200, 403, 403),
    ("reporter_ud", 200, 403, 200, 403),
    ("reader", 403, 403, 403, 403),
    ("anonymous", 302, 302, 302, 302),
])
def test_who_may_have_which_form(round_open, cast, who, page, jd, ud, zip_):
    client = _as(cast[who])
    assert client.get(PAGE).status_code == page
    assert client.get(PAGE + "JD.xlsx").status_code == jd
    assert client.get(PAGE + "UD.xlsx").status_code == ud
    assert client.get(PAGE + "alle.zip").status_code == zip_


def test_the_page_lists_the_reporters_own_form_and_the_board_and_home_link_to_it(round_open, reporter_jd,
                                                                                 coordinator):
    page = _as(reporter_jd).get(PAGE).content.decode()
    assert "JD.xlsx" in page and "UD.xlsx" not in page and "alle.zip" not in page
    assert PAGE in _as(reporter_jd).get("/arbeid/").content.decode()
    board = _as(coordinator).get("/arbeid/plan/testplan/2022-03/").content.decode()
    assert PAGE in board
    page = _as(coordinator).get(PAGE).content.decode()
    assert "JD.xlsx" in page and "UD.xlsx" in page and "alle.zip" in page


def test_a_download_is_the_form_in_the_pages_language(round_open, reporter_jd):
    response = _as(reporter_jd).get(PAGE + "JD.xlsx?lang=en")
    assert response["Content-Type"] == writer.CONTENT_TYPE
    assert 'filename="testplan-2022-03-JD.xlsx"' in response["Content-Disposition"]
    from tests.forms_xlsx.helpers import rows_of

    assert rows_of(response.content)[0][:2] == ["No.", "Measure"]


def test_upload_preview_then_confirm_stores_via_skjema(round_open, reporter_jd):
    client = _as(reporter_jd)
    data = fill(client.get(PAGE + "JD.xlsx").content, {"10": {"text": "Arbeidet er fullført i år."}})
    preview = _upload(client, data, submit=True)
    html = preview.content.decode()
    assert preview.status_code == 200 and "Ingenting er lagret ennå" in html
    assert "<del>påbegynt.</del>" in html and "<ins>fullført i år.</ins>" in html
    assert _entry(round_open, "10").version == 1
    payload = html.split('name="payload" value="')[1].split('"')[0]
    done = client.post(CONFIRM, {"payload": payload})
    assert done.status_code == 200 and "Skjemaet er lest inn" in done.content.decode()
    entry = _entry(round_open, "10")
    assert (entry.narrative, entry.state) == ("Arbeidet er fullført i år.", EntryState.SUBMITTED)
    assert set(entry.versions.filter(version__gt=1).values_list("via", flat=True)) == {Via.FORM}
    history = client.get("/arbeid/plan/testplan/2022-03/tiltak/10/historikk/").content.decode()
    assert "via skjema" in history


def test_a_conflict_is_shown_and_stored_only_when_ticked(round_open, reporter_jd, coordinator):
    client = _as(reporter_jd)
    data = fill(client.get(PAGE + "JD.xlsx").content, {"10": {"text": "Fra skjemaet."}})
    entry = _entry(round_open, "10")
    update_entry(entry=entry, status=entry.status, narrative="Fra koordinator.", expected_version=1,
                 acting_user=coordinator)
    html = _upload(client, data).content.decode()
    assert 'data-kind="conflict"' in html and "Fra koordinator." in html and 'name="overwrite" value="10"' in html
    payload = html.split('name="payload" value="')[1].split('"')[0]
    client.post(CONFIRM, {"payload": payload})
    assert _entry(round_open, "10").narrative == "Fra koordinator."
    client.post(CONFIRM, {"payload": payload, "overwrite": "10"})
    assert _entry(round_open, "10").narrative == "Fra skjemaet."


def test_refusals_are_said_in_words(round_open, plan, reporter_jd, coordinator):
    client = _as(reporter_jd)
    not_ours = _upload(client, b"Nr.;Tiltak\n10;x\n")
    assert not_ours.status_code == 422 and "ikke et regneark i XLSX-format" in not_ours.content.decode()
    other = _upload(client, writer.build_form(round_open, "UD"))
    assert other.status_code == 403 and "eget departement" in other.content.decode()
    # A form of another plan's round, uploaded to this one
    other = create_plan(title="En annen plan", period_start=2022, period_end=2024, scale=plan.scale,
                        coordinator=None, slug="annen", acting_user=coordinator)
    add_measure(plan=other, number="1", title="Et tiltak", responsible=["JD"], acting_user=coordinator)
    later = open_round(plan=other, slug="2022-03", label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                       deadline=None, acting_user=coordinator)
    wrong = _upload(client, writer.build_form(later, "JD"))
    assert wrong.status_code == 422 and "Last opp skjemaet for denne runden" in wrong.content.decode()


def test_a_forged_or_foreign_payload_is_refused(round_open, reporter_jd, reporter_ud):
    data = writer.build_form(round_open, "JD")
    html = _upload(_as(reporter_jd), data).content.decode()
    payload = html.split('name="payload" value="')[1].split('"')[0]
    assert _as(reporter_ud).post(CONFIRM, {"payload": payload}).status_code == 400
    assert _as(reporter_jd).post(CONFIRM, {"payload": payload + "x"}).status_code == 400


def test_an_oversized_upload_is_refused_unread(round_open, reporter_jd, settings):
    settings.MAX_UPLOAD_BYTES = 2000
    response = _upload(_as(reporter_jd), b"PK\x03\x04" + b"0" * 5000)
    assert response.status_code == 422 and "for stor" in response.content.decode()
