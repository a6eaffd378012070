"""The collector as `kefu run` sets it: start-up's objects frozen out of its sight, what is
made later collected as before, nothing frozen afterwards."""

from __future__ import annotations

import gc
import weakref

from bot.support.heap import server_heap


def test_inside_the_start_up_objects_are_frozen_and_later_ones_are_not() -> None:
    early: list[object] = []  # alive before: frozen with the rest
    with server_heap():
        late: list[object] = []  # made inside: the collector still looks at it
        seen = {id(o) for o in gc.get_objects()}  # the permanent generation's are not
        assert id(late) in seen
        assert id(early) not in seen
    assert gc.get_freeze_count() == 0
    assert id(early) in {id(o) for o in gc.get_objects()}


def test_cycles_made_inside_are_still_collected_by_the_young_generation() -> None:
    class Node:
        other: Node

    collected: list[str] = []
    with server_heap():
        a, b = Node(), Node()
        a.other, b.other = b, a
        weakref.finalize(a, collected.append, "a")
        del a, b
        threshold = gc.get_threshold()[0]
        kept = [[] for _ in range(10 * threshold)]  # the young generation is collected
        assert collected == ["a"]
        del kept
