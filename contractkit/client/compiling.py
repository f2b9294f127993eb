"""An operation's body checks, compiled the first time a response to it is checked.

A big document declares thousands of bodies (Microsoft Graph: over 11,000
operations); a client's suite checks responses to a few. Compiling each
body schema into a validator is most of what reading such a document
costs, so it waits for the operation's first response, happens once
(whichever thread asks first compiles; the others wait for it), and the
compiled schemas are shared across operations by the contract's
:class:`~contractkit.runtime.body_compiler.BodyCompiler`.
"""

from __future__ import annotations

import threading
import typing as t

from ..runtime.bodies import BodyChecks
from ..runtime.body_compiler import BodyCompiler, warn_unchecked
from ..specfile.depth import run_deep


class LazyBodies:
    """One operation's body checks, made by ``make`` on first use, under the contract's lock."""

    __slots__ = ("_compiler", "_label", "_lock", "_made", "_make", "_name")

    def __init__(
        self,
        make: t.Callable[[], BodyChecks],
        compiler: BodyCompiler,
        lock: threading.Lock,
        *,
        label: str,
        name: t.Callable[[], str],
    ) -> None:
        """:param lock: the contract's: its compiler's cache is shared by every operation.
        :param label: the document, as a too-deep error names it.
        :param name: what the unchecked-bodies warning calls the API."""
        self._make: t.Callable[[], BodyChecks] | None = make
        self._made: BodyChecks | None = None
        self._compiler = compiler
        self._lock = lock
        self._label = label
        self._name = name

    def get(self) -> BodyChecks:
        """The checks; compiled on the first call, with a warning naming any left unchecked."""
        made = self._made
        if made is not None:
            return made
        with self._lock:
            if self._made is None:
                assert self._make is not None
                seen = len(self._compiler.unchecked)
                # Deep schemas compile where the document could be walked.
                self._made = run_deep(self._make, self._label)
                self._make = None
                unchecked = self._compiler.unchecked[seen:]
            else:
                unchecked = []
            made = self._made
        warn_unchecked(unchecked, self._name())
        return made
