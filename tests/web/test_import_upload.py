"""Importing a published report in the web app: upload, preview (parsed result, warnings, restored words), confirm.

And the round's data-quality notes on the coordinator's board.
"""

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import tiltak.importer
from tests.api.test_rounds import add_measures
from tests.cast import PASSWORD, make_user
from tests.plans.documents import document
from tests.web.test_browser import CHROMIUM, page  # noqa: F401 (a fixture, used by name)
from tiltak.plans.builtin import BUILTIN_PLAN_SLUG, builtin_document
from tiltak.plans.models import DataQualityNote, Measure, Plan, Role, Round, StatusEntry
from tiltak.web.uploads import SizeLimitedUpload
from tiltak.web.views.imports import PAYLOAD_SALT

pytestmark = pytest.mark.django_db
UPLOAD = "/arbeid/importer/"
CONFIRM = "/arbeid/importer/bekreft/"
SAMPLE = Path(tiltak.importer.__file__).parent / "samples" / "statusrapport-2012-02-ocr.txt"
SAMPLE_PLAN = "regjeringens-handlingsplan-mot-menneskehandel-2011-2014"
BUILTIN_ROUND = f"/arbeid/plan/{BUILTIN_PLAN_SLUG}/2012-02/"


def _as(user) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _json_file(doc: dict, name: str = "rapport.json") -> SimpleUploadedFile:
    return _file(name, json.dumps(doc, ensure_ascii=False).encode())


def _stored() -> tuple[int, int, int, int]:
    return (Plan.objects.count(), Round.objects.count(), StatusEntry.objects.count(),
            DataQualityNote.objects.count())


def _payload(user, doc=None, plan=None) -> str:
    return signing.dumps({"document": doc or document(), "plan": plan, "user": user.pk if user.pk else None},
                         salt=PAYLOAD_SALT, compress=True)


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


# --- Who may ---------------------------------------------------------------------------------------------------

ROLES = ["coordinator", "reporter_jd", "reporter_ud", "reader", "anonymous"]
LOGIN = 302


@pytest.mark.parametrize(("action", "expected"), [
    ("get", [200, 403, 403, 403, LOGIN]),
    ("preview", [200, 403, 403, 403, LOGIN]),
    ("confirm", [302, 403, 403, 403, LOGIN]),
])
def test_only_coordinators_import(cast, action, expected):
    for role, code in zip(ROLES, expected, strict=True):
        user = cast[role]
        client = _as(user)
        before = _stored()
        if action == "get":
            response = client.get(UPLOAD)
        elif action == "preview":
            response = client.post(UPLOAD, {"target": "", "scale": "", "document": _json_file(document())})
        else:
            response = client.post(CONFIRM, {"payload": _payload(user)})
        assert response.status_code == code, (role, response.content[:300])
        if role == "anonymous":
            assert response["Location"].startswith("/arbeid/logg-inn/")
        elif code == 302:
            assert response["Location"] == "/arbeid/plan/testplan/2021-03/"
        # only a confirmed import by the coordinator stores anything
        assert (_stored() != before) == (action == "confirm" and role == "coordinator"), role


def test_the_home_page_links_the_upload_for_coordinators_only(coordinator, reporter_jd):
    assert f'href="{UPLOAD}"' in _as(coordinator).get("/arbeid/").content.decode()
    assert f'href="{UPLOAD}"' not in _as(reporter_jd).get("/arbeid/").content.decode()


def test_the_upload_form_has_a_csrf_token_and_a_post_without_one_is_refused(coordinator):
    html = _as(coordinator).get(UPLOAD).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'enctype="multipart/form-data"' in html
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    assert strict.post(UPLOAD, {"document": _json_file(document())}).status_code == 403
    assert strict.post(CONFIRM, {"payload": _payload(coordinator)}).status_code == 403
    assert Plan.objects.count() == 0


# --- The February 2012 report, from upload to board -------------------------------------------------------------


