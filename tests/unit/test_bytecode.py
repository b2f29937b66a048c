"""The storefront's own modules keep their bytecode where the environment says not to write
any (PYTHONDONTWRITEBYTECODE): an editable install would compile them on every build."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from storefront.bytecode import FOLDERS, keep_bytecode


def test_missing_and_stale_bytecode_is_written_despite_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "plugin" / "shop.py"
    module.parent.mkdir()
    module.write_text("PRICE = 1\n", encoding="utf-8")
    compiled = Path(importlib.util.cache_from_source(str(module)))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    keep_bytecode((module.parent, tmp_path / "missing"))
    assert compiled.is_file()
    before = compiled.read_bytes()
    keep_bytecode((module.parent,))  # up to date: left as it is
    assert compiled.read_bytes() == before
    module.write_text("PRICE = 22\n", encoding="utf-8")  # edited later: compiled again
    later = module.stat().st_mtime + 10
    os.utime(module, (later, later))
    keep_bytecode((module.parent,))
    assert compiled.read_bytes() != before


def test_nothing_is_written_when_python_writes_bytecode_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "shop.py").write_text("PRICE = 1\n", encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    keep_bytecode((tmp_path,))
    assert not (tmp_path / "__pycache__").exists()


def test_the_command_and_the_plugins_are_kept() -> None:
    names = {folder.name for folder in FOLDERS if folder.is_dir()}
    assert names == {"storefront", "plugins"}
