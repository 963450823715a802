"""The public side's one rule: a plan by its slug, and only its published rounds (``Round.objects.published``);
anything else is the site's 404 page."""

from django.http import Http404

from tiltak.plans.models import Plan, Round


def public_plan(slug: str) -> Plan:
    plan = Plan.objects.select_related("scale", "coordinator").filter(slug=slug).first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def published_rounds(plan: Plan) -> list[Round]:
    """The plan's published rounds, newest first."""
    return list(plan.rounds.published().order_by("-as_of", "-pk"))


def public_round(rounds: list[Round], slug: str) -> Round:
    """A round by slug among the published ones, or 404 (an unpublished round does not exist for the public)."""
    found = next((r for r in rounds if r.slug == slug), None)
    if found is None:
        raise Http404("No published round with that name")
    return found
