"""Public, read-only pages. Only published rounds are shown here."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from tiltak.plans.models import Plan, StatusEntry

# What a reader may download, in the order a reader looks for it.
DOWNLOAD_FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"),
                    ("md", "Markdown")]


def home(request):
    plans = list(Plan.objects.order_by("-period_start", "title"))
    if len(plans) == 1:
        return redirect("portal:plan", plan=plans[0].slug)
    return render(request, "portal/home.html", {"plans": plans})


def plan_overview(request, plan, round=None):
    the_plan = get_object_or_404(Plan.objects.select_related("scale", "coordinator"), slug=plan)
    rounds = list(the_plan.rounds.published().order_by("-as_of"))
    if round is None:
        the_round = rounds[0] if rounds else None
    else:
        the_round = next((r for r in rounds if r.slug == round), None)
        if the_round is None:
            raise Http404("No published round with that name")
    entries = []
    if the_round is not None:
        entries = list(
            StatusEntry.objects.filter(round=the_round)
            .for_report()
            .prefetch_related("measure__responsibilities__ministry")
        )
    grades = list(the_plan.scale.grades.all())
    return render(request, "portal/plan.html", {
        "plan": the_plan, "round": the_round, "rounds": rounds, "entries": entries, "grades": grades,
        "download_formats": DOWNLOAD_FORMATS,
    })


