import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_bench_reports_render_figures_with_their_targets(builtin_plan):
    out = StringIO()
    call_command("bench", "--only", "render", "--runs", "1", "--json", stdout=out)
    figures = {f["name"]: f for f in json.loads(out.getvalue())}
    pdf = figures["report as pdf (built-in round, data included)"]
    assert pdf["target"] == 2.0 and pdf["unit"] == "s" and pdf["value"] > 0
    assert pdf["met"] == (pdf["value"] <= 2.0)
    assert figures["report as docx (built-in round, data included)"]["target"] == 0.5


@pytest.mark.django_db
def test_bench_without_the_builtin_plan_says_what_to_do():
    with pytest.raises(CommandError, match="run 'tiltak init'"):
        call_command("bench", "--only", "render", "--runs", "1")
