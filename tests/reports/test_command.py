"""`tiltak report` as a person runs it: real processes on a fresh SQLite data folder."""

import pytest

from tests.cli import tiltak


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "finnes-ikke"], "no plan 'finnes-ikke' (plans: menneskehandel-2011-2014)"),
        (["--round", "1999-01"], "has no round '1999-01' (rounds: 2012-02)"),
        (["-o", "/finnes/ikke/rapport.pdf"], "the folder /finnes/ikke does not exist"),
    ],
)
def test_bad_input_exits_2_with_one_line(ready_dir, args, message):
    result = tiltak("report", "--format", "pdf", *args, data_dir=ready_dir)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF-"), ("docx", b"PK"), ("xlsx", b"PK"),
                                             ("html", b"<!doctype html>"), ("md", b"# "), ("csv", b"\xef\xbb\xbf")])
def test_every_format_to_a_file(ready_dir, tmp_path, fmt, magic):
    target = tmp_path / f"rapport.{fmt}"
    result = tiltak("report", "--format", fmt, "--lang", "en", "-o", str(target), data_dir=ready_dir)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(magic)
    assert not list(tmp_path.glob(".*.partial"))
