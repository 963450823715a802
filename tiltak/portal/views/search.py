"""Search, on the server; and the prebuilt index the static export searches in the browser instead."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from tiltak.core.exporting import is_exporting
from tiltak.core.pagecache import cached_page, published
from tiltak.plans import selectors
from tiltak.plans.models import Measure, Plan, StatusEntry
from tiltak.portal import search as searching


@require_safe
def search(request):
    limits = {"max_length": searching.MAX_QUERY_LENGTH, "max_words": searching.MAX_WORDS,
              "max_results": searching.MAX_RESULTS, "client_side": is_exporting()}
    try:
        query, hits = searching.search(request.GET.get("q"))
    except searching.SearchBusy:
        # Too many searches at once, or this one too long: the rest of the site keeps answering.
        response = render(request, "portal/search.html", {
            "query": searching.clean_query(request.GET.get("q")), "busy": True, **limits}, status=503)
        response["Retry-After"] = "10"
        return response
    return render(request, "portal/search.html", {"query": query, "hits": hits, "searched": bool(query), **limits})


@require_safe
@cached_page(published)  # every plan's published measures: any plan's change expires it
def search_index(request):
    """Every measure with its plan text and the narratives of its published rounds, as a JavaScript file the
    static export's search page loads (no inline script: the CSP forbids them). Four queries, on a miss."""
    narratives: dict[int, list[str]] = {}
    for measure_id, narrative in (StatusEntry.objects.published().order_by("round__as_of")
                                  .values_list("measure_id", "narrative")):
        if narrative:
            narratives.setdefault(measure_id, []).append(narrative)
    # The titles and plan texts earlier rounds published where the register has changed them since
    # (selectors.measure_as_published): searched as the server's search finds them.
    as_published: dict[int, list[str]] = {}
    for entry in StatusEntry.objects.published().exclude(measure_as_was={}).only("pk", "measure_id",
                                                                                  "measure_as_was"):
        shown = selectors.measure_as_published(entry)
        texts = as_published.setdefault(entry.measure_id, [])
        texts.extend(t for t in (shown.title, shown.plan_text) if t and t not in texts)
    plans = {p.pk: p for p in Plan.objects.all()}
    lang = get_language()
    items = []
    for m in Measure.objects.filter(plan__rounds__state="published").distinct().order_by("plan_id", "sort_key"):
        plan = plans[m.plan_id]
        items.append({
            "u": reverse("portal:measure", kwargs={"plan": plan.slug, "number": m.number}).lstrip("/"),
            "n": m.number, "t": m.title, "p": plan.in_language(lang), "x": m.plan_text,
            "r": narratives.get(m.pk, []),
            "o": [t for t in as_published.get(m.pk, []) if t not in (m.title, m.plan_text)],
        })
    # Addresses relative to the site's root, which the script finds from its own address («self»), so the
    # index works wherever the static export is put.
    index = {"self": reverse("portal:search_index").lstrip("/"), "items": items}
    body = "window.tiltakSearchIndex = " + json.dumps(index, ensure_ascii=True).replace("</", "<\\/") + ";\n"
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
