"""The lock file: exact versions for every dependency, the same the README, CI and the deploy
workflow install, so the same commit formats prices and draws cards the same a year from now."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent.parent
LOCK = REPO / "requirements.lock"
REFRESH = ("uv pip compile pyproject.toml --extra test --extra icu --extra cjk --universal "
           "--python-version 3.11 -o requirements.lock")


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^ ;]+)( ;.*)?", line)
        assert match, f"requirements.lock: {line!r} is not an exact pin"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def test_every_dependency_is_pinned_within_its_declared_range() -> None:
    pins = locked()
    for req in declared():
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock; refresh it: {REFRESH}"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside pyproject's "
            f"{req.specifier}; refresh it: {REFRESH}")


def test_the_lock_says_how_to_refresh_it_and_everyone_installs_from_it() -> None:
    assert REFRESH in LOCK.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -c requirements.lock -e . && storefront build" in readme
    assert "pip install -c requirements.lock -e '.[test]' && python -m pytest" in readme
    assert REFRESH in readme
    assert "pip install -c requirements.lock -e '.[test]' && python -m pytest" in (
        REPO / ".ci" / "run").read_text(encoding="utf-8")
    deploy = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text())
    runs = [step.get("run", "") for job in deploy["jobs"].values() for step in job["steps"]]
    assert "pip install -c requirements.lock -e ." in runs

