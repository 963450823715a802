"""A hostile-input corpus through the ways in (import, API, web form, restore), checked in every output.

Each string is one an attacker — or Word, or an OCR engine — could put into a narrative or a title. Every way in
must store it or refuse it cleanly; every output must then still open, and hold it as text: never as markup,
script, a link to `javascript:`, or a spreadsheet formula.
"""

import csv
import io
import json
import re

import pytest

from tests.cast import PASSWORD, make_user
from tests.plans.documents import document
from tiltak.plans import selectors
from tiltak.plans.actions import SYSTEM, import_report
from tiltak.plans.actions.tokens import issue_token
from tiltak.plans.models import Role, StatusEntry
from tiltak.reports.data import build_report
from tiltak.reports.renderers import RENDERERS

pytestmark = pytest.mark.django_db

CORPUS = [
    '<script>alert("tiltak")</script>',
    '"><img src=x onerror=alert(1)>',
    "[klikk her](javascript:alert(1))",
    "<a href='javascript:alert(1)'>lenke</a>",
    '=HYPERLINK("http://angriper.example/","klikk")',
    "+SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "{{ request.user.password }} {% debug %}",
    "</style><style>body{display:none}</style>",
    "\u202egnirts desrever",
    "Emoji 👍🏽 og kinesisk 中文 og æøå",
    "&amp; &lt;b&gt; &#x3C;",
    "ord" * 2000,
]
MARKERS = ["alert", "onerror", "javascript:", "HYPERLINK", "SUM(", "calc", "debug", "display:none", "reversed"]
# Markup that would run or restyle, as it would appear unescaped (escaped text like &lt;img … onerror= is harmless).
SCRIPT_OR_LINK = re.compile(
    r"(?<!\\)<script>alert|(?<!\\)<img src=x|(?<!\\)<a\s[^>]*href=[\"']?javascript:|(?<!\\)<style>body"
    , re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"(?<!\\)\]\(\s*javascript:", re.IGNORECASE)  # a Markdown viewer would make a link


def _narrative(i: int) -> str:
    return f"Avsnitt {i}: {CORPUS[i % len(CORPUS)]}\n\nOg så {CORPUS[(i + 3) % len(CORPUS)]}"


def _check_outputs(plan, the_round) -> dict[str, int]:
    report = build_report(plan, the_round)
    sizes = {}
    for fmt, render in RENDERERS.items():
        content = render(report, lang="nb")
        sizes[fmt] = len(content)
        if fmt in ("html", "md"):
            text = content.decode("utf-8")
            found = SCRIPT_OR_LINK.search(text)
            assert not found, (fmt, text[max(found.start() - 120, 0):found.end() + 40])
            found = MARKDOWN_LINK.search(text) if fmt == "md" else None
            assert not found, (fmt, text[max(found.start() - 120, 0):found.end() + 40])
        elif fmt == "json":
            data = json.loads(content)
            assert "Avsnitt" in json.dumps(data, ensure_ascii=False)  # the corpus is kept, as text
        elif fmt == "csv":
            for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), cell[:60]
                    assert not (cell.startswith("-") and not re.fullmatch(r"-?[0-9.,]+", cell)), cell[:60]
        elif fmt == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(content))
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (sheet.title, cell.coordinate, str(cell.value)[:60])
        elif fmt == "docx":
            from docx import Document

            text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
            assert "Avsnitt" in text
        elif fmt == "pdf":
            assert content.startswith(b"%PDF-")
    return sizes


def test_through_the_import(db):
    doc = document()
    for i, measure in enumerate(doc["measures"]):
        measure["status_text"] = _narrative(i)
        measure["title"] = f"Tittel {CORPUS[i]}"
        measure["plan_text"] = CORPUS[(i + 5) % len(CORPUS)]
    result = import_report(acting_user=SYSTEM, document=doc)
    _check_outputs(result.plan, result.round)


@pytest.mark.parametrize("way", ["api", "web"])
def test_through_the_api_and_the_web_form(client, plan, coordinator, round_open, way):
    from tests.cast import all_approved
    from tiltak.plans.actions import publish_round

    for i, number in enumerate(["2", "10"]):
        entry = StatusEntry.objects.for_work().get(round=round_open, measure__number=number)
        text = _narrative(i + 7)
        if way == "api":
            response = client.put(f"/api/v1/plans/{plan.slug}/rounds/{round_open.slug}/entries/{number}",
                                  data=json.dumps({"status": entry.status.text, "narrative": text,
                                                   "version": entry.version}),
                                  content_type="application/json",
                                  headers={"Authorization": f"Bearer {issue_token(user=coordinator)}"})
            assert response.status_code == 200, response.content
        else:
            client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
            response = client.post(f"/arbeid/plan/{plan.slug}/{round_open.slug}/tiltak/{number}/",
                                   {"status": entry.status_id, "narrative": text, "links": "",
                                    "version": entry.version})
            assert response.status_code == 302, response.content[:2000]
        assert StatusEntry.objects.for_work().get(pk=entry.pk).narrative.startswith(f"Avsnitt {i + 7}")
    # The pages that show the draft, to the people who may see it.
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    for path in (f"/arbeid/plan/{plan.slug}/{round_open.slug}/tiltak/2/", f"/rapport/{plan.slug}/{round_open.slug}/"):
        page = client.get(path)
        assert page.status_code == 200 and not SCRIPT_OR_LINK.search(page.text), path
    all_approved(round_open, coordinator)
    publish_round(the_round=round_open, acting_user=coordinator)
    _check_outputs(plan, round_open)
    for path in (f"/plan/{plan.slug}/", f"/plan/{plan.slug}/tiltak/2/", f"/plan/{plan.slug}/runde/{round_open.slug}/"):
        page = client.get(path)
        assert page.status_code == 200 and not SCRIPT_OR_LINK.search(page.text), path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_through_restore():
    from django.contrib.auth.models import User

    from tiltak.plans.actions.restore import restore_document
    from tiltak.plans.backup import export_document
    from tiltak.plans.models import Plan

    import_report(acting_user=SYSTEM, document=document())
    make_user("koordinator", Role.Kind.COORDINATOR)
    exported = export_document()
    for obj in exported["objects"]:
        if obj["model"] == "plans.statusentry":
            obj["fields"]["narrative"] = _narrative(obj["pk"])
        if obj["model"] == "plans.measure":
            obj["fields"]["title"] = CORPUS[obj["pk"] % len(CORPUS)][:200]
    Plan.objects.all().delete()
    User.objects.all().delete()
    restore_document(document=exported)
    plan = Plan.objects.select_related("scale", "coordinator").get()
    _check_outputs(plan, selectors.latest_published_round(plan))
    assert User.objects.get(username="koordinator").check_password(PASSWORD)