def test_the_ocr_sample_is_previewed_then_imported_as_a_new_plan(coordinator, sample_bytes):
    client = _as(coordinator)
    existing = set(Plan.objects.values_list("slug", flat=True))
    preview = client.post(UPLOAD, {"target": "", "scale": "", "document": _file(SAMPLE.name, sample_bytes)})
    assert preview.status_code == 200, preview.content[:500]
    html = preview.content.decode()
    assert Plan.objects.filter(slug=SAMPLE_PLAN).exists() is False  # a preview stores nothing

    assert html.count("<tr data-number=") == 35
    assert "Regjeringens handlingsplan mot menneskehandel (2011–2014)" in html
    assert SAMPLE_PLAN in html and "Status per februar 2012" in html
    # measure 10: the overview table says another status than the section; the row is marked
    row_10 = html.split('<tr data-number="10"')[1].split("</tr>")[0]
    assert row_10.startswith(' class="web-flagged">')
    assert '<mark class="web-differs">Under gjennomføring</mark>' in row_10 and "Under forberedelse" in row_10
    assert "Oversiktstabellen sier «Under gjennomføring», avsnittet sier «Under forberedelse»." in html
    # measure 25: the titles disagree
    assert "barns forsvinninger fra barnevernets omsorgssenter" in html
    assert "Tabellen og avsnittet oppgir ulik tittel" in html
    # no other row is said to differ in status
    assert html.count('<mark class="web-differs">') == 1
    # restored words: unsure ones highlighted, with their alternatives
    table = html.split('id="restorations"')[1].split("</table>")[0]
    assert '<tr class="web-unsure">' in table and "<mark>" in table and "usikker" in table
    assert "før" in table
    # what would change (the dry run)
    assert f"ny plan {SAMPLE_PLAN}" in html and "nytt tiltak 35" in html
    payload = preview.context["payload"]
    assert f'name="payload" value="{payload}"' in html

    done = client.post(CONFIRM, {"payload": payload})
    assert done.status_code == 302
    assert done["Location"] == f"/arbeid/plan/{SAMPLE_PLAN}/2012-02/"
    plan = Plan.objects.get(slug=SAMPLE_PLAN)
    assert SAMPLE_PLAN not in existing
    assert plan.measures.count() == 35
    the_round = plan.rounds.get()
    assert the_round.entries.get(measure__number="10").status.text == "Under forberedelse"
    assert the_round.entries.first().updated_by == coordinator
    assert set(the_round.notes.values_list("measure__number", "code")) == {("10", "status_mismatch"),
                                                                          ("25", "title_mismatch")}
    board = client.get(done["Location"]).content.decode()
    assert "Rapporten er importert til" in board and "35 nye tiltak" in board and "ny plan" in board
    assert "2 merknader om datakvalitet" in board

    # confirming the same preview again changes nothing and says so
    again = client.post(CONFIRM, {"payload": payload}, follow=True)
    assert "Ingenting ble endret" in again.content.decode()
    assert plan.measures.count() == 35 and DataQualityNote.objects.filter(round=the_round).count() == 2


def test_a_new_round_goes_into_the_plan_chosen(coordinator, plan):
    doc = document(report={**document()["report"], "slug": "2022-03", "as_of": "2022-03"})
    doc["plan"] = {"title": "Et annet navn på planen", "period": ["2020", "2023"]}
    client = _as(coordinator)
    preview = client.post(UPLOAD, {"target": "testplan", "scale": "", "document": _json_file(doc)})
    assert preview.status_code == 200
    assert preview.context["plan_is_new"] is False and preview.context["round_is_new"] is True
    done = client.post(CONFIRM, {"payload": preview.context["payload"]})
    assert done["Location"] == "/arbeid/plan/testplan/2022-03/"
    assert list(plan.rounds.order_by("as_of").values_list("slug", flat=True)) == ["2021-03", "2022-03"]
    assert Plan.objects.count() == 1


def test_a_plan_coordinator_cannot_import_into_another_plan(builtin_plan, plan):
    boss_of_testplan = make_user("testkoordinator")
    Role.objects.create(user=boss_of_testplan, kind=Role.Kind.COORDINATOR, plan=plan)
    client = _as(boss_of_testplan)
    form = client.get(UPLOAD).content.decode()
    assert 'value="testplan"' in form and f'value="{BUILTIN_PLAN_SLUG}"' not in form
    # «a new plan» whose title gives the built-in plan's slug would land in it
    doc = builtin_document()
    doc["plan"]["title"] = "Menneskehandel 2011–2014"
    before = _stored()
    preview = client.post(UPLOAD, {"target": "", "scale": "", "document": _json_file(doc)})
    assert preview.status_code == 200
    assert "Du kan ikke importere til planen" in preview.content.decode()
    assert "payload" not in preview.context
    forged = client.post(CONFIRM, {"payload": _payload(boss_of_testplan, doc)})
    assert forged.status_code == 403
    assert _stored() == before


