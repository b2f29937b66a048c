"""Run one Pelican build of a storefront project and publish it atomically."""

from __future__ import annotations

import contextlib
import gc
import glob
import importlib.util
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, tzinfo
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from storefront_catalog.settings import build_now
from storefront_catalog.stats import BuildStats
from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import finish_tree, process_umask
from storefront_core.forkpool import can_fork

from . import uptodate
from .buildlock import DEFAULT_WAIT, WaitCallback, build_lock
from .project import load_settings

ProgressCallback = Callable[[int, int], None]


class BuildFailed(StorefrontError):
    """The build stopped on content/settings problems or logged errors; output left untouched."""


class _Recorder(logging.Handler):
    """Collects WARNING and ERROR records logged while Pelican runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def problems_from_records(records: list[logging.LogRecord], *, strict: bool) -> list[Problem]:
    """Turn logged errors (and warnings in strict mode) into Problems, without duplicates."""
    seen: set[str] = set()
    out: list[Problem] = []
    for rec in records:
        if rec.levelno < logging.ERROR and not strict:
            continue
        msg = rec.getMessage()
        if rec.exc_info and rec.exc_info[1] is not None:
            msg = f"{msg} ({type(rec.exc_info[1]).__name__}: {rec.exc_info[1]})"
        if msg in seen:
            continue
        seen.add(msg)
        severity = "error" if rec.levelno >= logging.ERROR else "warning"
        out.append(Problem(file="", field="", message=msg, severity=severity))
    return out


def check_output_location(project: Path, output: Path, content: Path) -> None:
    """Refuse output folders whose replacement would delete the project or its content."""
    project, output, content = project.resolve(), output.resolve(), content.resolve()
    danger = (
        output == project
        or output in project.parents
        or output == content
        or content in output.parents
        or output in content.parents
    )
    if danger:
        raise StorefrontError(
            [
                Problem(
                    file=str(output),
                    field="--output",
                    message="the output folder is replaced on every build, so it must not be "
                    "the project, a parent of it, or inside content/; use e.g. --output output",
                )
            ]
        )


@contextlib.contextmanager
def _capture_logs() -> Iterator[_Recorder]:
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)


@contextlib.contextmanager
def _quiet_pelican_console() -> Iterator[None]:
    """Hide Pelican's own "Done: Processed 0 articles" line; our summary replaces it."""
    from pelican.log import console

    before = console.quiet
    console.quiet = True
    try:
        yield
    finally:
        console.quiet = before


#: young-generation size of Python's cycle collector during a build (the default is 700)
GC_THRESHOLD = (10_000, 10, 10)
#: from this many pages the build lets go of what the site was made from before the audit
#: (``_release``: a full collection, about 60 ms of CPU per 1,000 pages; 20,000 pages held
#: about 250 MB through the audit, mapped by every audit worker too)
RELEASE_FROM = 5_000


@contextlib.contextmanager
def collector_tuned() -> Iterator[None]:
    """Python's cycle collector made to run rarely while a build runs.

    With the default thresholds, a build's steady allocation of short-lived objects starts a
    full collection every few hundred thousand objects, and each one walks the whole heap
    (the catalog, its caches, every compiled template): 13% of a one-product rebuild of a
    2,500-page store. Young cycles are still collected; peak memory does not move.
    Forked workers inherit the setting (and so do not touch every inherited object).
    """
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def template_problem(exc: BaseException, root: Path) -> Problem | None:
    """A theme template mistake as a Problem naming the template file and line, else None."""
    import traceback

    from jinja2 import TemplateError, TemplateSyntaxError

    if not isinstance(exc, TemplateError):
        return None
    file, line = None, None
    if isinstance(exc, TemplateSyntaxError):
        file, line = exc.filename, exc.lineno
    else:  # runtime errors: the innermost frame that is a template
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
                file, line = frame.filename, frame.lineno
                break
    where = display_path(Path(file), root) if file else "theme template"
    what = str(exc.message or exc).rstrip(".")
    fix = "fix the template (its opening comment says what it accepts)"
    return Problem(where, "", f"template error: {what}; {fix}", line)


def _count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def previous_path(output: Path) -> Path:
    """Where the generation before the current output is kept, to be recycled by the next build."""
    return output.parent / f".{output.name}.previous"


