"""The open-data page and the downloads of a plan's whole history."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from tiltak.core.pagecache import cached_page, of_the_plan, published
from tiltak.plans import selectors
from tiltak.plans.models import Plan, Round
from tiltak.portal import opendata
from tiltak.portal.lookup import public_plan
from tiltak.reports.cache import render_cached
from tiltak.reports.data import build_report
from tiltak.reports.renderers import MEDIA_TYPES

HISTORY_FORMATS = ("csv", "xlsx", "json")
ROUND_FORMATS = [("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel"), ("pdf", "PDF"), ("docx", "Word")]


@require_safe
@cached_page(published)  # every plan and its published rounds: any plan's change expires it
def open_data(request):
    plans = list(Plan.objects.order_by("-period_start", "title"))
    rounds: dict[int, list[Round]] = {}
    for the_round in selectors.rounds_visible_to(None).order_by("-as_of", "-pk"):
        rounds.setdefault(the_round.plan_id, []).append(the_round)
    return render(request, "portal/open_data.html", {
        "items": [{"plan": p, "rounds": rounds.get(p.pk, [])} for p in plans],
        "round_formats": ROUND_FORMATS, "history_formats": HISTORY_FORMATS, "schema": opendata.SCHEMA,
        "format_name": opendata.HISTORY_FORMAT, "licence": opendata.LICENCE, "licence_url": opendata.LICENCE_URL,
    })


@require_safe
@cached_page(published, scope=of_the_plan)
def history(request, plan, fmt):
    if fmt not in HISTORY_FORMATS:
        raise Http404("No such format")
    the_plan = public_plan(plan)
    latest = selectors.latest_published_round(the_plan)
    if latest is None:
        raise Http404("No published round")
    # Every round in its own columns, each with the measures as it published them (selectors.report_rounds).
    report = build_report(the_plan, latest, all_rounds=True)
    lang = "en" if get_language() == "en" else "nb"
    content = opendata.render_history_json(report) if fmt == "json" else render_cached(report, fmt, lang=lang)
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    suffix = "-en" if lang == "en" else ""
    response["Content-Disposition"] = f'attachment; filename="{the_plan.slug}-historikk{suffix}.{fmt}"'
    return response
