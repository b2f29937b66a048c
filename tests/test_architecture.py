"""The architecture, enforced: import contracts (import-linter, configured in pyproject.toml),
no import cycle between modules, and modules a reader can hold in one sitting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("storefront", "storefront_catalog", "storefront_images", "storefront_seo",
            "storefront_social_cards", "storefront_promotions", "storefront_core")


def test_import_contracts_hold() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "plugins"),
                                                        str(REPO / "tools")])}
    lint_imports = Path(sys.executable).parent / "lint-imports"  # import-linter's command
    done = subprocess.run([str(lint_imports), "--config", str(REPO / "pyproject.toml"),
                           "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout and "4 kept" in done.stdout, done.stdout


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No cycle, not even through a late import inside a function."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != module and graph.chain_exists(importer=imported, imported=module):
                cycles.add(tuple(sorted((module, imported))))
    assert not cycles, f"import cycles: {sorted(cycles)}"


def test_architecture_md_lists_every_signal_and_names_real_modules() -> None:
    """ARCHITECTURE.md stays true: every storefront signal is in its table, and every module
    it names exists."""
    from storefront_catalog import signals

    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    defined = {name for name, value in vars(signals).items()
               if type(value).__name__ == "NamedSignal"}
    assert defined and all(f"| `{name}` |" in text for name in defined), defined
    for dotted in set(re.findall(r"`(storefront(?:_[a-z]+)?(?:\.[a-z_]+)+)", text)):
        parts = dotted.split(".")
        folder = REPO / ("tools" if parts[0] == "storefront" else "plugins") / parts[0]
        module, package = folder.joinpath(*parts[1:]).with_suffix(".py"), folder.joinpath(
            *parts[1:])
        attr_parent = folder.joinpath(*parts[1:-1]).with_suffix(".py")
        assert module.is_file() or package.is_dir() or attr_parent.is_file(), dotted


def test_every_module_reads_in_one_sitting() -> None:
    """No code module over 700 lines: split it along its seams (data tables excepted)."""
    data_tables = {"festival_data.py"}
    long = {str(path.relative_to(REPO)): n for folder in ("plugins", "tools")
            for path in (REPO / folder).rglob("*.py")
            if path.name not in data_tables
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 700}
    assert long == {}, long