def _prefix(output: Path, kind: str) -> str:
    """Names of the folders a build makes beside ``output``, with its pid to tell its own."""
    return f".{output.name}.{kind}-{os.getpid()}-"


def new_staging(output: Path) -> Path:
    """An empty folder beside ``output`` to build the site into."""
    return Path(tempfile.mkdtemp(prefix=_prefix(output, "building"), dir=output.parent))


def remove_stale_folders(output: Path) -> list[Path]:
    """Delete the staging (``.building-``) and swap (``.old-``) folders that builds killed
    midway left beside ``output``; the ones removed (or put back).

    Call it holding the build lock: no other build of this project runs, so a folder is stale
    unless it names a running process other than this one (a build of another project sharing
    the output folder); a folder naming this process is left from a killed namesake. A swap
    folder is the last published site when the build was killed between its two renames: it
    is put back when ``output`` is missing.
    """
    removed = []
    for kind in ("building", "old"):
        for path in sorted(output.parent.glob(f"{glob.escape('.' + output.name)}.{kind}-*")):
            owner = path.name.removeprefix(f".{output.name}.{kind}-").split("-")[0]
            if owner.isdigit() and int(owner) != os.getpid() and _running(int(owner)):
                continue
            if kind == "old" and not (output.exists() or output.is_symlink()):
                os.replace(path, output)
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if os.name != "posix":  # no signal 0 to ask with: keep the folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def swap_into_place(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with renames on one filesystem.

    The replaced site is kept as the "previous" generation: the next build empties its files
    and builds into its folder tree, which spares re-creating (and deleting) a folder per page.
    """
    old: Path | None = None
    if output.exists() or output.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=_prefix(output, "old"), dir=output.parent))
        old.rmdir()
        os.replace(output, old)
    try:
        os.replace(new, output)
    except OSError:
        if old is not None:  # put the previous site back before reporting
            os.replace(old, output)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            previous = previous_path(output)
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(old, previous)
        else:
            old.unlink()


def recycle_previous(output: Path) -> tuple[Path, Callable[[], None]] | None:
    """The previous generation's folder tree, to build into, and a function that returns once
    it is emptied of files.

    The files are deleted by a forked process while the build reads the content (nothing is
    written before every generator has read its content); call the function before writing.
    """
    previous = previous_path(output)
    if not previous.is_dir() or previous.is_symlink():
        return None
    staging = new_staging(output)
    staging.rmdir()
    os.replace(previous, staging)
    if not can_fork():
        _empty_tree(staging)
        return staging, lambda: None
    pid = os.fork()
    if pid == 0:  # the child: delete, then leave without running the parent's cleanup
        code = 1
        try:
            _empty_tree(staging)
            code = 0
        finally:
            os._exit(code)
    done: list[bool] = []

    def wait() -> None:
        if not done:
            done.append(True)
            _, status = os.waitpid(pid, 0)
            if status != 0:  # the cleaner failed: do it here (it raises what went wrong)
                _empty_tree(staging)

    return staging, wait


def _empty_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.unlink(os.path.join(folder, name))


def audit_staged(staging: Path, *, shown_as: str, stats: BuildStats,
                 site_url: str | None, cache_dir: Path | None = None,
                 now: datetime | None = None) -> None:
    """The last build step: audit the staged site as a crawler reads it, before it replaces
    the output. Errors raise BuildFailed; warnings are added to ``stats.warnings``, one line
    per rule."""
    from storefront_seo.audit import audit_site

    report = audit_site(staging, site_url=site_url, cache_dir=cache_dir, now=now)
    stats.timings["audit"] = report.seconds
    if "total" in stats.timings:
        stats.timings["total"] += report.seconds
    # audit warnings (lengths, missing share images...) are advice: listed, never blocking a
    # build, not even a --strict one; `storefront audit --strict` gates on them when wanted
    stats.warnings += [f"audit: {line}" for line in report.warning_lines()]
    problems = report.problems(prefix=shown_as.rstrip("/") + "/")
    if problems:
        raise BuildFailed(problems)


def build_site(
    project: Path,
    output: Path,
    *,
    strict: bool = False,
    settings_file: str = "pelicanconf.py",
    on_progress: ProgressCallback | None = None,
    extra_settings: dict[str, object] | None = None,
    wait: float = DEFAULT_WAIT,
    on_wait: WaitCallback | None = None,
) -> BuildStats:
    """Build ``project`` into ``output``; the previous output stays intact if anything fails.

    One build of a project runs at a time: another one is waited for up to ``wait`` seconds
    (``on_wait`` is told when waiting starts).
    """
    from pelican.plugins import signals as pelican_signals

    from storefront_catalog import signals

    project = project.resolve()
    output = (project / output).resolve() if not output.is_absolute() else output.resolve()
    settings_path = _settings_path(project, settings_file)
    umask = process_umask()  # before any thread starts: outside Linux, reading it sets it
    stats_box: list[BuildStats] = []
    contexts: list[object] = []  # the BuildContext, for site_staged

    def on_finished(sender: object = None, **kw: object) -> None:
        stats = kw.get("stats")
        if isinstance(stats, BuildStats):
            stats_box.append(stats)
            contexts.append(sender)

    def on_image(sender: object = None, **kw: Any) -> None:
        if on_progress is not None:
            on_progress(int(kw.get("done", 0) or 0), int(kw.get("total", 0) or 0))

    with contextlib.ExitStack() as stack:
        stack.enter_context(collector_tuned())
        stack.enter_context(contextlib.chdir(project))
        recorder = stack.enter_context(_capture_logs())
        stack.enter_context(_quiet_pelican_console())
        settings = load_settings(settings_path, override=dict(extra_settings or {}))
        check_output_location(project, output, Path(settings["PATH"]))
        cache_dir = project / settings.get("STORE_CACHE_DIR", ".cache/storefront")
        stack.enter_context(build_lock(cache_dir, wait=wait, on_wait=on_wait))
        started = time.perf_counter()
        # what the build reads, stamped before it reads it (see uptodate)
        inputs = uptodate.inputs_of(project, _code_roots(settings), [output, cache_dir])
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_folders(output)
        recycled = recycle_previous(output)
        staging, emptied = recycled or (new_staging(output), lambda: None)
        settings["OUTPUT_PATH"] = str(staging)
        settings[signals.COMMAND_STAGES] = True  # site_staged is sent here, after the audit
        try:
            with contextlib.ExitStack() as run:
                run.enter_context(signals.build_finished.connected_to(on_finished))
                run.enter_context(signals.image_progress.connected_to(on_image))
                # the recycled tree is emptied while the content is read; wait before any write
                run.enter_context(pelican_signals.all_generators_finalized.connected_to(
                    lambda sender: emptied()))
                _run_pelican(settings, project)
            stats = _checked_stats(recorder.records, stats_box, strict=strict)
            if stats.pages_written >= RELEASE_FROM:
                _release(contexts)
            _finish_staging(staging, settings, stats,
                            shown_as=display_path(output, project), cache_dir=cache_dir)
            if contexts:  # what plugins did while the site was audited (search indexes)
                signals.site_staged.send(contexts[-1], output=staging, ok=True)
            finish_tree(staging, umask)  # empty folders gone, modes for a web server
            swap_into_place(staging, output)
        except BaseException:
            if contexts:
                with contextlib.suppress(Exception):  # the build's own error is the one told
                    signals.site_staged.send(contexts[-1], output=staging, ok=False)
            emptied()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        stats.timings.setdefault("total", time.perf_counter() - started)
        uptodate.write_record(
            project, cache_dir, inputs=inputs, output=output, summary=asdict(stats),
            key=uptodate.build_key(output, strict=strict, settings_file=settings_file,
                                   extra_settings=extra_settings),
            valid_until=valid_until(project, settings_file, settings))
    return stats


def _release(contexts: list[object]) -> None:
    """The site is written: what it was made from is let go before the audit (which reads
    the files, in workers forked from this process), the Pelican objects with it (cycles)."""
    from storefront_catalog.context import BuildContext

    for context in contexts:
        if isinstance(context, BuildContext):
            context.release()
    gc.collect()


def _code_roots(settings: Mapping[str, Any]) -> list[Path]:
    """Folders outside the project whose files make the site: the theme, the plugins, the
    UI translations, and the code of this command."""
    roots = [Path(settings["THEME"]), Path(__file__).parent]
    roots += [Path(p) for p in settings.get("PLUGIN_PATHS") or ()]
    if settings.get("STORE_I18N_DIR"):
        roots.append(Path(settings["STORE_I18N_DIR"]))
    for name in settings.get("PLUGINS") or ():
        spec = importlib.util.find_spec(name) if isinstance(name, str) else None
        if spec is not None and spec.submodule_search_locations:
            roots += [Path(p) for p in spec.submodule_search_locations]
    return [p.resolve() for p in roots]


def valid_until(project: Path, settings_file: str, settings: Mapping[str, Any]
                ) -> datetime | None:
    """Until when a build made now stays the build a later one would make: the next UTC
    midnight (dates in sitemaps and footers), the next midnight in every market's time zone
    and the next campaign start or end (sale prices, banners, checkout links). None when the
    moment is pinned (``SOURCE_DATE_EPOCH``, no ``--date``): the build never goes stale."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit() and not settings.get("STORE_DATE"):
        return None
    now = datetime.now(UTC)
    moments = [_next_midnight(now, UTC)]
    try:
        from storefront_promotions.schedule import transitions

        from .schedule import load_promotions

        promotions = load_promotions(project, settings_file)
        markets = promotions.markets.markets
        moments += [_next_midnight(now, ZoneInfo(m.timezone or "UTC")) for m in markets]
        if not settings.get("STORE_DATE"):
            # the result never outlives the next midnight: only the next two days matter
            ahead = transitions(promotions.campaigns, markets, now, now + timedelta(days=2),
                                promotions.overrides)
            moments += [t.at for t in ahead[:1]]
    except Exception:  # noqa: BLE001 - anything unreadable: no shortcut, build next time
        return now
    return min(moments)


