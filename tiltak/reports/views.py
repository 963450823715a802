"""The report on the web: the HTML page, and every format as a download."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiltak.plans.access import can_view_round
from tiltak.plans.models import Round
from tiltak.reports.cache import render_cached
from tiltak.reports.data import build_report
from tiltak.reports.renderers import MEDIA_TYPES, RENDERERS
from tiltak.reports.renderers.html import render_html

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown", "csv": "CSV", "xlsx": "Excel",
                "json": "JSON"}


def _round_for_user(request, plan_slug: str, round_slug: str) -> Round:
    """The round, or 404 when it does not exist or this user may not see it (so unpublished rounds stay hidden)."""
    the_round = Round.objects.select_related("plan__scale", "plan__coordinator").filter(
        plan__slug=plan_slug, slug=round_slug).first()
    if the_round is None or not can_view_round(request.user, the_round):
        raise Http404("No such report")
    return the_round


def _lang(request) -> str:
    return "en" if request.GET.get("lang") == "en" else "nb"


@require_safe
def report_page(request, plan: str, round: str):
    the_round = _round_for_user(request, plan, round)
    lang = _lang(request)
    suffix = "?lang=en" if lang == "en" else ""
    downloads = [
        {"label": FORMAT_NAMES[fmt],
         "href": reverse("reports:download", kwargs={"plan": plan, "round": round, "fmt": fmt}) + suffix}
        for fmt in FORMAT_NAMES
    ]
    html = render_html(build_report(the_round.plan, the_round), lang=lang, downloads=downloads)
    return HttpResponse(html, content_type=MEDIA_TYPES["html"])


@require_safe
def download(request, plan: str, round: str, fmt: str):
    if fmt not in RENDERERS:
        raise Http404("No such format")
    the_round = _round_for_user(request, plan, round)
    lang = _lang(request)
    content = render_cached(build_report(the_round.plan, the_round), fmt, lang=lang)
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    language = "-en" if lang == "en" else ""
    response["Content-Disposition"] = f'attachment; filename="{plan}-{round}{language}.{fmt}"'
    # Unpublished rounds change while they are reviewed; published ones may be cached by the browser.
    response["Cache-Control"] = "public, max-age=300" if the_round.is_published else "private, no-store"
    return response
