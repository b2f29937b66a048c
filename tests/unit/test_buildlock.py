"""One build of a project at a time, and the folders killed builds leave behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storefront.build import remove_stale_folders
from storefront.buildlock import LOCK_NAME, build_lock
from storefront_core.errors import StorefrontError

REPO = Path(__file__).resolve().parents[2]


def test_a_second_build_that_may_not_wait_is_refused_naming_the_first(tmp_path: Path) -> None:
    with build_lock(tmp_path, wait=0):
        with pytest.raises(StorefrontError) as caught, build_lock(tmp_path, wait=0):
            pass
    message = caught.value.render()
    assert f"another build of this project (pid {os.getpid()}) is running" in message
    assert "this build did not start" in message and "--wait SECONDS" in message
    with build_lock(tmp_path, wait=0):  # released: the next build runs
        pass


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    told: list[tuple[int | None, float]] = []
    first_holds, release = threading.Event(), threading.Event()

    def first() -> None:
        with build_lock(tmp_path, wait=0):
            first_holds.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    first_holds.wait(10)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with build_lock(tmp_path, wait=30, on_wait=lambda pid, s: told.append((pid, s)), poll=0.05):
        waited = time.monotonic() - started
    thread.join()
    assert told == [(os.getpid(), 30)], "the waiting build is told once, with the holder's pid"
    assert 0.4 < waited < 5


def test_a_build_gives_up_after_waiting_as_long_as_asked(tmp_path: Path) -> None:
    with build_lock(tmp_path, wait=0):
        started = time.monotonic()
        with pytest.raises(StorefrontError) as caught, build_lock(tmp_path, wait=0.3, poll=0.05):
            pass
        assert 0.3 <= time.monotonic() - started < 3
    assert "still running after 0.3 s of waiting" in caught.value.render()


def _lock_pid(cache: Path) -> str:
    try:
        return (cache / LOCK_NAME).read_text().strip()
    except FileNotFoundError:
        return ""


def test_a_killed_build_never_blocks_the_next(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from storefront.buildlock import build_lock\n"
         "with build_lock(Path(sys.argv[1]), wait=0):\n    time.sleep(60)\n", str(tmp_path)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": f"{REPO / 'plugins'}:{REPO / 'tools'}"})
    try:
        deadline = time.monotonic() + 20
        while _lock_pid(tmp_path) != str(holder.pid):
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.05)
        with pytest.raises(StorefrontError, match=f"pid {holder.pid}"):
            with build_lock(tmp_path, wait=0):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with build_lock(tmp_path, wait=5):
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_folders_of_killed_builds_are_removed_and_running_ones_kept(tmp_path: Path) -> None:
    output = tmp_path / "public"
    output.mkdir()
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        made = {
            "killed": tmp_path / f".public.building-{dead}-abc123",
            "swap": tmp_path / f".public.old-{dead}-x1",
            "namesake": tmp_path / f".public.building-{os.getpid()}-old",  # a reused pid
            "older version": tmp_path / ".public.building-k2j4h5",
            "running": tmp_path / f".public.building-{live.pid}-zz",
        }
        for folder in made.values():
            (folder / "products").mkdir(parents=True)
            (folder / "products" / "index.html").write_text("<p>half</p>")
        (tmp_path / ".public.previous").mkdir()
        removed = remove_stale_folders(output)
    finally:
        live.kill()
        live.wait()
    assert sorted(removed) == sorted(v for k, v in made.items() if k != "running")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".public.previous", made["running"].name, "public"])


def test_a_site_left_aside_by_a_build_killed_while_swapping_is_put_back(tmp_path: Path) -> None:
    aside = tmp_path / f".public.old-{_dead_pid()}-q8"  # killed between its two renames
    aside.mkdir()
    (aside / "index.html").write_text("<p>the last good site</p>")
    assert remove_stale_folders(tmp_path / "public") == [aside]
    assert (tmp_path / "public" / "index.html").read_text() == "<p>the last good site</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
