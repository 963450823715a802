"""The fill-in forms through the API: download, send back (dry run, store, submit), refusals."""

import pytest

from tests.api.helpers import BASE, ApiClient
from tests.forms_xlsx.helpers import fill, rows_of
from tiltak.forms_xlsx import writer
from tiltak.plans.models import EntryState, StatusEntry, Via

FORMS = f"{BASE}/rounds/2022-03/forms"


def _send(api: ApiClient, data: bytes, query: str = ""):
    return api.client.post(FORMS + query, data=data, content_type=writer.CONTENT_TYPE, headers=api.headers)


@pytest.mark.parametrize("who, jd, ud, all_", [
    ("coordinator", 200, 200, 200), ("reporter_jd", 200, 403, 403), ("reader", 403, 403, 403),
    ("anonymous", 404, 404, 404),
])
def test_who_may_download_which_form(client, round_open, cast, who, jd, ud, all_):
    api = ApiClient(client, cast[who])
    assert api.get(FORMS + "/JD").status_code == jd
    assert api.get(FORMS + "/UD").status_code == ud
    assert api.get(FORMS).status_code == all_


def test_download_fill_in_and_send_back(client, round_open, reporter_jd):
    api = ApiClient(client, reporter_jd)
    form = api.get(FORMS + "/JD?lang=en")
    assert form["Content-Type"] == writer.CONTENT_TYPE and rows_of(form.content)[0][0] == "No."
    data = fill(form.content, {"10": {"status": "Completed", "text": "Done via the API."}})
    dry = _send(api, data, "?dry_run=true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["stored"] is False and dry.json()["counts"]["changed"] == 1
    assert StatusEntry.objects.get(round=round_open, measure__number="10").version == 1
    done = _send(api, data, "?submit=true").json()
    rows = {row["number"]: row for row in done["rows"]}
    assert rows["10"]["kind"] == "changed" and rows["10"]["submitted"] and rows["2"]["kind"] == "unchanged"
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    assert (entry.narrative, entry.status.text, entry.state) == ("Done via the API.", "Gjennomført",
                                                                 EntryState.SUBMITTED)
    assert entry.versions.order_by("-version").first().via == Via.FORM


def test_a_conflict_is_overwritten_only_when_named_with_the_version_seen(client, round_open, reporter_jd,
                                                                          coordinator):
    from tiltak.plans.actions import update_entry

    api = ApiClient(client, reporter_jd)
    data = fill(api.get(FORMS + "/JD").content, {"10": {"text": "Rapportørens tekst."}})
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative="Koordinators tekst.", expected_version=1,
                 acting_user=coordinator)
    conflict = _send(api, data, "?dry_run=true").json()["rows"][0]
    assert conflict["kind"] == "conflict" and conflict["version"] == 2
    assert _send(api, data, "?overwrite=10:1").json()["rows"][0]["kind"] == "conflict"  # not the version seen now
    assert _send(api, data, "?overwrite=10").status_code == 422  # not a number and a version
    assert _send(api, data, "?overwrite=10:2&overwrite=10:2").status_code == 422  # said once
    # Too long, even percent-encoded to the full: refused as too long (422), within the request line (not a 414).
    from urllib.parse import quote

    from tiltak.lib import values
    assert _send(api, data, "?overwrite=" + "1:2," * (values.OVERWRITE_CHOICES // 4) + "1:2").status_code == 422
    assert _send(api, data, "?overwrite=" + quote("\U000f2d73" * (values.OVERWRITE_CHOICES + 1))).status_code == 422
    assert StatusEntry.objects.get(pk=entry.pk).narrative == "Koordinators tekst."
    stored = _send(api, data, "?overwrite=10:2").json()["rows"][0]
    assert stored["kind"] == "changed"
    assert StatusEntry.objects.get(pk=entry.pk).narrative == "Rapportørens tekst."


def test_refusals(client, round_open, reporter_jd, settings):
    api = ApiClient(client, reporter_jd)
    assert _send(api, b"not a spreadsheet").status_code == 422
    other = _send(api, writer.build_form(round_open, "UD"))
    assert other.status_code == 403 and "eget departement" in other.json()["detail"]
    bad = _send(api, fill(writer.build_form(round_open, "JD"), {"10": {"status": "Snart"}})).json()
    assert bad["rows"][0]["kind"] == "refused" and "Snart" in bad["rows"][0]["detail"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert _send(api, b"PK\x03\x04" + b"0" * 5000).status_code == 413


def test_the_openapi_description_names_the_form_operations(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/plans/{plan}/rounds/{round}/forms"])
    assert "get" in paths["/api/v1/plans/{plan}/rounds/{round}/forms/{ministry}"]
