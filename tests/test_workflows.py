"""The upgrade canary workflow: weekly, newest allowed dependencies, the whole suite."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from croniter import croniter

REPO = Path(__file__).resolve().parent.parent
CANARY = REPO / ".github/workflows/canary.yml"
#: how pip would be pointed at a lock file (exact versions) instead of pyproject's ranges
LOCK_WORDS = re.compile(r"(?:^|\s)(?:-r|-c|--requirement|--constraint|--require-hashes)\b|"
                        r"requirements|constraints|\.lock\b|\block\b|pip-sync", re.I)


def canary() -> dict[str, Any]:
    flow = yaml.safe_load(CANARY.read_text(encoding="utf-8"))
    assert isinstance(flow, dict), f"{CANARY.name}: not a YAML mapping"
    return flow


def triggers(flow: dict[str, Any]) -> dict[str, Any]:
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on:` key as True
    assert isinstance(on, dict), "canary.yml: `on:` must list its triggers"
    return on


def runs(flow: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for job in flow["jobs"].values() for step in job["steps"]]


def test_the_canary_runs_every_week_and_by_hand() -> None:
    on = triggers(canary())
    assert "workflow_dispatch" in on
    crons = [entry["cron"] for entry in on.get("schedule") or []]
    assert crons, "canary.yml: no schedule; the canary must run on its own"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for cron in crons:
        assert croniter.is_valid(cron), cron
        it = croniter(cron, start)
        first, second = it.get_next(datetime), it.get_next(datetime)
        assert second - first <= timedelta(days=7), f"{cron}: runs less than once a week"


def test_the_canary_installs_the_newest_allowed_versions_without_the_lock_file() -> None:
    flow = canary()
    commands = "\n".join(runs(flow))
    installs = [line for line in commands.splitlines() if re.search(r"pip install .*-e ", line)]
    assert installs, "canary.yml: the project is never installed"
    for line in installs:
        assert "--upgrade" in line and "--upgrade-strategy eager" in line, line
        assert "[test" in line, f"{line}: the test extra is needed to run the suite"
        assert not LOCK_WORDS.search(line), f"{line}: the canary must ignore the lock file"
    env = {k: v for job in flow["jobs"].values() for k, v in (job.get("env") or {}).items()}
    env |= flow.get("env") or {}
    assert not {"PIP_CONSTRAINT", "PIP_REQUIREMENT"} & set(env), env
    assert "pip freeze" in commands  # a red run says which versions broke it


def test_the_canary_runs_the_whole_suite_with_browser_and_icu_required() -> None:
    flow = canary()
    [job] = flow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    python = str(job.get("container", "")) + " ".join(
        str((step.get("with") or {}).get("python-version", "")) for step in job["steps"])
    assert "3.11" in python, "canary.yml: the suite runs on Python 3.11 like CI"
    assert any(re.fullmatch(r"python -m pytest\s*", run.strip()) for run in runs(flow)), (
        "canary.yml: run the whole suite with `python -m pytest` (no -k, no paths)")
    assert job["env"]["STOREFRONT_REQUIRE_BROWSER"] == "1"
    assert job["env"]["STOREFRONT_REQUIRE_ICU"] == "1"
    assert job["env"]["STOREFRONT_REQUIRE_FONTS"] == "1"


def test_the_canary_installs_the_debian_packages_ci_installs() -> None:
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    match = re.search(r"for pkg in (.*?); do", ci, re.S)
    assert match, ".ci/run: the `for pkg in ...; do` list of Debian packages moved; update me"
    needed = set(match.group(1).replace("\\", " ").split()) | {"chromium"}
    commands = "\n".join(runs(canary()))
    lines = re.findall(r"apt-get install ((?:\\\n|[^\n])*)", commands)
    apt = " ".join(lines).replace("\\", " ")
    assert needed <= set(apt.split()), f"canary.yml lacks {sorted(needed - set(apt.split()))}"
    assert "vnu-jar" in commands and ("default-jre" in apt or "openjdk" in apt)
