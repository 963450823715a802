"""Every write goes through an action: no module of tiltak outside ``tiltak/plans/actions`` (and the migrations)
saves, creates, updates or deletes a row itself. Views, forms, commands, the API and the importer translate;
the actions check permission and state, write the history and keep the rules (docs: README «Layout»).

Read from the source (the AST), so a new write around the actions fails here before anyone runs it. What counts
as a write of a model:

- ``create``, ``bulk_create``, ``bulk_update``, ``get_or_create``, ``update_or_create``, ``create_user`` and
  ``create_superuser`` on anything (a manager, a related manager);
- ``update`` and ``delete`` on a manager or a queryset (``X.objects…``, ``._default_manager…``, or the result
  of a queryset method such as ``filter``);
- ``save()`` and ``delete()`` with no positional argument (a model instance or a ModelForm; a workbook's
  ``save(path)`` or a cache's ``delete(key)`` take one).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tiltak"
ALLOWED = ("tiltak/plans/actions/",)

# Writes that still go around the actions, each with its reason (none now: the account writes — the demo accounts,
# `tiltak user`'s e-mail change, the password link — went into tiltak/plans/actions/accounts.py).
KNOWN_EXCEPTIONS: set[str] = set()

ALWAYS = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "create_user",
          "create_superuser"}
ON_QUERYSETS = {"update", "delete"}
ON_INSTANCES = {"save", "delete"}
QUERYSET_METHODS = {"all", "filter", "exclude", "select_for_update", "select_related", "prefetch_related",
                    "order_by", "active", "current", "published", "visible_to", "for_work", "none", "distinct",
                    "only", "defer", "annotate", "values"}


def _is_queryset(node: ast.expr) -> bool:
    """Whether an expression is (very likely) a manager or a queryset."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in ("objects", "_default_manager"):
                return True
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in QUERYSET_METHODS:
                return True
            node = node.func.value
        else:
            return False


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, call) for every model write in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        if (name in ALWAYS or (name in ON_QUERYSETS and _is_queryset(receiver))
                or (name in ON_INSTANCES and not node.args)):
            found.append((node.lineno, ast.unparse(node)[:100]))
    return found


def _modules() -> list[str]:
    return sorted(path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")
                  if "/migrations/" not in path.as_posix())


def test_no_module_outside_the_actions_writes_a_model():
    around, stale = {}, []
    for module in _modules():
        if module.startswith(ALLOWED):
            continue
        writes = writes_in((ROOT / module).read_text(encoding="utf-8"))
        if module in KNOWN_EXCEPTIONS:
            if not writes:
                stale.append(module)
        elif writes:
            around[module] = writes
    assert around == {}, "writes around tiltak/plans/actions (make them actions)"
    assert stale == [], "these write nothing any more: take them off KNOWN_EXCEPTIONS"


def test_the_exceptions_are_modules_that_exist():
    assert set(_modules()) >= KNOWN_EXCEPTIONS


@pytest.mark.parametrize("source", [
    "Plan.objects.create(slug='x')",
    "plan.measures.create(number='1')",
    "Measure.objects.bulk_create(rows)",
    "Ministry.objects.update_or_create(abbreviation='JD', defaults={})",
    "User.objects.create_user('x')",
    "Round.objects.filter(pk=1).update(state='open')",
    "StatusEntry.objects.select_for_update().filter(pk=1).delete()",
    "model._default_manager.all().delete()",
    "entry.save()",
    "user.save(update_fields=['email'])",
    "form.save()",
    "claim.delete()",
])
def test_the_rule_sees_each_kind_of_write(source):
    assert len(writes_in(source)) == 1


@pytest.mark.parametrize("source", [
    "workbook.save(out)",
    "caches['reports'].delete(key)",
    "digest.update(data)",
    "context.update(result=result)",
    "OPTIONS.update(large_measures=5)",
    "Plan.objects.filter(slug='x').exists()",
])
def test_the_rule_leaves_what_is_not_a_model_write(source):
    assert writes_in(source) == []
