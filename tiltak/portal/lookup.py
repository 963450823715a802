"""The public side's plan by its slug, or the site's 404 page. Its rounds are the public's: published ones only,
found through tiltak.plans.selectors (``round_for_user`` with no user, ``published_rounds``)."""

from django.http import Http404

from tiltak.plans.models import Plan


def public_plan(slug: str) -> Plan:
    plan = Plan.objects.select_related("scale", "coordinator").filter(slug=slug).first()
    if plan is None:
        raise Http404("No such plan")
    return plan
