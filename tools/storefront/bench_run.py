"""One measured build of `storefront bench`, in a fresh interpreter.

``python -m storefront.bench_run KIND PROJECT OUTPUT RESULT`` builds PROJECT into OUTPUT and
writes to RESULT, as JSON, what a merchant would notice: the wall time of the whole command
(interpreter start and imports included, as a merchant waits for them; the build alone is
kept as ``build_seconds``), the CPU seconds of the build (user + system,
its own and those of every process it started and waited for: forked page and photo workers,
the ``hugo`` binary), and peak resident memory (the build process, and the largest of the
processes it started).

KIND is ``storefront`` (what ``storefront build`` runs: nothing when nothing changed since
the last build, else ``build_site`` with its audit; ``storefront-force``: always the
build, as ``--force``), ``pelican`` (the plain project's
pelicanconf.py: minimal theme), ``pelican-simple`` (its pelicanconf_simple.py: the "simple"
theme) or ``hugo`` (the hugo binary on PATH).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("storefront", "storefront-force", "pelican", "pelican-simple", "hugo")
PELICAN_SETTINGS = {"pelican": "pelicanconf.py", "pelican-simple": "pelicanconf_simple.py"}


@dataclass
class Run:
    """One build in a fresh process."""

    seconds: float = 0.0  # wall time of the whole command, as a merchant waits for it
    build_seconds: float = 0.0  # of which the build itself (no interpreter start, imports)
    up_to_date: bool = False  # storefront: nothing changed, the command stopped at once
    cpu_seconds: float = 0.0  # user + system, the build process and every child it waited for
    ok: bool = True
    error: str = ""
    stats: dict[str, Any] = field(default_factory=dict)  # the storefront's BuildStats
    rss_main_mb: float = 0.0  # peak resident memory of the build process (hugo: the binary)
    rss_worker_mb: float = 0.0  # peak of the largest process it started (photo, page workers)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_main_mb, self.rss_worker_mb)

    @property
    def rendered(self) -> int:
        return int(self.stats.get("pages_rendered", 0))

    @property
    def encoded(self) -> int:
        return int(self.stats.get("images_encoded", 0))

    @property
    def cards_drawn(self) -> int:
        return int(self.stats.get("cards_drawn", 0))

    def timing(self, phase: str) -> float:
        """Seconds the build's own summary gives ``phase`` (0 when it has none)."""
        return float(self.stats.get("timings", {}).get(phase, 0.0))


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _build(kind: str, project: str, output: str, data: dict[str, Any]) -> None:
    if kind in ("storefront", "storefront-force"):
        from . import uptodate

        target = Path(output).resolve()
        key = uptodate.build_key(target, strict=False, settings_file="pelicanconf.py",
                                 extra_settings={})
        if kind == "storefront" and uptodate.unchanged(Path(project).resolve(), target,
                                                        key) is not None:
            data["up_to_date"] = True  # `storefront build` says so and stops here
            return
        from storefront_core.errors import StorefrontError

        from .build import build_site

        try:
            stats = build_site(Path(project), Path(output))
            data["stats"] = asdict(stats)
        except StorefrontError as exc:
            data.update(ok=False, error=exc.render())
    elif kind == "hugo":
        from .synth_hugo import hugo_binary, hugo_command

        binary = hugo_binary()
        if binary is None:
            data.update(ok=False, error="hugo is not on PATH")
            return
        proc = subprocess.run(hugo_command(binary, Path(project)), capture_output=True,
                              text=True, check=False)
        if proc.returncode:
            data.update(ok=False, error=(proc.stderr or proc.stdout).strip()[-2000:])
    else:
        from pelican import Pelican
        from pelican.log import console
        from pelican.settings import read_settings

        console.quiet = True
        os.chdir(project)
        settings = read_settings(PELICAN_SETTINGS[kind], override={"OUTPUT_PATH": output})
        Pelican(settings).run()


def child(kind: str, project: str, output: str, result: str) -> int:
    """Run one build, write its seconds, CPU seconds, stats and peak memory to ``result``."""
    data: dict[str, Any] = {"ok": True}
    before = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    started = time.perf_counter()
    try:
        _build(kind, project, output, data)
    except Exception as exc:  # the parent reports it; the bench goes on with other phases
        data.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    data["seconds"] = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    data["cpu_seconds"] = _cpu(own) - before + _cpu(children)
    if kind == "hugo":  # the python process only waited: the build's memory is hugo's
        data["rss_main_mb"], data["rss_worker_mb"] = children.ru_maxrss / 1024, 0.0
    else:
        data["rss_main_mb"] = own.ru_maxrss / 1024
        data["rss_worker_mb"] = children.ru_maxrss / 1024
    Path(result).write_text(json.dumps(data, default=str), encoding="utf-8")
    return 0 if data["ok"] else 1


def _child_env(repo: Path, hash_seed: int) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = str(hash_seed)
    paths = [str(repo / "tools"), str(repo / "plugins")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def run_child(kind: str, project: Path, output: Path, repo: Path, *, hash_seed: int = 1) -> Run:
    """One build of ``kind`` (one of KINDS) in a fresh interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result = Path(fh.name)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "storefront.bench_run", kind, str(project), str(output),
             str(result)],
            env=_child_env(repo, hash_seed),
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        try:
            data = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
            return Run(ok=False, error="\n".join(tail) or f"exit code {proc.returncode}")
    finally:
        result.unlink(missing_ok=True)
    return Run(
        seconds=wall,
        build_seconds=float(data.get("seconds", 0.0)),
        up_to_date=bool(data.get("up_to_date")),
        cpu_seconds=float(data.get("cpu_seconds", 0.0)),
        ok=bool(data.get("ok")),
        error=str(data.get("error", "")),
        stats=dict(data.get("stats") or {}),
        rss_main_mb=float(data.get("rss_main_mb", 0.0)),
        rss_worker_mb=float(data.get("rss_worker_mb", 0.0)),
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] in KINDS:
        status = child(*sys.argv[1:5])
        if sys.argv[1].startswith("storefront"):  # leaves as the `storefront` command does
            from .process import leave

            leave(status)
        sys.exit(status)
    sys.exit(f"usage: python -m storefront.bench_run {'|'.join(KINDS)} PROJECT OUTPUT RESULT")
