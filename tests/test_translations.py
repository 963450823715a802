"""The compiled catalogues (.mo, committed so an install needs no gettext) must say what their .po sources say."""

import gettext
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "tiltak"
SOURCES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        return {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}


def test_there_are_catalogues():
    assert SOURCES, "no .po files found"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(source, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(source)], check=True)
    assert catalogue(source.with_suffix(".mo")) == catalogue(fresh), "run 'tiltak compilemessages' and commit"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated(source):
    text = source.read_text(encoding="utf-8")
    untranslated = text.count('msgstr ""\n\n') + text.endswith('msgstr ""\n')
    assert untranslated == 0, f"{source}: {untranslated} message(s) without a translation"
