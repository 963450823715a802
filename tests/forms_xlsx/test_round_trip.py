"""The form out and back in: unchanged, filled in, refused, in conflict; the rules are the entry page's."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from tests.forms_xlsx.helpers import edit_workbook, fill
from tiltak.forms_xlsx import layout, writer
from tiltak.forms_xlsx.upload import FormRefused, read_upload, require_round
from tiltak.plans.actions import update_entry
from tiltak.plans.actions.forms import FormRejected, apply_form
from tiltak.plans.models import EntryState, StatusEntry, StatusEntryVersion, Via


def take(data: bytes, user, **kwargs):
    form = read_upload(data)
    return apply_form(the_round=form.the_round, ministry=form.ministry, rows=form.rows, acting_user=user, **kwargs)


def entry(the_round, number) -> StatusEntry:
    return StatusEntry.objects.select_related("status").get(round=the_round, measure__number=number)


@pytest.fixture
def jd_form(round_open) -> bytes:
    return writer.build_form(round_open, "JD")


def test_the_form_has_its_sheets_columns_drop_down_and_protection(round_open, jd_form):
    workbook = load_workbook(io.BytesIO(jd_form))
    assert workbook.sheetnames == ["JD", "Veiledning", "tiltak"]
    ws = workbook["JD"]
    assert [c.value for c in ws[1]] == ["Nr.", "Tiltak", "Ansvarlige", "Status", "Statustekst", "Lenker",
                                        "Forrige status", "Forrige statustekst"]
    # JD leads «10» (first) and contributes to «2» (UD leads), marked
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["10", "2"]
    assert "Bidrag" in ws.cell(3, layout.RESPONSIBLE).value and "Bidrag" not in ws.cell(2, layout.RESPONSIBLE).value
    assert ws.cell(2, layout.PREVIOUS_TEXT).value == "Arbeidet er påbegynt."
    assert ws.freeze_panes == "D2" and ws.protection.sheet
    assert not ws.cell(2, layout.TEXT).protection.locked and ws.cell(2, layout.MEASURE).protection.locked
    assert ws.cell(2, layout.TEXT).alignment.wrap_text
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "list" and str(validation.sqref) == "D2:D3" and validation.showErrorMessage
    guide = workbook["Veiledning"]
    first, last = validation.formula1.split("!")[1].replace("$", "").split(":")
    assert [guide[f"A{n}"].value for n in range(int(first[1:]), int(last[1:]) + 1)] == [
        "Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt"]
    assert workbook["tiltak"].sheet_state == "veryHidden" and workbook.security.lockStructure


def test_the_english_form(round_open):
    workbook = load_workbook(io.BytesIO(writer.build_form(round_open, "JD", lang="en")))
    assert workbook.sheetnames == ["JD", "Instructions", "tiltak"]
    assert [c.value for c in workbook["JD"][1]] == ["No.", "Measure", "Responsible", "Status", "Status text", "Links",
                                                    "Previous status", "Previous status text"]


def test_round_trip_unchanged_changes_nothing(round_open, jd_form, reporter_jd):
    before = list(StatusEntry.objects.filter(round=round_open).values_list("version", "narrative", "status_id"))
    versions = StatusEntryVersion.objects.count()
    result = take(jd_form, reporter_jd)
    assert [r.kind for r in result.rows] == ["unchanged", "unchanged"]
    assert list(StatusEntry.objects.filter(round=round_open).values_list("version", "narrative", "status_id")) == before
    assert StatusEntryVersion.objects.count() == versions


def test_the_zip_has_every_ministrys_form(round_open):
    archive = zipfile.ZipFile(io.BytesIO(writer.build_zip(round_open)))
    assert archive.namelist() == ["testplan-2022-03-JD.xlsx", "testplan-2022-03-UD.xlsx"]
    assert read_upload(archive.read("testplan-2022-03-UD.xlsx")).ministry == "UD"


def test_a_filled_form_is_stored_exactly_via_skjema(round_open, jd_form, reporter_jd):
    text = "Første linje  \r\nAndre linje med æøå ÆØÅ_x000D_\nTredje\t \n\n\n"
    links = " https://www.vg.no/ \n\nmailto:a@b.no"
    data = fill(jd_form, {"10": {"status": "gjennomført", "text": text, "links": links}})
    dry = take(data, reporter_jd, dry_run=True)
    assert [(r.number, r.kind) for r in dry.rows] == [("10", "changed"), ("2", "unchanged")]
    assert entry(round_open, "10").version == 1
    result = take(data, reporter_jd)
    stored = entry(round_open, "10")
    assert result.rows[0].kind == "changed"
    assert stored.narrative == "Første linje\nAndre linje med æøå ÆØÅ\nTredje"
    assert stored.status.text == "Gjennomført" and stored.links == ["https://www.vg.no/", "mailto:a@b.no"]
    assert stored.state == EntryState.DRAFT and stored.updated_by == reporter_jd
    last = stored.versions.order_by("-version").first()
    assert (last.action, last.via, last.changed_by) == ("edit", Via.FORM, reporter_jd)


def test_a_grade_by_any_of_its_labels_keeps_the_entrys_own_label(round_open, reporter_jd, coordinator):
    # «2» holds «Løpende» (a second label of «Løpende/under gjennomføring»); the form shows the grade's main label
    data = fill(writer.build_form(round_open, "UD", lang="en"), {"2": {"text": "Ny tekst."}})
    take(data, coordinator)
    assert entry(round_open, "2").status.text == "Løpende"
    data = fill(writer.build_form(round_open, "UD"), {"2": {"status": "Under forberedelse"}})
    take(data, coordinator)
    assert entry(round_open, "2").status.text == "Under forberedelse"


def test_submit_sends_in_what_the_person_may_send(round_open, jd_form, reporter_jd):
    data = fill(jd_form, {"10": {"text": "Ferdig."}, "2": {"text": "JDs bidrag."}})
    result = take(data, reporter_jd, submit=True)
    assert [(r.number, r.kind, r.submitted) for r in result.rows] == [("10", "changed", True), ("2", "changed", False)]
    assert entry(round_open, "10").state == EntryState.SUBMITTED
    assert entry(round_open, "2").state == EntryState.DRAFT  # UD leads «2» and sends it in
    submit = entry(round_open, "10").versions.get(action="submit")
    assert submit.via == Via.FORM


@pytest.mark.parametrize("cells, reason", [
    ({"status": "Nesten ferdig"}, "er ikke en status i denne planen"),
    ({"text": "x" * 20_001}, "for lang"),
    ({"links": "javascript:alert(1)"}, "nettadresse"),
    ({"links": "\n".join(f"https://e.no/{n}" for n in range(21))}, "høyst 20 lenker"),
])
def test_a_wrong_row_is_refused_with_the_reason_and_the_rest_stored(round_open, jd_form, reporter_jd, cells,
                                                                    reason):
    data = fill(jd_form, {"10": cells, "2": {"text": "JDs bidrag."}})
    result = take(data, reporter_jd)
    refused, stored = result.rows
    assert refused.kind == "refused" and reason in refused.detail
    assert entry(round_open, "10").version == 1
    assert stored.kind == "changed" and entry(round_open, "2").narrative == "JDs bidrag."


def test_a_formula_is_stored_as_its_text(round_open, jd_form, reporter_jd):
    take(fill(jd_form, {"10": {"text": "=1+1"}}), reporter_jd)
    assert entry(round_open, "10").narrative == "=1+1"


def test_a_conflict_is_refused_and_shown_until_chosen(round_open, jd_form, reporter_jd, coordinator):
    current = entry(round_open, "10")
    update_entry(entry=current, status=current.status, narrative="Koordinators tekst.", expected_version=1,
                 acting_user=coordinator)
    data = fill(jd_form, {"10": {"text": "Rapportørens tekst."}})
    result = take(data, reporter_jd)
    row = result.rows[0]
    assert row.kind == "conflict" and "endret i tiltak" in row.detail
    assert (row.narrative_before, row.narrative_after) == ("Koordinators tekst.", "Rapportørens tekst.")
    assert entry(round_open, "10").narrative == "Koordinators tekst."
    # The person chooses the form's text, for the version they saw
    form = read_upload(data)
    apply_form(the_round=form.the_round, ministry="JD", rows=form.rows, acting_user=reporter_jd,
               overwrite={"10": row.version})
    assert entry(round_open, "10").narrative == "Rapportørens tekst."


def test_a_row_left_alone_keeps_a_later_change_in_tiltak(round_open, jd_form, reporter_jd, coordinator):
    current = entry(round_open, "10")
    update_entry(entry=current, status=current.status, narrative="Nyere.", expected_version=1, acting_user=coordinator)
    result = take(jd_form, reporter_jd)
    assert result.rows[0].kind == "unchanged" and entry(round_open, "10").narrative == "Nyere."


def test_a_reporter_is_refused_another_ministrys_form(round_open, reporter_jd):
    with pytest.raises(PermissionDenied, match="eget departement"):
        take(writer.build_form(round_open, "UD"), reporter_jd)


def test_a_reader_is_refused(round_open, jd_form, reader):
    with pytest.raises(PermissionDenied):
        take(jd_form, reader)


def test_a_form_of_another_round_is_refused(round_open, plan, jd_form):
    other = plan.rounds.get(slug="2021-03")
    with pytest.raises(FormRefused, match="ikke for «"):
        require_round(read_upload(jd_form), other)


def test_a_closed_round_takes_no_form(round_open, jd_form, coordinator):
    round_open.state = round_open.State.CLOSED
    round_open.save()
    with pytest.raises(FormRejected, match="ikke åpen"):
        take(jd_form, coordinator)


def _csv() -> bytes:
    return b"Nr.;Tiltak\n1;A\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _any_xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", b"<" + b" " * (50 * 1024 * 1024) + b"/>")
    return out.getvalue()


def _many_rows() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("tiltak")
    for number in range(3000):  # counted in the XML before openpyxl reads a row
        sheet.append([str(number)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make, message", [
    (_csv, "ikke et regneark"), (_docx, "ikke et regneark"), (_any_xlsx, "ikke et skjema for utfylling"),
    (_bomb, "pakker seg ut"), (_many_rows, "flere rader enn et skjema"),
])
def test_a_file_that_is_not_our_form_is_refused(db, make, message):
    data = make()
    assert len(data) < 200_000
    with pytest.raises(FormRefused, match=message):
        read_upload(data)


def _tamper_version(workbook):
    workbook["tiltak"].cell(layout.META_ROWS, 2).value = "7"


def _rename_sheet(workbook):
    workbook.create_sheet("Mine notater")


def _add_row(workbook):
    workbook["JD"].cell(4, 1).value = "11"


def _renumber(workbook):
    workbook["JD"].cell(2, 1).value = "10a"


def _header(workbook):
    workbook["JD"].cell(1, layout.TEXT).value = "Tekst"


def _unprotect(workbook):
    workbook["JD"].protection.sheet = False


@pytest.mark.parametrize("change, message", [
    (_tamper_version, "skjulte opplysninger"), (_unprotect, "Beskyttelsen"), (_rename_sheet, "Arkene"),
    (_add_row, "Radene"),
    (_renumber, "Radene"), (_header, "Overskriftsraden"),
])
def test_a_broken_structure_or_tampered_metadata_is_refused(round_open, jd_form, change, message):
    with pytest.raises(FormRefused, match=message):
        read_upload(edit_workbook(jd_form, change))


def test_an_oversized_file_is_refused_before_it_is_read(db, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(FormRefused, match="for stor"):
        read_upload(b"PK\x03\x04" + b"0" * 2000)
