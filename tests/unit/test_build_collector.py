"""A build tunes Python's cycle collector while it runs and gives the caller's setting back."""

from __future__ import annotations

import gc

import pytest

from storefront.build import GC_THRESHOLD, collector_tuned


def test_the_callers_collector_setting_comes_back_even_after_a_failure() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector_tuned():
        assert gc.get_threshold() == GC_THRESHOLD
        raise RuntimeError("the build failed")
    assert gc.get_threshold() == before


def test_cycles_made_during_a_build_are_still_collected() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    with collector_tuned():
        gc.collect()
        for _ in range(50_000):  # five young generations' worth of garbage cycles
            Node()
        alive = sum(isinstance(o, Node) for o in gc.get_objects())
    assert alive < GC_THRESHOLD[0] * 2
