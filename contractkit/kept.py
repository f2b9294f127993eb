"""What a process keeps for the next app built from the same inputs: bounded, shared by threads.

Contracts (:mod:`.declare.contracts`), documents (:mod:`.openapi.reuse`) and
check tables (:mod:`.runtime.tables`) are each kept under a key of everything
they are made from; a suite's apps usually share a handful of each, and a
long-lived process that builds many distinct apps must not grow without end.
"""

from __future__ import annotations

import threading
import typing as t
from collections import OrderedDict

K = t.TypeVar("K", bound=t.Hashable)
V = t.TypeVar("V")


class Kept(t.Generic[K, V]):
    """The ``most`` values used last, by key; apps in several threads may share it."""

    def __init__(self, most: int = 32) -> None:
        self._most = most
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept under ``key``, or ``None``."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` under ``key``, dropping the value used longest ago past ``most``."""
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._most:
                self._values.popitem(last=False)

    def get_or_make(self, key: K | None, make: t.Callable[[], V]) -> V:
        """The value kept under ``key``, or ``make()``'s, kept there.

        :param key: ``None`` for inputs that cannot be keyed: the value is made,
            and not kept.
        """
        if key is None:
            return make()
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def clear(self) -> None:
        """Drop every value (for tests that count what is built)."""
        with self._lock:
            self._values.clear()
