"""The lock files agree with pyproject.toml and with what is installed: `make` installs from them, so a dependency
added to pyproject.toml without `make lock` (or a lock edited by hand) fails here, not on a fresh machine."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKS = {"run": ROOT / "requirements" / "run.txt", "test": ROOT / "requirements" / "test.txt"}


def locked(path: Path) -> dict[str, str]:
    """name → version of every package a lock file pins (each with its hashes)."""
    text = path.read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, flags=re.MULTILINE))
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block), f"{path.name}: a pin without hashes"
    return {canonicalize_name(name): version for name, version in pins.items()}


def requirements(*extras: str) -> list[Requirement]:
    given = PYPROJECT["dependencies"] + [r for extra in extras for r in PYPROJECT["optional-dependencies"][extra]]
    return [Requirement(line) for line in given]


@pytest.mark.parametrize(("lock", "extras"), [("run", ()), ("test", ("test", "bench"))])
def test_every_dependency_is_locked_within_its_range(lock, extras):
    pins = locked(LOCKS[lock])
    for requirement in requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements/{lock}.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (requirement, pins[name])


def test_the_run_lock_has_the_test_locks_versions():
    run, test = locked(LOCKS["run"]), locked(LOCKS["test"])
    assert run and set(run) <= set(test)
    assert {name: version for name, version in run.items() if test[name] != version} == {}


def test_what_is_installed_is_what_is_locked():
    for requirement in requirements("test"):
        name = canonicalize_name(requirement.name)
        assert metadata.version(requirement.name) == locked(LOCKS["test"])[name], requirement.name
