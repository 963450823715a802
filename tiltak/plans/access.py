"""Who may do what. One place, used by every interface (web, portal, reports, API) and by the actions themselves.

The rules are declared with ``rules`` predicates and registered as object permissions, so
``user.has_perm("plans.edit_entry", entry)`` works wherever a user is at hand. They say *who* may act;
whether the object is in a state that allows it (an open round, a submitted entry) is the actions' business.

- the coordinator (of the plan, or of every plan) opens rounds, edits, submits, approves, returns and publishes;
- a reporter edits the entries of measures their ministry answers for, as lead or co-responsible;
- only the lead ministry's reporter (or the coordinator) submits;
- readers read unpublished rounds; everybody reads published ones;
- the coordinator imports published reports (a new plan, or a new round of a plan they coordinate);
- administrators (superusers) may do everything.
"""

import rules
from django.db.models import Q

from tiltak.plans.models import Plan, Role, Round, StatusEntry


class System:
    """The actor of the command line and of loading the built-in plan: whoever runs tiltak on the server, acting
    as an administrator. History rows it writes name no person (``changed_by`` is empty)."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = System()


def roles_of(user) -> list[Role]:
    """The user's roles, read once per user object (permission checks come in bunches on one request)."""
    if user is None or user is SYSTEM or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_tiltak_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user=user).select_related("ministry"))
        user._tiltak_roles = cached
    return cached


def reporting_ministries(user) -> set[str]:
    """Abbreviations of the ministries the user reports for."""
    return {r.ministry.abbreviation for r in roles_of(user) if r.kind == Role.Kind.REPORTER}


def _plan_of(obj) -> Plan | None:
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, Round):
        return obj.plan
    if isinstance(obj, StatusEntry):
        return obj.round.plan
    return None


def _responsible(entry: StatusEntry) -> list[str]:
    return entry.measure.responsible_abbreviations()


@rules.predicate
def is_administrator(user) -> bool:
    return user is SYSTEM or bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def has_any_role(user) -> bool:
    return bool(roles_of(user))


@rules.predicate
def is_coordinator(user, obj=None) -> bool:
    plan = _plan_of(obj)
    return any(
        r.kind == Role.Kind.COORDINATOR and (r.plan_id is None or plan is None or r.plan_id == plan.pk)
        for r in roles_of(user)
    )


@rules.predicate
def is_responsible_reporter(user, entry: StatusEntry) -> bool:
    mine = reporting_ministries(user)
    return bool(mine) and any(abbreviation in mine for abbreviation in _responsible(entry))


@rules.predicate
def is_lead_reporter(user, entry: StatusEntry) -> bool:
    responsible = _responsible(entry)
    return bool(responsible) and responsible[0] in reporting_ministries(user)


@rules.predicate
def is_published(user, the_round: Round) -> bool:
    return the_round.is_published


@rules.predicate
def sees_unpublished_rounds(user) -> bool:
    """Who may see a round, stated once: a published round everybody; the others administrators and anyone with a
    role. ``plans.view_round`` below and ``Round.objects.visible_to`` (through tiltak.plans.selectors) both ask it."""
    return bool(is_administrator(user) or has_any_role(user))


coordinates = is_administrator | is_coordinator

rules.add_perm("plans.view_round", is_published | sees_unpublished_rounds)
rules.add_perm("plans.view_history", is_administrator | has_any_role)
rules.add_perm("plans.open_round", coordinates)
rules.add_perm("plans.publish_round", coordinates)
rules.add_perm("plans.edit_entry", coordinates | is_responsible_reporter)
rules.add_perm("plans.submit_entry", coordinates | is_lead_reporter)
rules.add_perm("plans.review_entry", coordinates)
rules.add_perm("plans.correct_entry", coordinates)
# Importing a published report: into a plan its coordinator coordinates, or (no plan given) as a new plan.
rules.add_perm("plans.import_report", coordinates)


def can_view_round(user, the_round: Round) -> bool:
    """Published rounds are public; unpublished ones are for people with a role."""
    return rules.has_perm("plans.view_round", user, the_round)


def can(user, permission: str, obj=None) -> bool:
    """``rules.has_perm`` under our names, for callers without a user model method (anonymous, say)."""
    return rules.has_perm(f"plans.{permission}", user, obj)


