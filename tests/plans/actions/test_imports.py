"""The import action and the rounds already there: a round keeps its measures as it published them.

Importing an older round records that round's texts for that round only; the register changes only where the
document is the newest word; a published round changes only as a correction with a reason. (The rest of the import
action: tests/plans/test_import_action.py.)
"""

import csv
import io
import json
import subprocess

import pytest
from openpyxl import load_workbook

from tests.plans.documents import document
from tiltak.plans import selectors
from tiltak.plans.actions import SYSTEM, ImportRejected, import_report
from tiltak.plans.models import Measure, PlanChange, Round, StatusEntry
from tiltak.reports.data import build_report
from tiltak.reports.renderers import RENDERERS

pytestmark = pytest.mark.django_db

HISTORY = "/plan/testplan/data/historikk."


def _round_document(slug: str, **measure_2) -> dict:
    """The test plan's report of round ``slug`` (YYYY-MM), measure 2 changed as given."""
    doc = document()
    doc["report"].update(slug=slug, as_of=slug, title="", introduction="")
    doc["measures"][0].update(measure_2)
    doc["warnings"] = []
    return doc


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _published_outputs(plan, client, tmp_path) -> dict:
    """Every published round's report JSON and PDF text, and the plan's history downloads, made afresh (no cache)."""
    outputs = {}
    for the_round in selectors.published_rounds(plan):
        report = build_report(plan, the_round)
        outputs[the_round.slug] = {"json": RENDERERS["json"](report, lang="nb"),
                                   "pdf": _pdf_text(RENDERERS["pdf"](report, lang="nb"), tmp_path)}
    for fmt in ("csv", "json"):
        response = client.get(HISTORY + fmt)
        assert response.status_code == 200
        outputs[f"history.{fmt}"] = response.content
    return outputs


def _history_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_an_older_round_leaves_every_published_round_and_the_history_as_they_were(plan, client, tmp_path):
    import_report(acting_user=SYSTEM, document=_round_document("2022-03", status_text="Et år senere."))
    before = _published_outputs(plan, client, tmp_path)
    assert set(before) == {"2021-03", "2022-03", "history.csv", "history.json"}

    older = _round_document("2020-03", title="Samarbeid i startfasen", plan_text="Den første planteksten.",
                            responsible=["JD"], status_text="Det begynte.")
    older["measures"].append({"number": "7", "title": "Et tiltak som senere ble tatt ut", "responsible": ["BLD"],
                              "status": "Ikke igangsatt", "plan_text": "", "status_text": "", "links": []})
    result = import_report(acting_user=SYSTEM, document=older)  # no reason: no published round changes
    assert result.round_is_new and not result.needs_reason
    assert not result.counts["measure_updated"] and not result.counts["responsible_changed"]

    # The register is as it was: the 2022 round is the newest word on measure 2.
    measure = Measure.objects.get(plan=plan, number="2")
    assert (measure.title, measure.plan_text, measure.responsible_abbreviations()) == (
        "Styrke samarbeidet", "Planen sier dette.", ["UD", "JD"])
    # A measure only the older round had is in that round and no later one.
    dropped = Measure.objects.get(plan=plan, number="7")
    assert dropped.retired_at is not None
    assert list(dropped.entries.values_list("round__slug", flat=True)) == ["2020-03"]

    after = _published_outputs(plan, client, tmp_path)
    for slug in ("2021-03", "2022-03"):
        assert after[slug]["json"] == before[slug]["json"], slug
        assert after[slug]["pdf"] == before[slug]["pdf"], slug
        assert "Samarbeid i startfasen" not in after[slug]["pdf"]
    # The history is the latest round's report with every earlier round: it gains the 2020 round's rows, each
    # with the 2020 texts, and every other row is exactly as before.
    old_rows, new_rows = _history_rows(before["history.csv"]), _history_rows(after["history.csv"])
    assert [r for r in new_rows if r[next(iter(r))] != "2020-03"] == old_rows
    added = [r for r in new_rows if r[next(iter(r))] == "2020-03"]
    assert [(r["Nr."], r["Tiltak"], r["Ansvar"]) for r in added] == [("2", "Samarbeid i startfasen", "JD"),
                                                                       ("10", "Øke innsatsen", "JD")]
    history = json.loads(after["history.json"])
    by_round = {h["round"]: h for h in history["measures"][0]["history"]}
    assert by_round["2020-03"]["title"] == "Samarbeid i startfasen"
    assert by_round["2020-03"]["plan_text"] == "Den første planteksten." and by_round["2020-03"]["responsible"] == [
        "JD"]
    assert by_round["2022-03"]["title"] == by_round["2021-03"]["title"] == "Styrke samarbeidet"
    old_history = json.loads(before["history.json"])
    for old, new in zip(old_history["measures"], history["measures"], strict=True):
        assert [h for h in new["history"] if h["round"] != "2020-03"] == old["history"]

    # The older round shows its own texts, in its report and its overview.
    older_round = Round.objects.get(plan=plan, slug="2020-03")
    report = build_report(plan, older_round)
    assert [(m.number, m.title, m.responsible) for m in report.measures] == [
        ("2", "Samarbeid i startfasen", ["JD"]), ("7", "Et tiltak som senere ble tatt ut", ["BLD"]),
        ("10", "Øke innsatsen", ["JD"])]
    overview = client.get("/plan/testplan/runde/2020-03/").content.decode()
    assert "Samarbeid i startfasen" in overview and "Styrke samarbeidet" not in overview

    # Importing the older document again changes nothing.
    assert import_report(acting_user=SYSTEM, document=older).lines == []


