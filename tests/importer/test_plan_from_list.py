"""The seed's plan rebuilt from a list of its measures alone, then its February 2012 report as the first round."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiltak.importer.refdata import ministry_register

from .test_commands import run_tiltak

pytestmark = pytest.mark.django_db


def seed_list(gold: dict) -> str:
    """The plan's measures as a plain numbered list: number, title and the ministries in full, as of the first
    day of the plan's period."""
    register = ministry_register()
    day = datetime.date(int(gold["plan"]["period"][0]), 1, 1)
    lines = [gold["plan"]["title"], "", "Regjeringen vil gjennomføre disse tiltakene:", ""]
    for m in gold["measures"]:
        names = ", ".join(register.resolve(a, day).name for a in m["responsible"])
        lines.append(f"{m['number']}. {m['title']} ({names})")
    return "\n".join(lines) + "\n"


@pytest.fixture
def list_path(tmp_path, gold):
    path = tmp_path / "tiltak-i-planen.txt"
    path.write_text(seed_list(gold), encoding="utf-8")
    return path


def test_the_list_parses_to_the_seeds_measures(list_path, gold):
    out = io.StringIO()
    call_command("parse", str(list_path), stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["kind"] == "plan" and doc["report"]["as_of"] is None
    assert doc["plan"] == {"title": gold["plan"]["title"], "period": gold["plan"]["period"]}
    assert [(m["number"], m["title"], m["responsible"]) for m in doc["measures"]] == [
        (m["number"], m["title"], m["responsible"]) for m in gold["measures"]
    ]
    assert all(m["status"] is None for m in doc["measures"])
    assert doc["warnings"] == []


def test_a_plan_from_its_list_then_the_2012_report_as_its_first_round(list_path, seed_path, gold):
    from tiltak.plans.models import Plan, Round, StatusEntry

    out = io.StringIO()
    call_command("import", str(list_path), "--plan", "mh", stdout=out)
    plan = Plan.objects.get(slug="mh")
    assert plan.title == gold["plan"]["title"] and (plan.period_start, plan.period_end) == (2011, 2014)
    assert plan.measures.count() == 35 and not Round.objects.filter(plan=plan).exists()
    assert plan.measures.get(number="16").responsible_abbreviations() == ["BLD", "JD", "AD", "HOD"]
    assert "advarsel" not in out.getvalue()
    # The list has no legend: the scale is a proposal, and the command says so.
    uncertain = [line for line in out.getvalue().splitlines() if line.startswith("usikkert:")]
    assert len(uncertain) == 1 and uncertain[0].endswith("[scale_proposed]")

    out = io.StringIO()
    call_command("import", str(seed_path), "--plan", "mh", stdout=out)
    lines = out.getvalue().splitlines()
    the_round = Round.objects.get(plan=plan)
    assert str(the_round.as_of) == "2012-02-01"
    assert StatusEntry.objects.filter(round=the_round).count() == 35
    assert plan.measures.count() == 35  # no measure created twice
    # The report names the same measures, titles and ministries as the list: nothing but the plan texts changes.
    assert not [line for line in lines if line.startswith(("nytt tiltak", "tiltak ")) and "ansvar" in line]
    assert not [line for line in lines if "tittel" in line]
    # The only warnings are the report's own two contradictions (measures 10 and 25), nothing from the list.
    warnings = [line for line in lines if line.startswith("advarsel")]
    assert [w.split(":")[0] for w in warnings] == ["advarsel", "advarsel"]
    assert {w.split("[")[-1] for w in warnings} == {"status_mismatch]", "title_mismatch]"}


def test_a_list_that_is_imported_twice_changes_nothing(list_path):
    call_command("import", str(list_path), "--plan", "mh", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import", str(list_path), "--plan", "mh", stdout=out)
    assert "Ingenting er endret." in out.getvalue()


def test_a_list_with_statuses_is_refused(tmp_path, gold):
    from tiltak.plans.models import Plan

    doc = {"format": "tiltak.report/1", "kind": "plan", "plan": {"title": "X", "period": ["2020", "2021"]},
           "report": {"as_of": None, "status_scale": []},
           "measures": [{"number": "1", "title": "Y", "responsible": ["JD"], "status": "Gjennomført"}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = Plan.objects.count()
    with pytest.raises(CommandError, match="holds no statuses") as caught:
        call_command("import", str(path))
    assert caught.value.returncode == 2 and Plan.objects.count() == before


def test_bad_input_is_still_one_line_and_exit_2(tmp_path):
    path = tmp_path / "notat.txt"
    path.write_text("Et notat\n\nHer står det ingenting om tiltak.\n", encoding="utf-8")
    result = run_tiltak("import", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "no measure found" in result.stderr