def _next_midnight(now: datetime, zone: tzinfo) -> datetime:
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), dtime(0), tzinfo=zone)


def _settings_path(project: Path, settings_file: str) -> Path:
    """The project's settings file; raises StorefrontError when it does not exist."""
    settings_path = (project / settings_file).resolve()
    if not settings_path.is_file():
        raise StorefrontError(
            [
                Problem(
                    file=str(settings_path),
                    field="",
                    message="settings file not found; run the command in the project folder "
                    "or pass --project PATH (and --settings FILE if it has another name)",
                )
            ]
        )
    return settings_path


def _run_pelican(settings: dict[str, Any], project: Path) -> None:
    """Run Pelican with ``settings``; a template mistake raises BuildFailed saying where."""
    from pelican import Pelican

    try:
        site = Pelican(settings)
        site.delete_outputdir = False  # staging holds the recycled folders only
        site.run()
    except Exception as exc:
        problem = template_problem(exc, project)
        if problem is None:
            raise
        raise BuildFailed([problem]) from exc


def _checked_stats(records: list[logging.LogRecord], stats_box: list[BuildStats], *,
                   strict: bool) -> BuildStats:
    """The build's stats with logged warnings added; raises BuildFailed on logged errors (and
    on any warning when ``strict``)."""
    problems = problems_from_records(records, strict=strict)
    stats = stats_box[-1] if stats_box else BuildStats()
    for p in problems_from_records(records, strict=True):
        if p.severity == "warning" and p.message not in stats.warnings:
            stats.warnings.append(p.message)
    if strict:
        known = {p.message for p in problems}
        problems += [
            Problem(file="", field="", message=w, severity="warning")
            for w in stats.warnings
            if w not in known
        ]
    if problems:
        raise BuildFailed(problems)
    return stats


def _finish_staging(staging: Path, settings: dict[str, Any], stats: BuildStats, *,
                    shown_as: str, cache_dir: Path) -> None:
    """Ready the staged site for publishing: page count, preview moment, the audit."""
    if not stats.pages_written:
        stats.pages_written = _count_html(staging)
    if settings.get("STORE_DATE"):  # a preview: `storefront audit` judges it as of then
        from storefront_seo.audit import write_build_moment

        write_build_moment(staging, build_now(settings))
    if settings.get("STORE_AUDIT", True):
        audit_staged(staging, shown_as=shown_as, stats=stats,
                     site_url=str(settings.get("SITEURL") or "") or None,
                     cache_dir=cache_dir, now=build_now(settings))
