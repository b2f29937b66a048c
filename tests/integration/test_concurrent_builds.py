"""`storefront build` run twice at once, killed midway, and what the published site's
permissions are: real processes on a small project."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storefront.bench import synth_settings, tree_digest
from storefront.synth import write_catalog

REPO = Path(__file__).resolve().parents[2]

# Holds a build midway (content read, staging folder made, nothing published) until the file
# named by $PAUSE_GATE exists; says it got there by creating "<gate>.<pid>".
PAUSE_PLUGIN = '''
import os, time
from pathlib import Path
from pelican import signals

def _pause(_generators):
    gate = os.environ.get("PAUSE_GATE")
    if gate:
        Path(f"{gate}.{os.getpid()}").touch()
        deadline = time.monotonic() + 120
        while not Path(gate).exists() and time.monotonic() < deadline:
            time.sleep(0.05)

def register():
    signals.all_generators_finalized.connect(_pause)
'''


@pytest.fixture(scope="module")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two products with a photo each, no share cards (they need fonts), a pause plugin."""
    root = tmp_path_factory.mktemp("concurrent") / "shop"
    root.mkdir()
    (root / "test_plugins").mkdir()
    (root / "test_plugins" / "pause_build.py").write_text(PAUSE_PLUGIN, encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        synth_settings(REPO)
        + 'PLUGINS = [p for p in PLUGINS if p != "storefront_social_cards"] + ["pause_build"]\n'
        + f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(root / 'test_plugins')!r}]\n",
        encoding="utf-8")
    write_catalog(root / "content", products=2, photos=1)
    return root


@pytest.fixture
def project(template_project: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "shop"
    shutil.copytree(template_project, dest, symlinks=True)
    return dest


def start_build(project: Path, name: str, *args: str, gate: Path | None = None,
                umask: int = -1) -> tuple[subprocess.Popen[bytes], Path]:
    """``storefront build`` in a process of its own; its output (stdout and stderr) goes to a
    file, returned with the process."""
    log = project.parent / f"{name}.log"
    env = {**os.environ, "PAUSE_GATE": str(gate) if gate else ""}
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "storefront", "--project", str(project), "build", *args],
            stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=REPO, umask=umask)
    return proc, log


def wait_for(what: str, check: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def finish(proc: subprocess.Popen[bytes], log: Path) -> tuple[int, str]:
    code = proc.wait(timeout=180)
    return code, log.read_text(encoding="utf-8")


def beside(project: Path, kind: str) -> list[str]:
    return sorted(p.name for p in project.glob(f".output.{kind}-*"))


def test_a_second_build_waits_for_the_first_and_both_publish_a_complete_site(
        project: Path) -> None:
    gate = project.parent / "gate"
    first, first_log = start_build(project, "first", gate=gate)
    wait_for("the first build to be midway", lambda: Path(f"{gate}.{first.pid}").exists())
    time.sleep(1)  # a second apart
    second, second_log = start_build(project, "second", gate=gate)
    try:
        wait_for("the second build to say it waits",
                 lambda: "waiting" in second_log.read_text(encoding="utf-8"), seconds=30)
    finally:
        gate.touch()
    (code1, out1), (code2, out2) = finish(first, first_log), finish(second, second_log)
    assert code1 == 0, out1
    assert code2 == 0, out2
    assert "Traceback" not in out1 + out2
    assert (f"Another build of this project (pid {first.pid}) is running; waiting for it to "
            "finish (up to 600 s)...") in out2
    assert "Built 2 products" in out2
    fresh = start_build(project, "fresh", "--output", str(project.parent / "fresh"))
    assert finish(*fresh)[0] == 0
    assert tree_digest(project / "output") == tree_digest(project.parent / "fresh")
    assert beside(project, "building") == beside(project, "old") == []


def test_a_build_told_not_to_wait_is_refused_and_says_why(project: Path) -> None:
    gate = project.parent / "gate"
    first, first_log = start_build(project, "first", gate=gate)
    try:
        wait_for("the first build to be midway", lambda: Path(f"{gate}.{first.pid}").exists())
        code, out = finish(*start_build(project, "second", "--wait", "0"))
    finally:
        gate.touch()
    assert code == 1
    assert (f"another build of this project (pid {first.pid}) is running; this build did not "
            "start") in out
    assert "Traceback" not in out
    code, out = finish(first, first_log)
    assert code == 0, out
    assert (project / "output" / "index.html").is_file()


def test_a_build_killed_midway_leaves_nothing_behind_the_next_build(project: Path) -> None:
    assert finish(*start_build(project, "first"))[0] == 0
    before = tree_digest(project / "output")
    gate = project.parent / "gate"  # never opened: the build is killed while it waits
    doomed, _ = start_build(project, "doomed", gate=gate)
    wait_for("the build to be midway", lambda: Path(f"{gate}.{doomed.pid}").exists())
    assert beside(project, "building"), "the build should have a staging folder by now"
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    assert tree_digest(project / "output") == before, "a killed build must not touch the site"
    code, out = finish(*start_build(project, "next", "--wait", "0"))
    assert code == 0, out
    assert beside(project, "building") == beside(project, "old") == []
    assert tree_digest(project / "output") == before


def modes(site: Path) -> tuple[set[str], set[str]]:
    """The permission bits of the folders and of the files of ``site`` (itself included)."""
    entries = [site, *site.rglob("*")]
    return ({oct(stat.S_IMODE(p.stat().st_mode)) for p in entries if p.is_dir()},
            {oct(stat.S_IMODE(p.stat().st_mode)) for p in entries if p.is_file()})


def test_the_published_site_is_readable_by_a_web_server_as_the_umask_allows(
        project: Path) -> None:
    code, out = finish(*start_build(project, "first", umask=0o022))
    assert code == 0, out
    assert modes(project / "output") == ({"0o755"}, {"0o644"})
    # a rebuild under a stricter umask (files linked from the cache, recycled folders)
    code, out = finish(*start_build(project, "second", umask=0o027))
    assert code == 0, out
    assert modes(project / "output") == ({"0o750"}, {"0o640"})
