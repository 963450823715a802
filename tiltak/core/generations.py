"""What expires a cached published page: generations, one per plan and two more, in the shared page cache.

A *generation* is a random token kept in the ``pages`` cache (Redis when instances share one, so a change made
through one instance expires the pages every instance serves). A cached page is stored under the tokens of the
scopes it is made of, so renewing one of them expires it:

* ``plan:<slug>`` — everything shown of one plan: its row, measures, responsibilities, published rounds, their
  entries and history. Its pages (overview, report, downloads, measure pages, comparisons) and its API answers.
* ``plans`` — the pages that show data of several plans (the front page, a ministry's page, the open-data page,
  the API's list of plans): renewed with every plan's.
* ``all`` — reference data every page may show (ministries and their names, status scales, grades and labels) and
  changes too wide to say which plans they touch (demo data): not a token of its own, but every plan's and the
  listing pages' renewed together (one query for the plans' slugs), so that a page reads one token, not two.

A change renews its scopes at once (this transaction's own later reads see it) and again when the transaction
commits (a page another request built from the old rows meanwhile is not kept) — once per transaction, however
many rows it writes. Rows that no public page shows — a draft in an open round, its history — renew nothing.
A plan's slug never changes (no action edits it), so a plan's pages can be found by the slug in their address
without asking the database.
"""

import datetime
import time
import uuid
from collections.abc import Iterable

from django.core.cache import caches
from django.db import connection, transaction

CACHE_ALIAS = "pages"
EVERYTHING = "all"
EVERY_PLAN = "plans"
# Rows whose change may show on any page: expire everything.
REFERENCE_MODELS = ("Ministry", "StatusScale", "Grade", "StatusLabel")
# Rows of one plan: expire that plan's pages (and the pages listing plans).
PLAN_MODELS = ("Plan", "Measure", "Responsibility", "Round", "StatusEntry", "StatusEntryVersion")


def of_plan(slug: str) -> str:
    return f"plan:{slug}"


def _key(scope: str) -> str:
    return f"tiltak:generation:{scope}"


def _cache():
    return caches[CACHE_ALIAS]


def _new() -> tuple[str, float]:
    return uuid.uuid4().hex, time.time()


def current(scopes: Iterable[str] = (EVERY_PLAN,)) -> tuple[str, datetime.datetime]:
    """The token of ``scopes`` (a page's: one) and when the newest of them was made: one cache read (each made on
    first use)."""
    scopes = tuple(dict.fromkeys(scopes))
    keys = [_key(scope) for scope in scopes]
    cache = _cache()
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _new()
            if not cache.add(key, value, timeout=None):
                value = cache.get(key) or value
        values.append(value)
    for pending in _pending_here(enclosing=False):
        pending.read(scopes)
    made = max(value[1] for value in values)
    return ".".join(value[0] for value in values), datetime.datetime.fromtimestamp(int(made), tz=datetime.UTC)


def _renew(scopes: Iterable[str]) -> None:
    scopes = set(scopes)
    if EVERYTHING in scopes:
        from tiltak.plans.models import Plan

        scopes = (scopes - {EVERYTHING}) | {EVERY_PLAN} | {of_plan(slug) for slug in
                                                          Plan.objects.values_list("slug", flat=True)}
    _cache().set_many({_key(scope): _new() for scope in scopes}, timeout=None)


class _AtCommit:
    """The scopes one transaction changed, renewed again when it commits (one callback per transaction)."""

    def __init__(self):
        self.scopes: set[str] = set()
        # Renewed at once and not read since by this transaction: a further change needs no renewal until commit.
        self.unread: set[str] = set()

    def read(self, scopes: Iterable[str]) -> None:
        # Every token read is one that ``all`` renews too.
        self.unread.difference_update({*scopes, EVERYTHING})

    def __call__(self):
        _renew(self.scopes)


def _pending_here(*, enclosing: bool = True) -> list[_AtCommit]:
    """This transaction's renewals waiting for the commit: (``enclosing``) those registered here or in a savepoint
    around this one, which commit or roll back with a change made now; else all of them."""
    if not connection.in_atomic_block:
        return []
    here = set(connection.savepoint_ids)
    return [func for sids, func, *_rest in connection.run_on_commit
            if isinstance(func, _AtCommit) and (not enclosing or set(sids) <= here)]


def expire(*scopes: str) -> None:
    """The pages of ``scopes`` are stale now; a plan's scope takes the pages listing plans with it.

    Renewed at once, so this transaction's own later reads never find a page stored before the change, and again
    when it commits: once per transaction, however many rows it changes — unless the transaction itself read the
    scope's pages in between (then at once again, for the same reason)."""
    wanted = set(scopes)
    if any(scope.startswith("plan:") for scope in wanted):
        wanted.add(EVERY_PLAN)
    if not connection.in_atomic_block:
        _renew(wanted)
        return
    # (A test's actions each run in a savepoint of the test's one transaction; their renewals join the test's.)
    pending = next(iter(_pending_here()), None)
    if pending is None:
        pending = _AtCommit()
        transaction.on_commit(pending)
    now = wanted - pending.unread
    pending.scopes |= wanted
    pending.unread |= wanted
    if now:
        _renew(now)


def expire_plans(slugs: Iterable[str]) -> None:
    scopes = [of_plan(slug) for slug in set(slugs)]
    if scopes:
        expire(*scopes)


def _scope_of(slug: str | None) -> set[str]:
    # A plan that cannot be found (deleted with the row) is not guessed at: everything.
    return {of_plan(slug)} if slug is not None else {EVERYTHING}


def scopes_of(model_name: str, instance) -> set[str]:
    """What a saved or deleted row of the domain expires (empty: nothing public shows it). A query at most."""
    from tiltak.plans.models import Measure, Plan, Round, StatusEntry

    published = Round.State.PUBLISHED
    if model_name in REFERENCE_MODELS:
        return {EVERYTHING}
    if model_name == "Plan":
        return {of_plan(instance.slug)}
    if model_name == "Measure":
        return _scope_of(Plan.objects.filter(pk=instance.plan_id).values_list("slug", flat=True).first())
    if model_name == "Responsibility":
        return _scope_of(Measure.objects.filter(pk=instance.measure_id).values_list("plan__slug", flat=True).first())
    if model_name == "Round":
        if instance.state != published:
            return set()
        return _scope_of(Plan.objects.filter(pk=instance.plan_id).values_list("slug", flat=True).first())
    if model_name == "StatusEntry":
        found = Round.objects.filter(pk=instance.round_id).values_list("state", "plan__slug").first()
        if found is None:
            return {EVERYTHING}
        return _scope_of(found[1]) if found[0] == published else set()
    if model_name == "StatusEntryVersion":
        # By the entry's id: a restore saves history rows whose entries come later (then nothing is public yet).
        slug = (StatusEntry.objects.filter(pk=instance.entry_id, round__state=published)
                .values_list("round__plan__slug", flat=True).first())
        return {of_plan(slug)} if slug is not None else set()
    return {EVERYTHING}


def _row_changed(sender, instance, **_ignored) -> None:
    scopes = scopes_of(sender.__name__, instance)
    if scopes:
        expire(*scopes)


def connect_signals() -> None:
    """Expire what a saved or deleted domain row shows. (An entry is changed by a conditional UPDATE, which sends
    no signal, but every change of an entry writes a history row: saved one by one, or by ``record_versions``,
    which expires its plans itself.)"""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for name in (*PLAN_MODELS, *REFERENCE_MODELS):
        model = apps.get_model("plans", name)
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"tiltak-pages-save-{name}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"tiltak-pages-delete-{name}")
