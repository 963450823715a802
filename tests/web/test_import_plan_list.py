"""Starting a plan in the web app from its own list of measures: a preview with no round, then the plan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.importer.test_lists import NUMBERED
from tiltak.plans.models import Plan, Round

pytestmark = pytest.mark.django_db


def test_a_list_of_measures_is_previewed_with_what_is_uncertain_then_stored_as_a_plan_without_a_round(coordinator):
    client = Client()
    client.force_login(coordinator)
    upload = SimpleUploadedFile("tiltak.txt", NUMBERED.encode(), content_type="text/plain")
    preview = client.post("/arbeid/importer/", {"target": "", "scale": "", "document": upload})
    assert preview.status_code == 200, preview.content[:500]
    html = preview.content.decode()
    assert html.count("<tr data-number=") == 3
    assert 'id="no-round"' in html
    uncertain = html.split('id="uncertain"')[1].split("</table>")[0]
    assert "Flere ansvarlige enn de nevnte" in uncertain and "Statusskalaen er foreslått" in uncertain
    assert not Plan.objects.filter(title__startswith="Handlingsplan for et mer inkluderende").exists()

    done = client.post("/arbeid/importer/bekreft/", {"payload": preview.context["payload"]})
    assert done.status_code == 302
    plan = Plan.objects.get(title__startswith="Handlingsplan for et mer inkluderende")
    assert done["Location"] == f"/arbeid/plan/{plan.slug}/ny-runde/"
    assert plan.measures.count() == 3 and not Round.objects.filter(plan=plan).exists()
    assert plan.measures.get(number="3").responsible_abbreviations() == ["KDD"]
