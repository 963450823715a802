"""The layers the README's «Layout» describes, read from the source: each package imports only those under it.

    lib ← plans ← core (its web helpers) ← reports ← web, portal, api, monitoring
    lib ← plans ← core ← forms_xlsx (the fill-in forms' files) ← web, api (their pages and operations)
    lib ← importer (the parsing core: no models, no other app)

Commands (``*/management/commands``) stand on top of everything, as do ``tiltak/bench`` and the project's own
modules (settings, urls, the console script). Imports inside functions count too.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tiltak"

MAY_IMPORT = {
    "lib": set(),
    "importer": {"lib"},
    "plans": {"lib"},
    "core": {"lib", "plans"},
    "reports": {"lib", "plans", "core"},
    "portal": {"lib", "plans", "core", "reports"},
    "web": {"lib", "plans", "core", "reports", "importer", "forms_xlsx"},
    "api": {"lib", "plans", "core", "middleware", "forms_xlsx"},
    "forms_xlsx": {"lib", "plans", "core"},
    "monitoring": {"lib", "plans", "core", "reports"},
}
ON_TOP = {"bench"}  # may import any package

# The calls upward, each with its reason: (where, what it imports).
UPWARD = {
    # The actions expire the page cache's generations when they change what published pages show.
    ("tiltak/plans/actions/", "tiltak.core.generations"),
    # The import action keeps a stored text an import would make worse: the importer's Django-free reconciler.
    ("tiltak/plans/actions/", "tiltak.importer.reconcile"),
}


def imports_of(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name for name in names if name.startswith("tiltak.")}


def test_every_package_has_its_place():
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(MAY_IMPORT) | ON_TOP


def test_each_package_imports_only_the_layers_under_it():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        package = path.relative_to(PACKAGE).parts[0]
        if package not in MAY_IMPORT or "/management/commands/" in module:
            continue
        for name in sorted(imports_of(path.read_text(encoding="utf-8"))):
            target = name.split(".")[1]
            upward = any(module.startswith(where) and name.startswith(what) for where, what in UPWARD)
            if target != package and target not in MAY_IMPORT[package] and not upward:
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_the_check_sees_an_import_inside_a_function():
    assert imports_of("def f():\n    from tiltak.web.views import board\n") == {"tiltak.web.views"}
