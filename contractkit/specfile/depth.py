"""Room to walk any document reading accepts: a large stack and a recursion limit to match.

:mod:`.parsing` accepts documents nesting up to
:data:`~contractkit.specfile.parsing.MAX_DEPTH` levels, and reads them without
recursion. What comes after does recurse: openapi-spec-validator takes up to
~20 Python frames a level, the Swagger 2.0 conversion, the diff and the schema
compilers a few each, so Python's default limit of 1000 frames stops them at
~60 levels of schema. Every reader of a whole document (``contractkit check``,
``diff`` and the other commands, :class:`~contractkit.ClientContract`) runs its
work through :func:`run_deep`, so a document reading accepts is also one its
readers can walk, and one they cannot walk is a clear error, never a bare
``RecursionError``.
"""

from __future__ import annotations

import sys
import threading
import typing as t

from ..errors import SpecFileError
from .parsing import MAX_DEPTH

__all__ = ["run_deep", "too_deep_to_walk"]

T = t.TypeVar("T")

#: Frames a walk of a :data:`~contractkit.specfile.parsing.MAX_DEPTH`-level document
#: may take, with room to spare.
RECURSION_LIMIT: t.Final = 60 * MAX_DEPTH
#: The stack of the thread that walks it; only the pages used are ever committed.
STACK_BYTES: t.Final = 256 * 1024 * 1024

# The recursion limit is one for the whole process: raised while any walk runs,
# restored when the last one ends.
_lock = threading.Lock()
_walks = 0
_saved_limit = 0


def too_deep_to_walk(name: str) -> str:
    """What is said of a document whose walk ran out of recursion all the same."""
    return (
        f"{name} nests too deeply to process (Python's recursion limit ran out); "
        f"spec files may nest up to {MAX_DEPTH} levels, and no OpenAPI document needs that many."
    )


def run_deep(work: t.Callable[[], T], name: str) -> T:
    """``work()``, run where any document reading accepts can be walked recursively.

    It runs in a thread with a large stack, under a recursion limit to match;
    where no such thread can start (a strict memory limit), it runs here under
    the limit there is. Exceptions of ``work`` are raised here as they are.

    :param name: the document, as errors name it (its path or URL).
    :raises ~contractkit.errors.SpecFileError: when the walk runs out of recursion.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def walk() -> None:
        try:
            outcome.append(work())
        except RecursionError:
            failure.append(SpecFileError(too_deep_to_walk(name)))
        except BaseException as error:
            failure.append(error)

    worker = threading.Thread(target=walk, name="contractkit-deep-walk", daemon=True)
    _raise_limit()
    size = threading.stack_size(STACK_BYTES)
    try:
        worker.start()
        started = True
    except RuntimeError:
        started = False
    finally:
        threading.stack_size(size)  # for the threads others start
    if started:
        try:
            worker.join()
        finally:
            _restore_limit()
    else:
        # No thread with that stack: walk here, under the limit there was, since a
        # large limit on this thread's small stack could crash the process.
        _restore_limit()
        walk()
    if failure:
        # Emptied first: the error's traceback holds walk(), and walk() this list.
        raise failure.pop()
    return outcome.pop()


def _raise_limit() -> None:
    global _walks, _saved_limit
    with _lock:
        if _walks == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _walks += 1


def _restore_limit() -> None:
    global _walks
    with _lock:
        _walks -= 1
        if _walks == 0:
            sys.setrecursionlimit(_saved_limit)
