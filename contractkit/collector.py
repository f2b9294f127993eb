"""Python's cyclic garbage collector, paused while an app's contract and document are built.

Building them allocates many containers that live on: operations, schemas, the
document's dicts and lists, the check tables. Each time enough new ones
survive, CPython runs a full collection, which walks every live object of the
process: the app's routes, its other extensions', earlier apps'. The larger the
app, the more of those passes a build triggers and the longer each takes, so
the build's cost grew faster than the app: at 3,000 route pairs, collections
were more than half of the first build. Paused, it catches up as soon as the
build ends, with one pass over what the build allocated.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause automatic garbage collection for the block.

    Switched back on, the collector runs the pass that is due at the next
    allocation, as the block ends. A collector the process had
    switched off stays off, and one that a build in another thread paused is
    left to that build, which switches it back on when it ends. Only the
    collector pauses: reference counting frees what is not part of a cycle as
    usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
