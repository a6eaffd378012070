"""CPython's garbage collector set for a long-running server.

The cyclic collector looks at the young objects every 700 allocations of containers, and
every tenth and hundredth time at older ones too, walking every object of those
generations. A started kefu holds about a million objects that live as long as it does
(aiogram's and SQLAlchemy's classes, the knowledge base's index, the content), and a
message allocates hundreds: at a paid broadcast's 1000 messages a second the walks were
about a twentieth of kefu's CPU (bench/broadcast.py). So once kefu has started, what
exists is frozen out of the collector's sight (it would never be collected anyway), and
the young generation is looked at every ``gen0`` allocations rather than every 700:
garbage cycles, which kefu rarely makes, live a little longer, and nothing else changes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

GEN0 = 20_000


@contextmanager
def server_heap(gen0: int = GEN0) -> Iterator[None]:
    """The collector set as above while inside; as it was, and nothing frozen, after."""
    before = gc.get_threshold()
    gc.collect()  # start-up's own garbage, so that it is not frozen too
    gc.freeze()
    gc.set_threshold(gen0, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
