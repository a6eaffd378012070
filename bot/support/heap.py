"""CPython's garbage collector set for a long-running server.

The cyclic collector walks every object of a generation it collects, and the oldest
generation is collected again and again over a server's life. A started kefu holds about a
million objects that live as long as it does (aiogram's and SQLAlchemy's classes, the
knowledge base's index, the content), so those walks were about a tenth of kefu's CPU in
a paid broadcast at 1000 messages a second (bench/broadcast.py: 0.49-0.52 ms a message,
0.44-0.45 with them frozen). Once kefu has started, what exists is frozen out of the
collector's sight (``gc.freeze``): it would never be collected anyway. The collector's
thresholds are left as they are: raising the young generation's to 20,000 saved another
0.01-0.02 ms a message but held about 4 MiB more with 10,000 users mid-report.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def server_heap() -> Iterator[None]:
    """Start-up's objects frozen while inside; nothing frozen after."""
    gc.collect()  # start-up's own garbage, so that it is not frozen too
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
