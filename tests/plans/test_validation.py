"""One validation for every way in: web form, API, import (report JSON and text), restore and the admin's forms
normalise the same text the same way and refuse the same hostile values, with a clear message and nothing
stored (tiltak/plans/validation.py, tiltak/lib/text.py, tiltak/lib/values.py, tiltak/lib/report_format.py)."""

import copy
import datetime
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import modelform_factory

from tests.api.helpers import BASE, ApiClient
from tests.cast import coordinator, open_2022, plan, reporter_jd, round_open
from tiltak.importer.api import ImportFailure, parse_bytes
from tiltak.plans.actions import SYSTEM, ImportRejected, import_report, open_round, update_entry
from tiltak.plans.actions.restore import RestoreRefused, restore_document
from tiltak.plans.backup import export_document
from tiltak.plans.models import Measure, Ministry, Plan, Round, StatusEntry, StatusEntryVersion

from .documents import document

pytestmark = pytest.mark.django_db
__all__ = ["coordinator", "plan", "reporter_jd", "round_open"]  # the cast, as fixtures

TYPED = "Første linje  \r\nandre linje\r\n\r\nNytt avsnitt med a\u030a\x0bWord-linjeskift\x0cside\x1b[0m slutt\ufffe"
NORMAL = "Første linje\nandre linje\n\nNytt avsnitt med å\nWord-linjeskift\nside[0m slutt"
FOUR_MB = "x" * 4_000_000

# value for a narrative → words the refusal must contain (Norwegian for people, English for the importer)
REFUSED_NARRATIVES = [
    ("før\x00etter", "NUL"),
    ("før\ud800etter", "Unicode"),
    ("x" * 20_001, "høyst 20 000 tegn"),
]
IMPORT_REFUSALS = [
    ("plan.slug", "handlingsplan-æøå", "is not a slug"),
    ("report.slug", "2022/03", "is not a slug"),
    ("measures.0.number", "9/9", "is not a measure number"),
    ("measures.0.links", ["javascript:alert(1)"], "is not an http, https or mailto address"),
    ("measures.0.status_text", FOUR_MB, "is 4 000 000 characters long"),
    ("measures.0.status_text", "før\x00etter", "contains a NUL"),
    ("measures.0.plan_text", "før\ud800etter", "lone surrogate"),
    ("measures.0.title", 42, "must be text, not a number"),
    ("plan.title", {"a": [[[[[]]]]]}, "must be text, not an object"),
    ("report.label", "Status\r\nBcc: alle@example.org", "must be one line"),
]


def _set(doc: dict, path: str, value) -> dict:
    doc = copy.deepcopy(doc)
    target = doc
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return doc


def _entry(the_round, number="10") -> StatusEntry:
    return the_round.entries.for_work().get(measure__number=number)


# --- The import action (every format ends here) -----------------------------------------------------------------


@pytest.mark.parametrize(("path", "value", "words"), IMPORT_REFUSALS, ids=[p for p, _, _ in IMPORT_REFUSALS])
def test_the_import_action_refuses_hostile_values_in_one_line_and_stores_nothing(path, value, words):
    plans_before = Plan.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_report(acting_user=SYSTEM, document=_set(document(), path, value))
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert Plan.objects.count() == plans_before and not Measure.objects.filter(plan__slug="testplan").exists()


def test_the_import_action_stores_text_in_normal_form():
    doc = _set(document(), "measures.0.status_text", TYPED)
    doc = _set(doc, "measures.0.title", " Styrke\u00a0samarbeidet  ")
    import_report(acting_user=SYSTEM, document=doc)
    entry = StatusEntry.objects.get(measure__plan__slug="testplan", measure__number="2")
    assert entry.narrative == NORMAL and entry.versions.get().narrative == NORMAL
    assert entry.measure.title == "Styrke\u00a0samarbeidet"


