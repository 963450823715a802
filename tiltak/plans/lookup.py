"""Finding a plan and a round by what a person typed on the command line, with messages that say what exists
instead. The command line acts as the system (an administrator); the rounds come from tiltak.plans.selectors."""

from tiltak.plans import selectors
from tiltak.plans.access import SYSTEM
from tiltak.plans.models import Plan, Round


class NotFound(LookupError):
    """Nothing by that name; the message lists what there is."""


def find_plan(slug: str | None) -> Plan:
    plans = Plan.objects.select_related("scale", "coordinator")
    if slug:
        plan = plans.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(plans.values_list("slug", flat=True)) or "none"
            raise NotFound(f"no plan {slug!r} (plans: {known})")
        return plan
    found = list(plans[:2])
    if not found:
        raise NotFound("the database holds no plan yet (run 'tiltak init' or 'tiltak import FILE')")
    if len(found) > 1:
        known = ", ".join(plans.values_list("slug", flat=True))
        raise NotFound(f"the database holds several plans; name one with --plan ({known})")
    return found[0]


def find_round(plan: Plan, slug: str | None) -> Round:
    """A round of ``plan`` by slug; ``None`` or «latest» is the latest published round."""
    if slug in (None, "", "latest"):
        the_round = selectors.latest_published_round(plan)
        if the_round is None:
            raise NotFound(f"plan {plan.slug!r} has no published round yet")
        return the_round
    the_round = selectors.visible_round(SYSTEM, plan_slug=plan.slug, round_slug=slug)
    if the_round is None:
        known = ", ".join(plan.rounds.order_by("as_of").values_list("slug", flat=True)) or "none"
        raise NotFound(f"plan {plan.slug!r} has no round {slug!r} (rounds: {known})")
    return the_round