def test_a_rejected_document_shows_why_and_offers_no_confirm(coordinator):
    doc = document()
    doc["measures"][0]["status"] = "Nesten ferdig"
    preview = _as(coordinator).post(UPLOAD, {"target": "", "scale": "", "document": _json_file(doc)})
    html = preview.content.decode()
    assert 'id="rejected"' in html and "unknown status &#x27;Nesten ferdig&#x27;" in html
    assert 'name="payload"' not in html
    assert Plan.objects.count() == 0


# --- The signed preview ------------------------------------------------------------------------------------------


@pytest.fixture
def previewed(coordinator) -> tuple[Client, str]:
    client = _as(coordinator)
    response = client.post(UPLOAD, {"target": "", "scale": "", "document": _json_file(document())})
    assert response.status_code == 200
    return client, response.context["payload"]


def test_a_tampered_payload_is_refused_and_stores_nothing(previewed):
    client, payload = previewed
    data = signing.loads(payload, salt=PAYLOAD_SALT)
    data["document"]["measures"][0]["title"] = "Noe annet enn det som ble vist"
    unsigned = signing.dumps(data, salt="en annen salt", compress=True)
    flipped = payload[:-5] + ("A" if payload[-5] != "A" else "B") + payload[-4:]
    for bad in (flipped, unsigned, "", "ikke en signatur"):
        response = client.post(CONFIRM, {"payload": bad})
        assert response.status_code == 400
        assert "Forhåndsvisningen kunne ikke bekreftes" in response.content.decode()
    assert _stored() == (0, 0, 0, 0)


def test_an_expired_payload_is_refused_and_stores_nothing(previewed):
    client, payload = previewed

    class TwoHoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 2 * 60 * 60)

    old = TwoHoursAgo(salt=PAYLOAD_SALT).sign_object(signing.loads(payload, salt=PAYLOAD_SALT), compress=True)
    response = client.post(CONFIRM, {"payload": old})
    assert response.status_code == 400
    assert "eldre enn en time" in response.content.decode()
    assert _stored() == (0, 0, 0, 0)
    # the fresh one still works
    assert client.post(CONFIRM, {"payload": payload}).status_code == 302


def test_a_payload_signed_for_someone_else_is_refused(previewed):
    _client, payload = previewed
    other = make_user("annen-koordinator", Role.Kind.COORDINATOR)
    response = _as(other).post(CONFIRM, {"payload": payload})
    assert response.status_code == 400
    assert _stored() == (0, 0, 0, 0)


# --- Bad uploads -------------------------------------------------------------------------------------------------


def _refused(client, upload, message, **fields) -> str:
    response = client.post(UPLOAD, {"target": "", "scale": "", "document": upload, **fields})
    html = response.content.decode()
    assert response.status_code == 422, html[:300]
    assert 'class="ds-validation-message"' in html and message in html
    assert _stored() == (0, 0, 0, 0)
    return html


def test_an_oversized_upload_is_refused_before_it_is_read(coordinator, settings, sample_bytes):
    settings.MAX_UPLOAD_BYTES = 4096
    client = _as(coordinator)
    html = _refused(client, _file(SAMPLE.name, sample_bytes), "Filen er for stor")
    assert "4,0" in html  # the limit, in words people read
    # just under the limit passes the size check (and then fails for what it is: a fragment of a report)
    _refused(client, _file(SAMPLE.name, sample_bytes[:4000]), "Filen kan ikke leses som en statusrapport")


@pytest.mark.parametrize(("size", "kept"), [(4096, True), (4097, False)])
def test_the_upload_handler_stops_storing_a_file_past_the_limit(rf, size, kept):
    request = rf.post(UPLOAD, {"target": "", "document": _file("stor.txt", b"x" * size)})  # multipart
    limit = SizeLimitedUpload(request, max_bytes=4096)
    request.upload_handlers.insert(0, limit)
    assert ("document" in request.FILES) is kept
    assert limit.skipped == (set() if kept else {"document"})
    assert request.POST["target"] == ""  # the fields before the file are read either way


def test_an_empty_file_is_refused(coordinator):
    _refused(_as(coordinator), _file("tom.txt", b""), "Filen er tom.")


