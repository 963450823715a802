"""The report on the web: the HTML page, and every format as a download.

A published round's page and downloads come from the shared page cache (tiltak.core.pagecache) with ETag and
Last-Modified: a hit asks the database nothing; a miss finds the validators with two small queries before the
report data is built.
"""

from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from tiltak.core import generations
from tiltak.core.pagecache import Freshness, cached_page, last_change, of_the_plan, rounds_key
from tiltak.core.paging import first_page_redirect, page_or_404, page_size, pager
from tiltak.lib.typeset import CPU_SECONDS, MEMORY_BYTES, TooLarge
from tiltak.plans import selectors
from tiltak.plans.models import Round
from tiltak.reports import tasks
from tiltak.reports.cache import CACHE_ALIAS, cache_key, render_cached
from tiltak.reports.data import ReportData, build_report
from tiltak.reports.labels import labels
from tiltak.reports.page import page_context, same_page_link
from tiltak.reports.renderers import ALL_ROUNDS_FORMATS, MEDIA_TYPES, RENDERERS

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown", "csv": "CSV", "xlsx": "Excel",
                "json": "JSON"}


def _round_for_user(request, plan_slug: str, round_slug: str) -> Round:
    """The round, or 404 when it does not exist or this user may not see it (so unpublished rounds stay hidden);
    a published round the freshness check found for the public is that same answer, already loaded."""
    the_round = getattr(request, "tiltak_round", None)
    return the_round or selectors.round_for_user(request.user, plan_slug, round_slug)


def published_round_freshness(request, plan: str, round: str, fmt: str | None = None,
                              page: int | None = None) -> Freshness | None:
    """What a published round's report is made of: its own row, and the entries of the rounds it shows
    (``selectors.report_rounds``, as the report data takes them). None for a round the public may not see."""
    the_round = selectors.visible_round(None, plan_slug=plan, round_slug=round)
    if the_round is None:
        return None
    request.tiltak_round = the_round
    shown = selectors.report_rounds(the_round, all_rounds=fmt in ALL_ROUNDS_FORMATS).values("pk")
    # The round's own pk in the key too: two rounds with no entries would otherwise share one.
    key = f"round={the_round.pk};{rounds_key(shown)}"
    request.tiltak_content_key = key
    return Freshness(key=key, last_modified=last_change(the_round.published_at))


def _lang(request) -> str:
    """The page's language (``/en/rapport/…`` is English); ``?lang=en`` still asks for an English download."""
    return "en" if translation.get_language() == "en" or request.GET.get("lang") == "en" else "nb"


