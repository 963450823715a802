"""`tiltak parse` and `tiltak import`: output, exit codes, one-line errors, transactions."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import ADDED_SENTENCE, GOLD


def run_tiltak(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tiltak", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "ascii", **(env or {})},
        timeout=120,
    )


def test_parse_prints_report_json_and_touches_no_database(seed_path):
    out = io.StringIO()
    call_command("parse", str(seed_path), stdout=out)  # no db fixture: a query would fail the test
    report = json.loads(out.getvalue())
    assert report["format"] == "tiltak.report/1"
    assert len(report["measures"]) == 35
    assert "restorations" not in report
    assert '  "format"' in out.getvalue()  # indented


def test_parse_with_restorations(seed_path):
    out = io.StringIO()
    call_command("parse", str(seed_path), "--restorations", stdout=out)
    assert json.loads(out.getvalue())["restorations"]


def test_parse_console_script_writes_utf8_whatever_the_locale(seed_path):
    result = run_tiltak("parse", str(seed_path))
    assert result.returncode == 0, result.stderr
    assert "Østersjørådet" in result.stdout


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (None, "missing.txt", "no such file"),
        (b"", "empty.txt", "empty"),
        (b"\x00\xff\x00binary" * 100, "data.bin", "binary"),
        (bytes(range(256)) * 16, "random.pdf", "no PDF"),
        (b"%PDF-1.4\n%garbage that is no PDF at all", "broken.pdf", "broken PDF"),
        (b"Et notat uten tiltak.\n\nIngenting her.\n", "notat.txt", "no measure found"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, name, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run_tiltak("parse", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert "Traceback" not in result.stderr


def test_file_over_the_size_limit_exits_2(seed_path):
    result = run_tiltak("parse", str(seed_path), env={"TILTAK_MAX_UPLOAD_BYTES": "1000"})
    assert result.returncode == 2
    assert "over the size limit of 1000 bytes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_size_limit_comes_from_settings(seed_path, settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(CommandError, match="size limit of 10 bytes") as caught:
        call_command("parse", str(seed_path))
    assert caught.value.returncode == 2


def test_the_documents_legend_wins_over_the_scale_option(seed_path, gold):
    out = io.StringIO()
    call_command("parse", str(seed_path), "--scale", "ogp", stdout=out)
    report = json.loads(out.getvalue())
    assert [m["status"] for m in report["measures"]] == [m["status"] for m in gold["measures"]]


def test_unknown_scale_is_an_error(seed_path):
    with pytest.raises(CommandError, match="unknown scale 'nope'") as caught:
        call_command("parse", str(seed_path), "--scale", "nope")
    assert caught.value.returncode == 2


# -- import ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_dry_run_stores_nothing_then_import_then_reimport_changes_nothing(seed_path):
    from tiltak.plans.models import Plan, StatusEntry

    plans, entries = Plan.objects.count(), StatusEntry.objects.count()
    out = io.StringIO()
    call_command("import", str(seed_path), "--dry-run", stdout=out)
    assert "Prøvekjøring" in out.getvalue()
    assert "status_mismatch" in out.getvalue()
    assert (Plan.objects.count(), StatusEntry.objects.count()) == (plans, entries)

    out = io.StringIO()
    call_command("import", str(seed_path), "--plan", "menneskehandel-import", stdout=out)
    assert Plan.objects.filter(slug="menneskehandel-import").exists()
    assert StatusEntry.objects.count() == entries + 35

    out = io.StringIO()
    call_command("import", str(seed_path), "--plan", "menneskehandel-import", stdout=out)
    assert "Ingenting er endret." in out.getvalue()
    assert StatusEntry.objects.count() == entries + 35


@pytest.mark.django_db
def test_import_rejected_is_exit_2_and_stores_nothing(tmp_path):
    from tiltak.plans.models import Plan

    doc = json.loads(GOLD.read_text(encoding="utf-8"))
    doc["measures"].append(dict(doc["measures"][0]))  # measure 1 twice
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = Plan.objects.count()
    with pytest.raises(CommandError, match="twice") as caught:
        call_command("import", str(path))
    assert caught.value.returncode == 2
    assert Plan.objects.count() == before


def test_verbose_parse_lists_unsure_words_on_stderr(seed_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("parse", str(seed_path), "-v", "2", stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines
    assert all(line.startswith("unsure: tiltak ") and "(or " in line for line in lines)
    assert json.loads(out.getvalue())["measures"]


@pytest.mark.django_db
def test_import_without_plan_says_it_goes_into_the_existing_plan_and_corrects_only_with_a_reason(builtin_plan,
                                                                                                  changed_seed_path):
    from tiltak.plans.models import Plan, StatusEntryVersion

    out = io.StringIO()
    call_command("import", str(changed_seed_path), "--dry-run", stdout=out)
    said = out.getvalue()
    assert f"planen finnes: «{builtin_plan.title}» (samme tittel og periode)" in said
    assert "ikke en ny plan" in said and "krever --reason" in said
    # the one real change is offered; the OCR damage around it keeps the stored spelling
    assert "tiltak 1: ny versjon 2 av statusen" in said and said.count("ny versjon") == 1
    assert "beholdt: tiltak 1: beskrivelse: " in said and "ord beholder den lagrede skrivemåten" in said
    with pytest.raises(CommandError, match="krever en begrunnelse") as refused:
        call_command("import", str(changed_seed_path), stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert not StatusEntryVersion.objects.filter(action="correct").exists()
    call_command("import", str(changed_seed_path), "--reason", "Ny opplysning", stdout=io.StringIO())
    corrections = StatusEntryVersion.objects.filter(action="correct")
    assert set(corrections.values_list("entry__measure__number", "comment", "changed_by")) == {
        ("1", "Ny opplysning", None)}
    narrative = corrections.get().narrative
    assert ADDED_SENTENCE in narrative
    # the stored spelling around the change, not the document's OCR damage
    assert "spesialrapportør" in narrative and "Genève" in narrative and "spesialrapporter" not in narrative
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_the_shipped_sample_reimported_into_the_builtin_plan_changes_nothing(builtin_plan, seed_path):
    from tiltak.plans.models import Measure, StatusEntry, StatusEntryVersion

    before = (list(Measure.objects.values_list("title", "plan_text")),
              list(StatusEntry.objects.values_list("narrative", "status", "version")))
    versions = StatusEntryVersion.objects.count()
    out = io.StringIO()
    call_command("import", str(seed_path), "--plan", builtin_plan.slug, "--dry-run", stdout=out)
    said = out.getvalue()
    assert "Ingenting er endret." in said and "krever --reason" not in said and "ny versjon" not in said
    assert said.count("den lagrede teksten beholdes") == 22  # every text the OCR damaged, named
    assert "beholdt: tiltak 1: tekst i planen: dokumentet er dårligere her" in said
    # and for real, without a reason: nothing to correct
    call_command("import", str(seed_path), "--plan", builtin_plan.slug, stdout=io.StringIO())
    assert (list(Measure.objects.values_list("title", "plan_text")),
            list(StatusEntry.objects.values_list("narrative", "status", "version"))) == before
    assert StatusEntryVersion.objects.count() == versions
