"""The collector as `kefu run` sets it: start-up's objects frozen out of its sight, the
young generation looked at less often; everything as it was afterwards."""

from __future__ import annotations

import gc
import weakref

from bot.support.heap import GEN0, server_heap


def test_inside_the_start_up_objects_are_frozen_and_the_young_generation_waits_longer() -> None:
    before = gc.get_threshold()
    early: list[object] = []  # alive before: frozen with the rest
    with server_heap():
        assert gc.get_threshold() == (GEN0, *before[1:])
        late: list[object] = []  # made inside: the collector still looks at it
        seen = {id(o) for o in gc.get_objects()}  # the permanent generation's are not
        assert id(late) in seen
        assert id(early) not in seen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert id(early) in {id(o) for o in gc.get_objects()}


def test_cycles_made_inside_are_still_collected_by_the_young_generation() -> None:
    class Node:
        other: Node

    collected: list[str] = []
    with server_heap(gen0=100):
        a, b = Node(), Node()
        a.other, b.other = b, a
        weakref.finalize(a, collected.append, "a")
        del a, b
        kept = [[] for _ in range(1_000)]  # ten times gen0's allocations: it collects
        assert collected == ["a"]
        del kept