def test_a_narrative_over_its_limit_is_the_forms_error_naming_the_measure(coordinator):
    from tests.importer.test_limits import long_report

    html = _refused(_as(coordinator), _file("lang.txt", long_report().encode()),
                    "Tiltak 1: beskrivelsen er 25\u00a0900 tegn lang; høyst 20\u00a0000 tegn er tillatt.")
    assert "Teknisk melding" not in html


def test_pasted_text_is_read_like_an_upload(coordinator):
    from tiltak.bench.corpus import REAL

    pasted = (REAL / "radikalisering-celler.txt").read_text(encoding="utf-8")  # a web table copied, one cell a line
    preview = _as(coordinator).post(UPLOAD, {"target": "", "scale": "", "pasted": pasted})
    assert preview.status_code == 200
    report = preview.context["report"]
    assert len(report.measures) == 13 and report.kind == "plan" and preview.context["file_name"] == "innlimt-tekst.txt"
    assert _stored() == (0, 0, 0, 0)


def test_a_file_and_pasted_text_at_once_are_refused(coordinator, sample_bytes):
    _refused(_as(coordinator), _file(SAMPLE.name, sample_bytes), "Velg enten en fil eller innlimt tekst",
             pasted="1. Et tiltak (JD)")


def test_a_saved_web_page_is_uploaded_like_a_document(coordinator):
    from tiltak.bench.corpus import REAL

    saved = _file("tiltak.html", (REAL / "radikalisering.html").read_bytes())
    preview = _as(coordinator).post(UPLOAD, {"target": "", "scale": "", "document": saved})
    assert preview.status_code == 200
    assert [m.number for m in preview.context["report"].measures] == [str(n) for n in range(1, 14)]
    assert "Hopp til hovedinnhold" not in preview.content.decode()


def test_random_bytes_named_pdf_are_refused(coordinator):
    html = _refused(_as(coordinator), _file("rapport.pdf", os.urandom(3000)),
                    "Filen kan ikke leses som en statusrapport")
    assert "Teknisk melding: rapport.pdf:" in html


