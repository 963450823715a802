"""A text over its limit (tiltak.lib.values) is refused in one line naming the measure and its length: exit 2 on
the command line, the form's error on the web import — never a traceback or a 500."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiltak.importer.api import TooLong, parse_bytes

from .test_commands import run_tiltak

WORDS = "Arbeidet fortsetter i alle etater og departementer med full styrke. "
NARRATIVE = (WORDS * 400)[:25_899] + "."  # 25 900 characters


def long_report(narrative: str = NARRATIVE) -> str:
    return f"""Statusrapport for handlingsplanen mot vold 2020–2023

Status per mars 2022

1. Styrke arbeidet mot vold (JD)

Status: Gjennomført

{narrative}

2. Kartlegge omfanget av vold (BFD)

Status: Gjennomført

Kartleggingen er ferdig.
"""


@pytest.fixture
def long_path(tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text(long_report(), encoding="utf-8")
    return path


def test_the_narrative_of_25_900_characters_is_measured_and_named():
    assert len(NARRATIVE) == 25_900
    with pytest.raises(TooLong) as caught:
        parse_bytes(long_report().encode(), name="lang.txt")
    assert str(caught.value) == ("lang.txt: tiltak 1: the narrative is 25 900 characters long; at most 20 000 are "
                                 "allowed")
    assert caught.value.as_dict() == {"measure": "1", "part": "status_text", "size": 25_900, "limit": 20_000}
    # just at the limit it is read
    report = parse_bytes(long_report(NARRATIVE[:20_000]).encode(), name="lang.txt")
    assert len(report.measures[0].status_text) == 20_000


def test_an_over_long_title_names_its_measure():
    text = long_report("Ferdig.").replace("Kartlegge omfanget av vold", "Kartlegge " + "omfanget " * 60)
    with pytest.raises(TooLong, match=r"^t\.txt: tiltak 2: the title is 5\d\d characters long; at most 500"):
        parse_bytes(text.encode(), name="t.txt")


def test_parse_exits_2_with_one_line(long_path):
    result = run_tiltak("parse", str(long_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {long_path}: tiltak 1: the narrative is 25 900 characters long; at most 20 000 are allowed"]


@pytest.mark.django_db
def test_import_exits_2_and_stores_nothing(long_path):
    from tiltak.plans.models import Plan

    with pytest.raises(CommandError, match="tiltak 1: the narrative is 25 900 characters long") as caught:
        call_command("import", str(long_path))
    assert caught.value.returncode == 2
    assert not Plan.objects.exists()
