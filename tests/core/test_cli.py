"""The `tiltak` console script as a person runs it: real processes, a fresh SQLite data folder each."""

import json

from tests.cli import tiltak


def export_objects(data_dir) -> list:
    result = tiltak("export", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["objects"]


def test_init_loads_the_builtin_plan_and_a_second_run_changes_nothing(ready_dir):
    before = export_objects(ready_dir)
    manifest = ready_dir / "static" / "staticfiles.json"
    collected = manifest.stat().st_mtime_ns
    again = tiltak("init", data_dir=ready_dir)
    assert again.returncode == 0, again.stderr
    assert "nothing loaded" in again.stdout
    assert export_objects(ready_dir) == before
    # Nothing to collect either: the static files are as the first run left them (collecting takes seconds).
    assert manifest.stat().st_mtime_ns == collected


def test_report_json_holds_the_35_measures(ready_dir):
    result = tiltak("report", "--format", "json", data_dir=ready_dir)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "tiltak.report/1"
    assert [m["number"] for m in document["measures"]] == [str(n) for n in range(1, 36)]
    assert document["report"]["as_of"] == "2012-02"


def test_report_to_a_file(ready_dir, tmp_path):
    target = tmp_path / "rapport.json"
    result = tiltak("report", "--plan", "menneskehandel-2011-2014", "--round", "2012-02", "--format", "json",
                    "-o", str(target), data_dir=ready_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["measures"][0]["responsible"] == ["UD", "JD", "BLD"]


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_unknown_round_is_a_one_line_error(ready_dir):
    result = tiltak("report", "--round", "nosuch", "--format", "json", data_dir=ready_dir)
    assert_one_line_error(result, "no round 'nosuch'", "2012-02")


def test_unknown_plan_is_a_one_line_error(ready_dir):
    result = tiltak("report", "--plan", "nosuch", "--format", "json", data_dir=ready_dir)
    assert_one_line_error(result, "no plan 'nosuch'", "menneskehandel-2011-2014")


def test_output_in_a_missing_folder_is_a_one_line_error(ready_dir, tmp_path):
    result = tiltak("report", "--format", "json", "-o", str(tmp_path / "nope" / "r.json"), data_dir=ready_dir)
    assert_one_line_error(result, "does not exist")


def test_unwritable_data_dir_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = tiltak("report", "--format", "json", data_dir=blocker / "data")
    assert_one_line_error(result, "TILTAK_DATA_DIR", "is not a writable directory")


def test_bad_setting_is_a_one_line_error(tmp_path):
    result = tiltak("init", data_dir=tmp_path, env={"TILTAK_DEBUG": "kanskje"})
    assert_one_line_error(result, "TILTAK_DEBUG='kanskje' is not a boolean")


def test_bad_database_url_is_a_one_line_error(tmp_path):
    result = tiltak("init", data_dir=tmp_path, env={"TILTAK_DATABASE_URL": "mysql://x"})
    assert_one_line_error(result, "TILTAK_DATABASE_URL must start with postgres://")


def test_export_and_restore_lose_nothing(ready_dir, tmp_path):
    exported = tmp_path / "export.json"
    assert tiltak("export", "-o", str(exported), data_dir=ready_dir).returncode == 0
    fresh = tmp_path / "fresh"
    assert tiltak("migrate", "-v0", data_dir=fresh).returncode == 0
    restored = tiltak("restore", str(exported), data_dir=fresh)
    assert restored.returncode == 0, restored.stderr
    assert export_objects(fresh) == json.loads(exported.read_text(encoding="utf-8"))["objects"]
    again = tiltak("restore", str(exported), data_dir=fresh)
    assert_one_line_error(again, "not empty")


def test_export_to_standard_output_is_private_too(ready_dir, tmp_path):
    """`tiltak export > FILE`: the shell creates FILE 0644; the export narrows it to 0600 before writing a byte."""
    import os
    import subprocess
    import sys

    target = tmp_path / "export.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o644)
    os.fchmod(fd, 0o644)  # whatever the umask: as the shell makes it
    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")},
                   "TILTAK_DATA_DIR": str(ready_dir)}
    with os.fdopen(fd, "w") as stdout:
        result = subprocess.run([sys.executable, "-m", "tiltak", "export"], stdout=stdout, stderr=subprocess.PIPE,
                                text=True, env=environment, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "tiltak.export/1"
    piped = tiltak("export", data_dir=ready_dir)  # a pipe: said on stderr, the JSON unchanged on stdout
    assert "password hashes" in piped.stderr and json.loads(piped.stdout)["format"] == "tiltak.export/1"


def test_restore_refuses_a_file_that_is_not_an_export(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    result = tiltak("restore", str(bad), data_dir=tmp_path / "d")
    assert_one_line_error(result, "not a tiltak export")


def test_django_commands_pass_through(tmp_path):
    result = tiltak("check", data_dir=tmp_path)
    assert result.returncode == 0
    assert "no issues" in result.stdout
