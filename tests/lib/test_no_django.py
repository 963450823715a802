"""`tiltak.lib` is the layer under everything: helpers with no Django and no other part of tiltak in them, so the
importer's core and the settings can use them and they are tested without a database."""

import ast
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[2] / "tiltak" / "lib"


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(LIB.glob("*.py")), ids=lambda p: p.name)
def test_lib_imports_neither_django_nor_the_rest_of_tiltak(path):
    outside = {name for name in _imported(path)
               if name.split(".")[0] == "django" or (name.startswith("tiltak") and not name.startswith("tiltak.lib"))}
    assert outside == set()


def test_the_check_sees_an_import_of_django(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from django.db import transaction\n    from tiltak.plans import models\n")
    assert _imported(module) == {"django.db", "tiltak.plans"}