@require_safe
@cached_page(published_round_freshness, params=("lang",), scope=of_the_plan)
def report_page(request, plan: str, round: str, page: int | None = None):
    """The report as a page of the site. A long report is in pages of PAGE_SIZE measures (each page its overview
    table and its sections; the first also the introduction, the chart, the changes and the ministries, over the
    whole round); the downloads are always the whole report."""
    if request.GET.get("lang") == "en" and translation.get_language() != "en":
        with translation.override("en"):
            return redirect(reverse("reports:page", kwargs={"plan": plan, "round": round}), permanent=True)
    if page == 1:
        return first_page_redirect(request, reverse("reports:page", kwargs={"plan": plan, "round": round}))
    the_round = _round_for_user(request, plan, round)
    lang = _lang(request)
    # Links made under the page's language carry it: the English page links the English files.
    downloads = [
        {"label": FORMAT_NAMES[fmt], "href": reverse("reports:download", kwargs={"plan": plan, "round": round,
                                                                                "fmt": fmt})}
        for fmt in FORMAT_NAMES
    ]
    report = _report_for_parts(request, the_round)
    shown = page_or_404(report.measures, page)
    size = shown.paginator.per_page
    page_of = {m.number: i // size + 1 for i, m in enumerate(report.measures)}

    def url_of(number: int) -> str:
        if number == 1:
            return reverse("reports:page", kwargs={"plan": plan, "round": round})
        return reverse("reports:page_part", kwargs={"plan": plan, "round": round, "page": number})

    def link(number: str) -> str:
        target = page_of.get(number, 1)
        return ("" if target == shown.number else url_of(target)) + same_page_link(number)

    context = page_context(report, labels(lang), measures=list(shown.object_list), link=link,
                           first_page=shown.number == 1, list_limit=size)
    return render(request, "reports/page.html", {**context, "downloads": downloads,
                                                 "pager": pager(shown, url_of)})


# The last long report a page was built from, in this process: its parts are read one after another (a reader paging
# on, `tiltak site` writing them all), and each part needs the whole report's data.
_last_long_report: tuple[str, ReportData] | None = None


def _report_for_parts(request, the_round: Round) -> ReportData:
    """The round's report data; a long published report's is kept for its next part, under what the page cache's
    key is made of (the round's entries and the generations its plan's changes renew), so it is never stale."""
    global _last_long_report
    content = getattr(request, "tiltak_content_key", None)  # set for published rounds only
    key = f"{content}|{generations.current([generations.of_plan(the_round.plan.slug)])[0]}" if content else None
    kept = _last_long_report
    if key is not None and kept is not None and kept[0] == key:
        return kept[1]
    report = build_report(the_round.plan, the_round)
    if key is not None and len(report.measures) > page_size():
        _last_long_report = (key, report)
    return report


RETRY_SECONDS = 5


def _preparing(request, plan: str, round: str, fmt: str, lang: str) -> HttpResponse:
    with translation.override(lang):
        page = reverse("reports:page", kwargs={"plan": plan, "round": round})
        html = render_to_string("reports/preparing.html", {
            "lang": lang, "retry": RETRY_SECONDS, "format": FORMAT_NAMES[fmt], "page": page}, request=request)
    response = HttpResponse(html, status=202, content_type=MEDIA_TYPES["html"])
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _too_large(request, plan: str, round: str, fmt: str, lang: str) -> HttpResponse:
    """The render went past its memory or time (tiltak.lib.typeset): said in words, with the other formats."""
    with translation.override(lang):
        page = reverse("reports:page", kwargs={"plan": plan, "round": round})
        html = render_to_string("reports/too_large.html", {
            "lang": lang, "format": FORMAT_NAMES[fmt], "page": page, "memory_mb": MEMORY_BYTES >> 20,
            "seconds": CPU_SECONDS}, request=request)
    response = HttpResponse(html, status=413, content_type=MEDIA_TYPES["html"])
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@cached_page(published_round_freshness, params=("lang",), scope=of_the_plan)
def download(request, plan: str, round: str, fmt: str):
    if fmt not in RENDERERS:
        raise Http404("No such format")
    the_round = _round_for_user(request, plan, round)
    lang = _lang(request)
    report = build_report(the_round.plan, the_round, all_rounds=fmt in ALL_ROUNDS_FORMATS)  # report_rounds too
    if tasks.is_long(report, fmt):
        # A large round's PDF or DOCX is made by the task queue, once, whoever asks meanwhile.
        key = cache_key(report, fmt, lang)
        content = caches[CACHE_ALIAS].get(key)
        if content is None:
            if caches[CACHE_ALIAS].get(tasks.refusal_key(key)) is not None:
                return _too_large(request, plan, round, fmt, lang)
            tasks.enqueue_once(the_round, fmt, lang, key)
            return _preparing(request, plan, round, fmt, lang)
    else:
        try:
            content = render_cached(report, fmt, lang=lang)
        except TooLarge:
            return _too_large(request, plan, round, fmt, lang)
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    language = "-en" if lang == "en" else ""
    response["Content-Disposition"] = f'attachment; filename="{plan}-{round}{language}.{fmt}"'
    # Unpublished rounds change while they are reviewed; published ones may be cached by the browser (the
    # page cache sets Cache-Control and the validators on those).
    if not the_round.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