def test_the_pages_speak_english_when_asked(coordinator, settings):
    client = _as(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Import a status report" in client.get(UPLOAD).content.decode()
    html = client.post(UPLOAD, {"target": "", "scale": "", "document": _file("tom.txt", b"")}).content.decode()
    assert "The file is empty." in html


def test_no_file_at_all_is_refused(coordinator):
    response = _as(coordinator).post(UPLOAD, {"target": "", "scale": ""})
    assert response.status_code == 422
    assert "Velg en fil å laste opp, eller lim inn teksten." in response.content.decode()


def test_a_target_the_user_may_not_choose_is_refused(coordinator):
    response = _as(coordinator).post(UPLOAD, {"target": "finnes-ikke", "document": _json_file(document())})
    assert response.status_code == 422 and Plan.objects.count() == 0


def test_html_in_the_document_is_escaped(coordinator):
    doc = document()
    doc["plan"] = {"title": "<script>alert('plan')</script>", "period": ["2020", "2023"]}
    doc["measures"][0]["title"] = '<img src=x onerror="alert(1)">'
    doc["measures"][0]["status_text"] = "<b>fet</b>\n\n<a href='javascript:alert(2)'>lenke</a>"
    doc["warnings"][0]["message"] = "<iframe src=//evil></iframe>"
    html = _as(coordinator).post(UPLOAD, {"target": "", "scale": "",
                                          "document": _json_file(doc, "<i>navn</i>.json")}).content.decode()
    for raw in ("<script>alert", "<img src=x", "<b>fet</b>", "<a href='javascript", "<iframe", "<i>navn</i>"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#x27;plan&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;iframe src=//evil&gt;&lt;/iframe&gt;" in html


# --- The round's data-quality notes on the board ------------------------------------------------------------------


def test_the_board_shows_the_notes_of_the_builtin_round_to_coordinators(builtin_plan, coordinator, reader):
    html = _as(coordinator).get(BUILTIN_ROUND).content.decode()
    notes = html.split('id="notes"')[1].split("</table>")[0]
    assert "Merknader om datakvalitet (2)" in html
    assert "Tabellen og avsnittet oppgir ulik status" in notes
    assert "Oversiktstabellen sier «Under gjennomføring», avsnittet sier «Under forberedelse»." in notes
    assert "Tabellen og avsnittet oppgir ulik tittel" in notes
    assert notes.index(f'{BUILTIN_ROUND}tiltak/10/">10<') < notes.index(f'{BUILTIN_ROUND}tiltak/25/">25<')
    assert 'id="notes"' not in _as(reader).get(BUILTIN_ROUND).content.decode()


def test_the_board_costs_the_same_queries_however_many_measures_and_notes(builtin_plan, coordinator,
                                                                          django_assert_num_queries):
    client = _as(coordinator)
    the_round = builtin_plan.rounds.get()
    with django_assert_num_queries(BOARD_QUERIES):
        assert client.get(BUILTIN_ROUND).status_code == 200
    add_measures(the_round, 40)
    DataQualityNote.objects.bulk_create(
        DataQualityNote(round=the_round, measure=m, code="number_skipped", message=f"Nummer før {m.number}.")
        for m in Measure.objects.filter(plan=builtin_plan)
    )
    with CaptureQueriesContext(connection) as more:
        html = client.get(BUILTIN_ROUND).content.decode()
    assert len(more.captured_queries) == BOARD_QUERIES
    assert "Merknader om datakvalitet (77)" in html


BOARD_QUERIES = 7  # session, user, roles, round, entries, their responsibilities, notes


# --- In a real browser -------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_coordinator_uploads_previews_and_confirms_in_a_browser(live_server, coordinator, page):  # noqa: F811
    page.goto(f"{live_server.url}/arbeid/logg-inn/")
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Importer en publisert statusrapport").click()

    page.get_by_label("Dokument").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Les dokumentet og vis forhåndsvisning").click()
    page.get_by_role("heading", name="Forhåndsvisning av importen").wait_for()
    assert page.locator("#measures tbody tr").count() == 35
    assert page.locator("#restorations tr.web-unsure mark").count() >= 1
    assert "Under gjennomføring" in page.locator('#measures tr[data-number="10"] mark').inner_text()
    page.get_by_role("button", name="Bekreft importen").click()

    page.get_by_text("Rapporten er importert til").wait_for()
    assert page.url == f"{live_server.url}/arbeid/plan/{SAMPLE_PLAN}/2012-02/"
    assert page.locator("#notes tbody tr").count() == 2
    assert Plan.objects.get(slug=SAMPLE_PLAN).measures.count() == 35


# --- A document of a plan that exists ------------------------------------------------------------------------------


def test_the_ocr_sample_reimported_into_the_builtin_plan_offers_no_change(builtin_plan, coordinator, sample_bytes):
    client = _as(coordinator)
    preview = client.post(UPLOAD, {"target": "", "scale": "", "document": _file(SAMPLE.name, sample_bytes)})
    html = preview.content.decode()
    result = preview.context["result"]
    assert (result.plan, result.matched_by, result.plan_is_new) == (builtin_plan, "title", False)
    assert not result.changed and not result.needs_reason and preview.context["changes"] == []
    assert "Ingenting: denne rapporten er allerede importert slik den er." in html and 'name="reason"' not in html
    # what the OCR damaged is shown apart, as kept
    assert "Dokumentet er dårligere her; den lagrede teksten beholdes (22)" in html and 'id="stored-kept"' in html
    assert "Tiltak 1: tekst i planen" in html and "<del>Europarådskonvensjonens</del>" in html
    done = client.post(CONFIRM, {"payload": preview.context["payload"]})
    assert done["Location"] == BUILTIN_ROUND
    assert not StatusEntry.objects.filter(round__plan=builtin_plan, versions__action="correct").exists()


def test_a_changed_report_while_the_builtin_plan_exists_goes_into_that_plan_with_a_diff(builtin_plan, coordinator):
    from tests.importer.conftest import ADDED_SENTENCE, changed_seed_text

    client = _as(coordinator)
    preview = client.post(UPLOAD, {"target": "", "scale": "",
                                   "document": _file(SAMPLE.name, changed_seed_text().encode())})
    html = preview.content.decode()
    result = preview.context["result"]
    assert (result.plan, result.matched_by, result.plan_is_new) == (builtin_plan, "title", False)
    assert 'id="existing-plan"' in html and "ikke som en ny plan" in html
    assert f"Planen «{builtin_plan.title}» og runden «Status per februar 2012» finnes allerede" in html
    # the one real change is offered as a word diff, and a reason is asked for; the OCR damage is not offered
    assert result.needs_reason and '<div class="web-diff" tabindex="0" role="region"' in html
    assert re.search(r"<ins>[^<]*" + re.escape(ADDED_SENTENCE), html)
    assert [item.line for item in preview.context["changes"]] == ["tiltak 1: ny versjon 2 av statusen"]
    assert "spesialrapporter" not in preview.context["changes"][0].after
    assert 'name="reason"' in html and "Bekreft rettelsen" in html
    before = _stored()
    refused = client.post(CONFIRM, {"payload": preview.context["payload"]})
    assert refused.status_code == 400 and "krever en begrunnelse" in refused.content.decode()
    assert _stored() == before
    reason = "OCR-teksten av den trykte rapporten"
    done = client.post(CONFIRM, {"payload": preview.context["payload"], "reason": reason})
    assert done["Location"] == BUILTIN_ROUND
    assert Plan.objects.count() == 1
    corrected = StatusEntry.objects.filter(round__plan=builtin_plan, versions__action="correct").distinct()
    assert corrected.count() == result.counts["entry_updated"] == 1
    assert set(corrected.first().versions.filter(action="correct").values_list("comment", "changed_by")) == {
        ("OCR-teksten av den trykte rapporten", coordinator.pk)}


def test_a_later_report_of_the_builtin_plan_is_offered_as_a_new_round_of_it(builtin_plan, coordinator):
    doc = builtin_document()
    del doc["plan"]["slug"]
    doc["report"].update(slug="2013-02", as_of="2013-02", label="")
    preview = _as(coordinator).post(UPLOAD, {"target": "", "scale": "", "document": _json_file(doc)})
    html = preview.content.decode()
    assert preview.context["round_is_new"] and not preview.context["plan_is_new"]
    assert "finnes allerede. Dokumentet importeres som en ny runde av den eksisterende planen" in html
    assert 'name="unpublished"' in html
    done = _as(coordinator).post(CONFIRM, {"payload": preview.context["payload"], "unpublished": "on"})
    assert done["Location"] == f"/arbeid/plan/{BUILTIN_PLAN_SLUG}/2013-02/"
    kept = Round.objects.get(plan=builtin_plan, slug="2013-02")
    assert kept.state == Round.State.CLOSED and not kept.is_published and Plan.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_ocr_sample_is_offered_into_the_existing_builtin_plan_in_a_browser(
        live_server, builtin_plan, coordinator, page, tmp_path):  # noqa: F811
    from tests.importer.conftest import changed_seed_text

    changed = tmp_path / SAMPLE.name
    changed.write_text(changed_seed_text(), encoding="utf-8")
    page.goto(f"{live_server.url}/arbeid/logg-inn/")
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Importer en publisert statusrapport").click()
    page.get_by_label("Importer til").select_option("")  # «a new plan»: the document says which plan it is
    page.get_by_label("Dokument").set_input_files(str(changed))
    page.get_by_role("button", name="Les dokumentet og vis forhåndsvisning").click()

    offer = page.locator("#existing-plan")
    offer.wait_for()
    assert f"Planen «{builtin_plan.title}»" in offer.inner_text() and "ikke som en ny plan" in offer.inner_text()
    assert "samme tittel og periode" in offer.inner_text()
    assert page.locator("#changes .web-diff ins").count() == 1  # the one real change; the OCR damage is kept apart
    assert page.locator("#stored-kept li").count() >= 1
    page.get_by_label("Begrunnelse for rettelsen").fill("OCR-teksten av den trykte rapporten")
    page.get_by_role("button", name="Bekreft rettelsen").click()

    page.get_by_text("Rapporten er importert til").wait_for()
    assert page.url == f"{live_server.url}{BUILTIN_ROUND}"
    assert list(Plan.objects.values_list("slug", flat=True)) == [BUILTIN_PLAN_SLUG]
    assert StatusEntry.objects.filter(round__plan=builtin_plan, versions__action="correct").exists()


# not inside the test's own transaction, as a real request is not
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_parse_runs_before_and_outside_any_transaction(monkeypatch, coordinator, sample_bytes):
    """So a parse, however long, never holds the database's write lock (SQLite's IMMEDIATE transactions take it)."""
    from django.db import connection

    from tiltak.importer import sandbox

    seen = []

    def watching(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return sandbox.parse_bytes(*args, **kwargs)

    monkeypatch.setattr("tiltak.web.forms.parse_bytes", watching)
    response = _as(coordinator).post(UPLOAD, {"target": "", "scale": "", "document": _file(SAMPLE.name, sample_bytes)})
    assert response.status_code == 200 and seen == [False]