# --- The register and the people (running tiltak without a programmer) ------------------------------------------
# A coordinator creates plans and runs the plans they coordinate: measures, the scale's wording, and the people
# who report on them. Administrators run every plan and every account.

rules.add_perm("plans.create_plan", coordinates)
rules.add_perm("plans.manage_plan", coordinates)
rules.add_perm("plans.manage_people", coordinates)


def coordinates_every_plan(user) -> bool:
    return any(r.kind == Role.Kind.COORDINATOR and r.plan_id is None for r in roles_of(user))


def plans_coordinated_by(user):
    """The plans the user runs: every plan for an administrator or a coordinator of all plans."""
    if is_administrator(user) or coordinates_every_plan(user):
        return Plan.objects.all()
    return Plan.objects.filter(pk__in=[r.plan_id for r in roles_of(user)
                                       if r.kind == Role.Kind.COORDINATOR and r.plan_id is not None])


def ministries_of_plans(plans) -> set[str]:
    """Abbreviations of the ministries responsible for the plans' measures, and of their coordinating ministries."""
    from tiltak.plans.models import Responsibility

    responsible = set(Responsibility.objects.filter(measure__plan__in=plans)
                      .values_list("ministry__abbreviation", flat=True))
    coordinating = set(plans.exclude(coordinator=None).values_list("coordinator__abbreviation", flat=True))
    return responsible | coordinating


def ministries_within(plans) -> set[str]:
    """The ministries whose reporters and readers work on these plans only: responsible in (or coordinating) one of
    them and in no other plan. A ministry role is not plan-bound (a JD reporter reports on every plan JD answers
    for), so a role for a ministry that also answers in another plan reaches into that plan."""
    return ministries_of_plans(plans) - ministries_of_plans(Plan.objects.exclude(pk__in=plans.values("pk")))


def _roles_within(plans, ministries: set[str]) -> Q:
    """Roles that lie within ``plans``: a coordinator or plan reader of one of them, or a reporter or reader of a
    ministry that works on them only (and, where the role names a plan too, one of them)."""
    coordinator = Q(kind=Role.Kind.COORDINATOR, plan__in=plans)
    in_plans = Q(plan__isnull=True) | Q(plan__in=plans)
    of_ministry = Q(ministry__isnull=True) | Q(ministry__abbreviation__in=sorted(ministries))
    bound = Q(plan__isnull=False) | Q(ministry__isnull=False)
    return coordinator | (Q(kind__in=[Role.Kind.REPORTER, Role.Kind.READER]) & in_plans & of_ministry & bound)


def people_managed_by(user):
    """The accounts the user may see on the people pages and act on. One rule for the pages, the actions and the
    tests: administrators every account; a coordinator of every plan every account but administrators; a
    coordinator of some plans the people whose every role lies within those plans — not an administrator, not
    someone who also holds a role in another plan (or a ministry role reaching into one), not a person without a
    role. Everybody else: nobody."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if is_administrator(user):
        return users
    if not is_coordinator(user):
        return users.none()
    users = users.filter(is_superuser=False)
    if coordinates_every_plan(user):
        return users
    plans = plans_coordinated_by(user)
    outside = Role.objects.exclude(_roles_within(plans, ministries_within(plans)))
    return users.filter(pk__in=Role.objects.values("user_id")).exclude(pk__in=outside.values("user_id"))


def may_manage(user, person) -> bool:
    return people_managed_by(user).filter(pk=person.pk).exists()


def grantable_ministries(user) -> set[str] | None:
    """The ministries whose roles the user may give (None: any, for an administrator)."""
    if is_administrator(user):
        return None
    plans = plans_coordinated_by(user)
    return ministries_of_plans(plans) if coordinates_every_plan(user) else ministries_within(plans)


def may_grant(user, *, kind: str, ministry, plan) -> bool:
    """Whether ``user`` may give someone this role: administrators any; a coordinator a reporter's or reader's role
    that lies within the plans they run (the same rule as people_managed_by), so nobody they make or change ends up
    outside their reach."""
    if is_administrator(user):
        return True
    if kind not in (Role.Kind.REPORTER, Role.Kind.READER) or not is_coordinator(user):
        return False
    if ministry is None and plan is None:
        return coordinates_every_plan(user)
    plans = plans_coordinated_by(user)
    if plan is not None and not plans.filter(pk=plan.pk).exists():
        return False
    return ministry is None or ministry.abbreviation in grantable_ministries(user)
