"""A form filled in and saved again by LibreOffice Calc reads as one saved by openpyxl (issue 21, round trip)."""

import shutil
import subprocess

from tests.forms_xlsx.helpers import fill
from tiltak.forms_xlsx import writer
from tiltak.forms_xlsx.upload import read_upload
from tiltak.plans.actions.forms import apply_form
from tiltak.plans.models import StatusEntry


def resave_in_calc(data: bytes, tmp_path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice, with Calc: Debian's libreoffice-calc-nogui) is needed for this test"
    source = tmp_path / "in" / "skjema.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source)],
                          capture_output=True, text=True, timeout=120, check=False)
    result = tmp_path / "out" / "skjema.xlsx"
    assert result.exists(), done.stderr
    return result.read_bytes()


def test_a_form_saved_by_libreoffice_reads_the_same(round_open, reporter_jd, tmp_path):
    filled = fill(writer.build_form(round_open, "JD"), {
        "10": {"status": "Gjennomført", "text": "Avsluttet i Calc – æøå.\n\nAndre avsnitt  "},
        "2": {"links": "https://www.regjeringen.no/\nhttps://lovdata.no/"},
    })
    resaved = resave_in_calc(filled, tmp_path)
    assert resaved != filled
    ours, theirs = read_upload(filled), read_upload(resaved)
    assert theirs.rows == ours.rows and theirs.meta == ours.meta
    result = apply_form(the_round=theirs.the_round, ministry="JD", rows=theirs.rows, acting_user=reporter_jd)
    assert [r.kind for r in result.rows] == ["changed", "changed"]
    stored = StatusEntry.objects.get(round=round_open, measure__number="10")
    assert stored.narrative == "Avsluttet i Calc – æøå.\n\nAndre avsnitt" and stored.status.text == "Gjennomført"
    assert StatusEntry.objects.get(round=round_open, measure__number="2").links == [
        "https://www.regjeringen.no/", "https://lovdata.no/"]


def test_an_untouched_form_saved_by_libreoffice_changes_nothing(round_open, reporter_jd, tmp_path):
    resaved = resave_in_calc(writer.build_form(round_open, "JD"), tmp_path)
    form = read_upload(resaved)
    result = apply_form(the_round=form.the_round, ministry="JD", rows=form.rows, acting_user=reporter_jd)
    assert [r.kind for r in result.rows] == ["unchanged", "unchanged"]
