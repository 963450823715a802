"""Docs are tested: every command and every setting tiltak has is in the README (Datasette's test_docs.py)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(p.stem for p in ROOT.glob("tiltak/*/management/commands/*.py") if not p.stem.startswith("_"))
SETTINGS = sorted({name for p in ROOT.glob("tiltak/**/*.py")
                   for name in re.findall(r'"(TILTAK_[A-Z_]+)"', p.read_text(encoding="utf-8"))})


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    assert f"`tiltak {command}" in README


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_is_documented(setting):
    assert f"`{setting}" in README


def test_the_ci_runs_the_readmes_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
