"""Build a Git commit of the project (and, when asked, the working tree) into a folder.

The commit is checked out with ``git worktree add --detach`` into a temporary folder (the
history comes along, so sitemap dates are the commit's), built there by a separate
``storefront build`` process with this installation's Python and dependencies, then the
worktree is removed. When the repository holds the generator's own code (``plugins/`` and
``tools/storefront/``, as the demo store does), the commit is built with its own code, so a
pull request that changes the price rounding shows what it does to the prices.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storefront_core.errors import Problem, StorefrontError

#: lines of a failed build's output quoted in the error
TAIL_LINES = 25


def _fail(field: str, message: str, file: str = "") -> StorefrontError:
    return StorefrontError([Problem(file, field, message)])


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; its stdout, stripped. Raises StorefrontError with git's message."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise _fail("--base", "git is not installed; install git, or build both sites and "
                    "run `storefront diff OLD_SITE NEW_SITE`") from None
    if done.returncode != 0:
        raise _fail("--base", f"git {' '.join(args)}: {done.stderr.strip() or done.stdout}")
    return done.stdout.strip()


def repo_root(project: Path) -> Path:
    """The top of the Git repository holding ``project``."""
    try:
        return Path(git(project, "rev-parse", "--show-toplevel")).resolve()
    except StorefrontError:
        raise _fail("--base", f"{project} is not in a Git repository; --base needs the project's "
                    "history (in CI: actions/checkout with fetch-depth: 0)") from None


def resolve_commit(repo: Path, ref: str) -> str:
    """The commit ``ref`` names; a clear error when the clone does not have it."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except StorefrontError:
        raise _fail("--base", f"{ref!r} is not a commit of this repository; give a branch, "
                    "tag or SHA it has (a shallow CI clone needs fetch-depth: 0)") from None


def build_project(project: Path, output: Path, *, code: Path | None = None,
                  what: str = "the working tree") -> None:
    """Build ``project`` into ``output`` with ``storefront build`` in a new process; ``code``
    is a checkout whose plugins/ and tools/ are imported instead of the installed ones."""
    env = dict(os.environ)
    own_code = code is not None and (code / "tools" / "storefront").is_dir()
    if code is not None and own_code and (code / "plugins").is_dir():
        paths = [str(code / "plugins"), str(code / "tools")]
        env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    command = [sys.executable, "-m", "storefront", "--project", str(project), "build",
               "--output", str(output), "--wait", "600"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-TAIL_LINES:])
        raise _fail("", f"{what} does not build, so there is nothing to compare; fix it and "
                    f"retry. The build said:\n{tail}", str(project))


def _share_photo_cache(project: Path, checkout_project: Path) -> None:
    """Let the commit's build reuse the encoded photos of the project (content-addressed, so
    one cache serves every commit) instead of encoding every photo again."""
    cache = project / ".cache" / "storefront" / "images"
    cache.mkdir(parents=True, exist_ok=True)  # the head's build fills it after the base's
    target = checkout_project / ".cache" / "storefront"
    if (target / "images").exists():
        return
    target.mkdir(parents=True, exist_ok=True)
    (target / "images").symlink_to(cache.resolve(), target_is_directory=True)


def build_ref(project: Path, ref: str, workdir: Path) -> tuple[Path, str]:
    """Build commit ``ref`` of ``project`` into ``workdir``/base; (the site folder, the short
    commit id). The temporary worktree is removed whatever happens."""
    project = project.resolve()
    top = repo_root(project)
    commit = resolve_commit(top, ref)
    short = git(top, "rev-parse", "--short", commit)
    checkout = workdir / "base-checkout"
    site = workdir / "base"
    git(top, "worktree", "add", "--detach", "--force", str(checkout), commit)
    try:
        base_project = checkout / project.relative_to(top)
        if not (base_project / "pelicanconf.py").is_file():
            raise _fail("--base", f"commit {short} ({ref}) has no "
                        f"{project.relative_to(top).as_posix() or '.'}/pelicanconf.py: the "
                        "project did not exist there; compare against a later commit")
        _share_photo_cache(project, base_project)
        build_project(base_project, site, code=checkout, what=f"commit {short} ({ref})")
    finally:
        link = checkout / project.relative_to(top) / ".cache" / "storefront" / "images"
        if link.is_symlink():  # never let the removal reach into the project's cache
            link.unlink()
        subprocess.run(["git", "-C", str(top), "worktree", "remove", "--force", str(checkout)],
                       capture_output=True, check=False)
        subprocess.run(["git", "-C", str(top), "worktree", "prune"], capture_output=True,
                       check=False)
    return site, short
