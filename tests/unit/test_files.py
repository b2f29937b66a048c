"""The one atomic write and the permissions of the published site (storefront_core.files)."""

from __future__ import annotations

import multiprocessing
import os
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storefront_core.files import (
    atomic_open,
    finish_tree,
    link_or_copy,
    process_umask,
    write_atomic,
)


@pytest.fixture
def umask_027() -> Iterator[None]:
    before = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "catalog.v1.pickle"
    target.write_bytes(b"the last good cache")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write(b"half of the new ")
        raise RuntimeError("the build was stopped")
    assert target.read_bytes() == b"the last good cache"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.v1.pickle"]


def test_a_write_into_a_missing_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "gone" / "page.html", b"<p>")
    assert list(tmp_path.iterdir()) == []


def _write_many(args: tuple[str, int]) -> int:
    path, writer = args
    payload = bytes([writer]) * 200_000  # large enough for writes to interleave
    for _ in range(30):
        write_atomic(Path(path), payload)
    return writer


def _check_one_whole_payload(target: Path, writers: int) -> None:
    data = target.read_bytes()
    assert len(data) == 200_000 and data == bytes([data[0]]) * 200_000
    assert data[0] in range(writers)
    assert [p.name for p in target.parent.iterdir()] == [target.name], "temporary files left"


def test_concurrent_builds_writing_the_same_cache_file_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "catalog.v1.pickle"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        done = pool.map(_write_many, [(str(target), w) for w in range(4)])
    assert sorted(done) == [0, 1, 2, 3]
    _check_one_whole_payload(target, 4)


def test_threads_of_one_process_writing_the_same_file_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(_write_many, [(str(target), w) for w in range(4)])) == [0, 1, 2, 3]
    _check_one_whole_payload(target, 4)


def test_written_files_are_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    write_atomic(tmp_path / "page.html", b"<p>")
    assert mode(tmp_path / "page.html") == 0o666 & ~process_umask()


def test_written_files_follow_a_stricter_umask(tmp_path: Path, umask_027: None) -> None:
    assert process_umask() == 0o027
    write_atomic(tmp_path / "page.html", b"<p>")
    assert mode(tmp_path / "page.html") == 0o640


def _tree(root: Path) -> None:
    """A staged site as a build leaves it: a private root (mkdtemp), a private file (a theme
    file copied with its mode), a file linked from the cache, a symbolic link."""
    root.mkdir(mode=0o700)
    (root / "products" / "pen").mkdir(parents=True, mode=0o700)
    (root / "products" / "pen" / "index.html").write_text("<p>pen</p>")
    (root / "products" / "gone" / "photos").mkdir(parents=True)  # a product deleted since
    (root / "secret.css").write_text("body{}")
    os.chmod(root / "secret.css", 0o600)
    os.chmod(root / "products", 0o711)
    cache = root.parent / "cache.html"
    cache.write_text("<p>cached</p>")
    os.chmod(cache, 0o600)
    os.link(cache, root / "index.html")
    (root / "link.html").symlink_to("index.html")


def test_published_site_is_0755_and_0644_under_umask_022_without_empty_folders(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    _tree(site)
    finish_tree(site, 0o022)
    assert {p.relative_to(site).as_posix(): oct(mode(p)) for p in [site, *site.rglob("*")]
            if not p.is_symlink()} == {
        ".": "0o755", "products": "0o755", "products/pen": "0o755",
        "products/pen/index.html": "0o644", "secret.css": "0o644", "index.html": "0o644"}
    assert (site / "link.html").is_symlink()


def test_published_site_is_0750_and_0640_under_umask_027(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _tree(site)
    finish_tree(site, 0o027)
    modes = {oct(mode(p)) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {"0o750"}
    assert {oct(mode(p)) for p in site.rglob("*") if p.is_file() and not p.is_symlink()} == {
        "0o640"}


def test_link_or_copy_links_and_replaces_without_writing_through(tmp_path: Path) -> None:
    cached_a, cached_b = tmp_path / "a.html", tmp_path / "b.html"
    cached_a.write_text("page a")
    cached_b.write_text("page b")
    target = tmp_path / "out.html"
    link_or_copy(cached_a, target)
    assert target.stat().st_ino == cached_a.stat().st_ino
    link_or_copy(str(cached_b), str(target))  # a published file replaced by another one
    assert target.read_text() == "page b"
    assert cached_a.read_text() == "page a"  # the first cached file is untouched
    assert target.stat().st_ino == cached_b.stat().st_ino


def test_link_or_copy_copies_where_hard_links_fail(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cached_a, cached_b = tmp_path / "a.html", tmp_path / "b.html"
    cached_a.write_text("page a")
    cached_b.write_text("page b")
    target = tmp_path / "out.html"
    link_or_copy(cached_a, target)

    def cross_device(src: object, dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    link_or_copy(cached_b, target)  # the old link is removed, not written through
    assert target.read_text() == "page b"
    assert cached_a.read_text() == "page a"
    assert target.stat().st_ino != cached_b.stat().st_ino
