"""The audit's memo: what each page said, kept between builds, pickled in batches."""

from __future__ import annotations

import pickle

from storefront_seo.audit.memo import BATCH, Memo


def _pages(count: int) -> list[str]:
    return [f"products/p{i}/index.html" for i in range(count)]


def test_a_memo_of_thousands_of_pages_comes_back_whole(tmp_path) -> None:
    pages = _pages(2 * BATCH + 7)
    files = set(pages)
    memo = Memo(tmp_path, "env", files)
    shared = ["en-US", "https://shop.example/"]  # one object in many pages' values
    for i, rel in enumerate(pages):
        memo.put("page", rel, (i, i, i), {"title": f"Page {i}", "lang": shared},
                 ["gone.html"] if i % 7 == 0 else [])
    memo.save()
    again = Memo(tmp_path, "env", files)
    assert [again.get("page", rel, (i, i, i)) for i, rel in enumerate(pages)] == [
        {"title": f"Page {i}", "lang": shared} for i in range(len(pages))]
    assert again.get("page", pages[0], (9, 9, 9)) is None  # the page changed
    assert Memo(tmp_path, "another day", files).get("page", pages[1], (1, 1, 1)) is None
    # a page that linked to a missing file is read again once that file exists
    assert Memo(tmp_path, "env", files | {"gone.html"}).get("page", pages[0], (0, 0, 0)) is None


def test_the_memo_is_pickled_a_batch_at_a_time(tmp_path) -> None:
    """One pickle per batch, each with its own table of the objects it wrote: pickling a
    20,000-page memo at once took 100 MB more memory at the end of the build."""
    pages = _pages(2 * BATCH + 7)
    memo = Memo(tmp_path, "env", set(pages))
    for i, rel in enumerate(pages):
        memo.put("page", rel, (i, i, i), ("summary", i))
    memo.save()
    with memo.path.open("rb") as fh:
        assert pickle.load(fh)[2] == len(pages)
        sizes = []
        while sum(sizes) < len(pages):
            sizes.append(len(pickle.load(fh)))
    assert sizes == [BATCH, BATCH, 7]


def test_a_memo_of_an_earlier_format_is_deleted_when_the_new_one_is_saved(tmp_path) -> None:
    old = tmp_path / "audit.v2.pickle"  # 38 MB at 20,000 pages, never read again
    old.write_bytes(b"old memo")
    memo = Memo(tmp_path, "env", {"index.html"})
    memo.put("page", "index.html", (1, 1, 1), "summary")
    memo.save()
    assert not old.exists() and memo.path is not None and memo.path.exists()
