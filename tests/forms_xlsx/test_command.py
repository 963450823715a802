"""`tiltak form export` and `tiltak form import`, as the command line runs them."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.forms_xlsx.helpers import fill
from tiltak.plans.models import EntryState, StatusEntry


def run(*args) -> str:
    out = io.StringIO()
    call_command("form", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_and_import_a_filled_form(round_open, reporter_jd, tmp_path):
    path = tmp_path / "jd.xlsx"
    run("export", "--plan", "testplan", "--round", "2022-03", "--ministry", "JD", "-o", str(path))
    path.write_bytes(fill(path.read_bytes(), {"10": {"text": "Fra kommandolinjen."}}))
    out = run("import", str(path), "--as", "rapportor-jd", "--dry-run")
    assert "10\tchanged" in out and "nothing stored" in out
    assert StatusEntry.objects.get(round=round_open, measure__number="10").version == 1
    out = run("import", str(path), "--as", "rapportor-jd", "--submit")
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    assert "10\tchanged (submitted)" in out
    assert (entry.narrative, entry.state) == ("Fra kommandolinjen.", EntryState.SUBMITTED)


def test_a_conflict_is_overwritten_when_the_command_names_it(round_open, reporter_jd, coordinator, tmp_path):
    from tiltak.plans.actions import update_entry

    path = tmp_path / "jd.xlsx"
    run("export", "--plan", "testplan", "--round", "2022-03", "--ministry", "JD", "-o", str(path))
    path.write_bytes(fill(path.read_bytes(), {"10": {"text": "Fra skjemaet."}}))
    entry = StatusEntry.objects.get(round=round_open, measure__number="10")
    update_entry(entry=entry, status=entry.status, narrative="Fra koordinator.", expected_version=1,
                 acting_user=coordinator)
    out = run("import", str(path), "--as", "rapportor-jd")
    assert "10\tconflict" in out and "--overwrite 10:2" in out
    assert StatusEntry.objects.get(pk=entry.pk).narrative == "Fra koordinator."
    with pytest.raises(CommandError, match="«10» er ikke et tiltaksnummer og en versjon") as refused:
        run("import", str(path), "--as", "rapportor-jd", "--overwrite", "10")
    assert refused.value.returncode == 2
    assert "10\tchanged" in run("import", str(path), "--as", "rapportor-jd", "--overwrite", "10:2")
    assert StatusEntry.objects.get(pk=entry.pk).narrative == "Fra skjemaet."


def test_export_without_ministry_writes_a_zip_in_english(round_open, tmp_path):
    path = tmp_path / "alle.zip"
    run("export", "--plan", "testplan", "--round", "2022-03", "--lang", "en", "-o", str(path))
    assert zipfile.ZipFile(path).namelist() == ["testplan-2022-03-JD.xlsx", "testplan-2022-03-UD.xlsx"]


@pytest.mark.parametrize("args, message", [
    (["export", "--plan", "testplan", "--round", "2021-03", "-o", "x.xlsx"], "not open"),
    (["export", "--plan", "testplan", "--round", "2022-03", "--ministry", "HOD", "-o", "x.xlsx"], "reports on no"),
    (["import", "missing.xlsx", "--as", "rapportor-jd"], "No such file"),
    (["import", "FILE", "--as", "ingen"], "no active user"),
    (["import", "FILE", "--as", "rapportor-ud"], "eget departement"),
])
def test_refusals_are_one_line_errors(round_open, reporter_jd, reporter_ud, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    run("export", "--plan", "testplan", "--round", "2022-03", "--ministry", "JD", "-o", "FILE")
    with pytest.raises(CommandError, match=message) as refused:
        run(*args)
    assert refused.value.returncode == 2
