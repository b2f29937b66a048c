"""The `storefront` process leaves without tearing down its heap (``cli.run``): what a shell or
CI sees must not change: every byte of output, the exit status, exit handlers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from storefront.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _storefront(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storefront", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_piped_output_is_complete_and_the_status_is_zero() -> None:
    done = _storefront("prices", "--format", "csv")
    expected = CliRunner().invoke(main, ["--project", str(ROOT), "prices", "--format", "csv"])
    assert done.returncode == 0, done.stderr
    assert expected.exit_code == 0
    # stdout is a pipe (block-buffered): leaving early must still flush all of it
    assert len(done.stdout) > 8192
    assert done.stdout == expected.stdout


def test_a_usage_error_keeps_its_status_and_message() -> None:
    done = _storefront("no-such-command")
    assert done.returncode == 2
    assert "No such command 'no-such-command'" in done.stderr


def test_a_failed_command_exits_non_zero_with_its_message(tmp_path: Path) -> None:
    done = _storefront("--project", str(tmp_path), "build")
    assert done.returncode == 1
    assert "settings file not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = ("import atexit, sys; from storefront.cli import run; "
            f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes')); "
            "sys.argv = ['storefront', '--help']; run()")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Usage: storefront" in done.stdout
    assert marker.read_text() == "yes"