def test_a_newer_round_changes_the_register_and_the_earlier_rounds_keep_their_texts(plan):
    published = Round.objects.get(plan=plan, slug="2021-03")
    before = build_report(plan, published)
    result = import_report(acting_user=SYSTEM, document=_round_document(
        "2022-03", title="Styrke samarbeidet internasjonalt", responsible=["UD", "JD", "BLD"]))
    assert result.counts["measure_updated"] == 1 and result.counts["responsible_changed"] == 1
    assert not result.needs_reason
    measure = Measure.objects.get(plan=plan, number="2")
    assert measure.title == "Styrke samarbeidet internasjonalt"
    assert measure.responsible_abbreviations() == ["UD", "JD", "BLD"]
    assert build_report(plan, published) == before
    assert StatusEntry.objects.get(round=published, measure=measure).measure_as_was["title"] == "Styrke samarbeidet"


def test_changing_a_published_rounds_texts_is_a_correction_with_a_reason(plan):
    import_report(acting_user=SYSTEM, document=_round_document("2022-03"))
    corrected = _round_document("2021-03", title="Styrke samarbeidet (rettet)")
    with pytest.raises(ImportRejected, match="krever en begrunnelse"):
        import_report(acting_user=SYSTEM, document=corrected)
    preview = import_report(acting_user=SYSTEM, document=corrected, dry_run=True)
    assert preview.needs_reason and preview.lines == ["tiltak 2 i runden: tittel"]
    assert preview.changes.items[0].before == "Styrke samarbeidet"

    import_report(acting_user=SYSTEM, document=corrected, reason="Tittelen var feilstavet i rapporten")
    published = Round.objects.get(plan=plan, slug="2021-03")
    entry = StatusEntry.objects.get(round=published, measure__number="2")
    assert selectors.measure_as_published(entry).title == "Styrke samarbeidet (rettet)"
    assert list(entry.versions.values_list("action", "comment")) == [
        ("import", ""), ("correct", "Tittelen var feilstavet i rapporten")]
    report = build_report(plan, published)
    assert [c.reason for c in report.corrections] == ["Tittelen var feilstavet i rapporten"]
    # Only that round: the register and the 2022 round keep the title the newer report gives.
    assert Measure.objects.get(plan=plan, number="2").title == "Styrke samarbeidet"
    assert build_report(plan, Round.objects.get(plan=plan, slug="2022-03")).measures[0].title == "Styrke samarbeidet"
    assert not PlanChange.objects.filter(plan=plan, action=PlanChange.Action.MEASURE_EDITED).exists()


def test_the_history_xlsx_prints_each_rounds_own_titles(plan, client):
    import_report(acting_user=SYSTEM, document=_round_document("2022-03", title="Nytt navn fra 2022"))
    response = client.get(HISTORY + "xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook["Alle runder"]
    rows = list(sheet.iter_rows(values_only=True))
    titles = {(row[0], row[2]): row[3] for row in rows[1:]}
    assert titles[("2021-03", "2")] == "Styrke samarbeidet"
    assert titles[("2022-03", "2")] == "Nytt navn fra 2022"