@pytest.mark.parametrize(("path", "value", "words"), IMPORT_REFUSALS[:4], ids=[p for p, _, _ in IMPORT_REFUSALS[:4]])
def test_an_uploaded_report_json_is_refused_by_the_same_rules(path, value, words):
    data = json.dumps(_set(document(), path, value), ensure_ascii=False).encode()
    with pytest.raises(ImportFailure) as caught:
        parse_bytes(data, name="rapport.json")
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_deeply_nested_report_json_is_a_one_line_failure():
    with pytest.raises(ImportFailure) as caught:
        parse_bytes(b'{"format": "tiltak.report/1", "plan": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", name="dyp.json")
    assert str(caught.value).startswith("dyp.json: ") and "\n" not in str(caught.value)


def test_a_text_report_is_stored_in_normal_form():
    text = ("Status per februar 2012\r\n\r\nTiltak 1 Bedre samarbeid (JD)\r\n\r\nStatus: Gjennomført\r\n\r\n"
            "Arbeidet er ferdig.\x0bNeste linje med e\u0301 og\x1b skrot.   \r\n"
            + "Arbeidet med tiltaket har gått etter planen gjennom hele året. " * 10 + "\r\n")
    parsed = parse_bytes(text.encode(), name="rapport.txt")
    result = import_report(acting_user=SYSTEM, document=parsed.to_json(), plan_slug="fra-tekst")
    for entry in StatusEntry.objects.filter(round=result.round):
        assert "\r" not in entry.narrative and "\x0b" not in entry.narrative and "\x1b" not in entry.narrative
        assert entry.narrative == entry.narrative.rstrip() and "e\u0301" not in entry.narrative


# --- The actions the web and the API call ------------------------------------------------------------------------


def test_an_edit_is_stored_in_normal_form_so_confirming_the_same_text_is_exact(round_open, reporter_jd):
    entry = update_entry(entry=_entry(round_open), status=_entry(round_open).status, narrative=TYPED,
                         links=[" https://www.regjeringen.no/ ", "mailto:post@jd.dep.no"], expected_version=1,
                         acting_user=reporter_jd)
    assert entry.narrative == NORMAL and entry.links == ["https://www.regjeringen.no/", "mailto:post@jd.dep.no"]
    again = update_entry(entry=_entry(round_open), status=entry.status, narrative=NORMAL.replace("\n", "\r\n"),
                         links=entry.links, expected_version=entry.version, acting_user=reporter_jd)
    assert again.versions.order_by("-version").first().action == "confirm"  # the same text, however it came


@pytest.mark.parametrize(("narrative", "words"), REFUSED_NARRATIVES)
def test_update_refuses_what_cannot_be_stored(round_open, reporter_jd, narrative, words):
    with pytest.raises(ValidationError) as caught:
        update_entry(entry=_entry(round_open), status=None, narrative=narrative, expected_version=1,
                     acting_user=reporter_jd)
    assert any(words in m for m in caught.value.message_dict["narrative"])
    assert _entry(round_open).version == 1


@pytest.mark.parametrize("label", ["Status per mars\r\nBcc: alle@example.org", "Status\nper mars", "Status\x0bmars"])
def test_a_round_label_with_a_line_break_is_a_clean_validation_error(plan, coordinator, label):
    with pytest.raises(ValidationError) as caught:
        open_round(plan=plan, slug="2022-03", label=label, as_of=datetime.date(2022, 3, 1), deadline=None,
                   acting_user=coordinator)
    assert "én linje" in caught.value.message_dict["label"][0]
    assert not Round.objects.filter(slug="2022-03").exists()


@pytest.mark.parametrize("slug", ["mars/2022", "mars-æ", "Mars"])
def test_a_round_slug_that_cannot_be_an_address_is_refused(plan, coordinator, slug):
    with pytest.raises(ValidationError) as caught:
        open_round(plan=plan, slug=slug, label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                   deadline=None, acting_user=coordinator)
    assert "Kortnavnet" in caught.value.message_dict["slug"][0]


# --- The web form ------------------------------------------------------------------------------------------------

URL = "/arbeid/plan/testplan/2022-03/tiltak/10/"


@pytest.fixture
def jd(client, plan, coordinator, reporter_jd):
    open_2022(plan, coordinator)
    client.force_login(reporter_jd)
    return client


def _post(client, **fields):
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    data = {"status": entry.status_id or "", "narrative": entry.narrative, "links": "\n".join(entry.links),
            "version": entry.version, "action": "save", **fields}
    return client.post(URL, data)


def test_the_form_stores_a_browser_s_crlf_text_in_normal_form(jd):
    assert _post(jd, narrative=TYPED, links="https://www.regjeringen.no/\r\nmailto:post@jd.dep.no").status_code == 302
    entry = StatusEntry.objects.get(round__slug="2022-03", measure__number="10")
    assert entry.narrative == NORMAL and entry.links == ["https://www.regjeringen.no/", "mailto:post@jd.dep.no"]
    # Sending the same text back as the browser does (CRLF) is no change.
    _post(jd, narrative=NORMAL.replace("\n", "\r\n"))
    assert StatusEntry.objects.get(pk=entry.pk).version == entry.version


# A form's CharField refuses NUL itself, in Django's words («Null-tegn er ikke tillatt»).
@pytest.mark.parametrize(("narrative", "words"), [("før\x00etter", "ull-tegn"), ("x" * 20_001, "høyst 20 000 tegn")])
def test_the_form_refuses_with_a_message_and_keeps_nothing(jd, narrative, words):
    response = _post(jd, narrative=narrative)
    assert response.status_code == 422 and words in response.content.decode()
    assert StatusEntry.objects.get(round__slug="2022-03", measure__number="10").version == 1


def test_the_form_refuses_a_javascript_link(jd):
    response = _post(jd, narrative="Tekst.", links="javascript:alert(1)")
    assert response.status_code == 422 and "mailto:" in response.content.decode()


def test_a_stored_javascript_link_is_shown_as_text_not_as_a_link(jd, plan):
    # As an import could store it before every way in was validated.
    StatusEntry.objects.filter(round__slug="2022-03", measure__number="10").update(
        links=["javascript:alert(1)", "https://www.regjeringen.no/"], state="submitted")
    page = jd.get(URL).content.decode()
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
    assert 'href="https://www.regjeringen.no/"' in page


# --- The API -----------------------------------------------------------------------------------------------------

ENTRY = f"{BASE}/rounds/2022-03/entries/10"


def test_the_api_stores_text_in_normal_form(client, round_open, reporter_jd):
    response = ApiClient(client, reporter_jd).put(ENTRY, {"status": None, "narrative": TYPED, "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["narrative"] == NORMAL


@pytest.mark.parametrize(("narrative", "words"), REFUSED_NARRATIVES)
def test_the_api_refuses_with_422_and_a_message(client, round_open, reporter_jd, narrative, words):
    # json.dumps writes a lone surrogate as the escape «\ud800», as any client would send it.
    body = json.dumps({"status": None, "narrative": narrative, "version": 1})
    response = ApiClient(client, reporter_jd).put(ENTRY, body)
    assert response.status_code == 422, response.content
    assert words.casefold() in json.dumps(response.json(), ensure_ascii=False).casefold()
    assert _entry(round_open).version == 1


def test_the_api_refuses_a_round_label_with_a_line_break(client, plan, coordinator):
    response = ApiClient(client, coordinator).post(f"{BASE}/rounds", {
        "slug": "2022-03", "label": "Status\r\nBcc: alle@example.org", "as_of": "2022-03-01"})
    assert response.status_code == 422 and "én linje" in json.dumps(response.json(), ensure_ascii=False)
    assert not Round.objects.filter(slug="2022-03").exists()


def test_a_deeply_nested_api_body_is_a_clean_4xx(client, round_open, reporter_jd):
    body = '{"status": null, "version": 1, "narrative": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = ApiClient(client, reporter_jd).put(ENTRY, body)
    assert 400 <= response.status_code < 500
    assert _entry(round_open).version == 1


# --- Restore -----------------------------------------------------------------------------------------------------


def _tampered(model: str, field: str, value) -> dict:
    exported = export_document()
    for obj in exported["objects"]:
        if obj["model"] == model:
            obj["fields"][field] = value
            break
    else:
        raise AssertionError(f"no {model} in the export")
    return exported


def _empty_database() -> None:
    Plan.objects.all().delete()
    get_user_model().objects.all().delete()


RESTORE_REFUSALS = [
    ("plans.statusentry", "narrative", FOUR_MB, "for lang"),
    ("plans.statusentry", "narrative", "før\x00etter", "NUL"),
    ("plans.statusentry", "links", ["javascript:alert(1)"], "mailto:"),
    ("plans.plan", "slug", "plan-æøå", "Kortnavnet"),
    ("plans.round", "slug", "2021/03", "Kortnavnet"),
    ("plans.measure", "number", "9/9", "tiltaksnummer"),
    ("plans.round", "label", "Status\r\nBcc: alle@example.org", "én linje"),
    ("plans.measure", "title", 42, "tekst"),
    ("auth.user", "first_name", "før\ud800etter", "surrogate"),
    # Django's own rule takes «Åse+X»; the people pages and `tiltak user add` do not, and nor does restore.
    ("auth.user", "username", "Åse+X", "is not a user name"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("model", "field", "value", "words"), RESTORE_REFUSALS,
                         ids=[f"{m}.{f}" for m, f, _, _ in RESTORE_REFUSALS])
def test_restore_refuses_hostile_values_and_loads_nothing(model, field, value, words):
    import_report(acting_user=SYSTEM, document=document())
    get_user_model().objects.create_user("koordinator", password="et-langt-passord-2012")
    exported = _tampered(model, field, value)
    _empty_database()
    with pytest.raises(RestoreRefused) as caught:
        restore_document(document=exported)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert not Plan.objects.exists() and not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_normalises_text():
    import_report(acting_user=SYSTEM, document=document())
    exported = _tampered("plans.statusentry", "narrative", TYPED)
    _empty_database()
    restore_document(document=exported)
    assert NORMAL in StatusEntry.objects.values_list("narrative", flat=True)


# --- The admin's forms (model forms: full_clean runs the same model fields) -----------------------------------


def test_a_model_form_normalises_and_refuses_like_every_other_way_in(builtin_plan):
    form_class = modelform_factory(Measure, fields=["plan", "number", "title", "plan_text"])
    good = form_class({"plan": builtin_plan.pk, "number": "36", "title": "  Nytt tiltak ", "plan_text": TYPED})
    assert good.is_valid(), good.errors
    assert (good.instance.title, good.instance.plan_text) == ("Nytt tiltak", NORMAL)
    # The form fields refuse NUL and an over-long text first, in Django's words; the model fields the rest.
    for field, value, words in [("number", "9/9", ("tiltaksnummer",)), ("title", "To\r\nlinjer", ("én linje",)),
                                ("plan_text", "før\x00etter", ("NUL", "Null-tegn")),
                                ("plan_text", "x" * 20_001, ("for lang", "20000"))]:
        data = {"plan": builtin_plan.pk, "number": "37", "title": "Tittel", "plan_text": "", field: value}
        form = form_class(data)
        assert not form.is_valid(), (field, value)
        assert any(w in m for m in form.errors[field] for w in words), (field, form.errors)
    assert not Measure.objects.filter(plan=builtin_plan, number__in=["36", "37"]).exists()


def test_a_plan_slug_with_letters_no_address_can_hold_is_refused_in_a_model_form(builtin_plan):
    form_class = modelform_factory(Plan, fields=["slug", "title", "period_start", "period_end", "scale"])
    form = form_class({"slug": "plan-æøå", "title": "Ny plan", "period_start": 2020, "period_end": 2021,
                       "scale": builtin_plan.scale_id})
    assert not form.is_valid() and "slug" in form.errors
    ministry = modelform_factory(Ministry, fields=["abbreviation", "name"])({"abbreviation": "J D", "name": "X"})
    assert not ministry.is_valid() and "abbreviation" in ministry.errors


# --- The data migration ----------------------------------------------------------------------------------------


def _raw_update(model, column: str, value: str, **where) -> None:
    pks = list(model.objects.filter(**where).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(pks))
        cursor.execute(f"UPDATE {model._meta.db_table} SET {column} = %s WHERE id IN ({placeholders})",  # noqa: S608 - our own table and column names
                       [value, *pks])


def test_the_data_migration_normalises_what_is_stored_and_leaves_history_alone(monkeypatch):
    from importlib import import_module

    migration = import_module("tiltak.plans.migrations.0007_normalise_stored_text")
    # Run on today's models, which have no chapters since plans/0011 (the migration itself runs before that).
    monkeypatch.delitem(migration.FIELDS, "Chapter")
    import_report(acting_user=SYSTEM, document=document())
    plan = Plan.objects.get(slug="testplan")
    # As stored before validation came in: raw SQL, since every ORM write now normalises (the fields' to_python).
    _raw_update(StatusEntry, "narrative", TYPED, measure__plan=plan)
    _raw_update(Measure, "title", "  Tittel med e\u0301  ", plan=plan)
    _raw_update(Measure, "plan_text", "a  \r\nb\r\n", plan=plan)
    _raw_update(Round, "label", "Status per mars 2021 ", plan=plan)
    _raw_update(StatusEntryVersion, "narrative", TYPED, entry__measure__plan=plan)
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM plans_statusentry")
        assert TYPED in {row[0] for row in cursor.fetchall()}

    migration.normalise_stored_text(django_apps, None)

    assert set(StatusEntry.objects.filter(measure__plan=plan).values_list("narrative", flat=True)) == {NORMAL}
    assert set(Measure.objects.filter(plan=plan).values_list("title", "plan_text")) == {("Tittel med é", "a\nb")}
    assert Round.objects.get(plan=plan).label == "Status per mars 2021"
    assert set(StatusEntryVersion.objects.filter(entry__measure__plan=plan).values_list("narrative", flat=True)) \
        == {TYPED}  # the history is append-only


def test_the_links_migration_mends_links_stored_with_control_characters():
    """Issue 20: links went around the text rules and could hold U+0001, ESC, NEL…, which no DOCX or XLSX can."""
    import json
    from importlib import import_module

    migration = import_module("tiltak.plans.migrations.0014_links_in_normal_form")
    import_report(acting_user=SYSTEM, document=document())
    plan = Plan.objects.get(slug="testplan")
    stored = ["https://x.no/\x01a\x1b", " mailto:post@jd.dep.no\x1c", "https://x.no/a\x85b", "https://ok.no/"]
    _raw_update(StatusEntry, "links", json.dumps(stored), measure__plan=plan, measure__number="2")
    _raw_update(StatusEntryVersion, "links", json.dumps(stored), entry__measure__plan=plan, entry__measure__number="2")
    assert StatusEntry.objects.get(measure__plan=plan, measure__number="2").links == stored

    migration.links_in_normal_form(django_apps, None)

    mended = ["https://x.no/a", "mailto:post@jd.dep.no", "https://ok.no/"]  # NEL is a line break: no link
    assert StatusEntry.objects.get(measure__plan=plan, measure__number="2").links == mended
    assert {tuple(v.links) for v in StatusEntryVersion.objects.filter(entry__measure__number="2")} == {tuple(mended)}


def test_restore_of_a_deeply_nested_file_is_a_one_line_error(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "dyp.json"
    path.write_text('{"format": "tiltak.export/1", "objects": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CommandError, match="nested too deeply") as caught:
        call_command("restore", str(path))
    assert "\n" not in str(caught.value)
