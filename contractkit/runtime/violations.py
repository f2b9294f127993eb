"""Contract violations: the record, a bounded thread-safe store, and a signal to forward them."""

from __future__ import annotations

import threading
import time
import typing as t
from collections import deque
from dataclasses import dataclass, field

from blinker import Namespace

#: What went wrong with a response.
ViolationKind = t.Literal[
    # The operation answered a code its contract does not declare.
    "undeclared-status",
    # The view has no declarations at all and is not exempt.
    "undocumented-operation",
    # The body's media type is not one declared for the code.
    "content-type",
    # The body does not match the schema declared for the code and media type.
    "invalid-body",
    # A header the code declares required is missing.
    "missing-header",
    # The check itself failed; the response could not be judged.
    "check-failed",
]

_signals = Namespace()

#: Sent with the app as sender and ``violation=`` each time a violation is
#: recorded, from inside the request, so receivers can forward it (Sentry, a
#: metrics counter, a log shipper). A receiver that raises is logged and
#: ignored: forwarding never breaks a response.
violation_recorded = _signals.signal("contractkit.violation-recorded")


#: Longest ``detail`` a violation keeps; a message is a sentence, never a body.
MAX_DETAIL = 400
#: Longest request ``path`` a violation keeps (URLs can be as long as a server allows).
MAX_PATH = 200


def bounded(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying so."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Violation:
    """One response that broke its operation's contract.

    Every field is bounded, whatever the response and request held, so the
    store, the log line and strict mode's problem+json stay small.
    """

    kind: ViolationKind
    endpoint: str
    method: str
    #: The code the app answered with, before any fallback rewrite.
    status: int
    #: The codes the operation may answer with; empty for an undocumented one.
    declared: tuple[int, ...]
    #: What was wrong, in a sentence that names the operation.
    detail: str
    #: The operation as the spec names it, ``GET /items/{item_id}``.
    operation: str
    #: The request's path, to find the occurrence in access logs.
    path: str
    timestamp: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", bounded(self.detail, MAX_DETAIL))
        object.__setattr__(self, "path", bounded(self.path, MAX_PATH))

    @property
    def key(self) -> tuple[str, str, int, ViolationKind]:
        """What violations are counted by: endpoint, method, status and kind."""
        return (self.endpoint, self.method, self.status, self.kind)

    def as_dict(self) -> dict[str, t.Any]:
        """A JSON-ready dict, as the violations endpoint serves it."""
        return {
            "kind": self.kind,
            "endpoint": self.endpoint,
            "method": self.method,
            "status": self.status,
            "declared": list(self.declared),
            "operation": self.operation,
            "path": self.path,
            "detail": self.detail,
            "timestamp": self.timestamp,
        }


class ViolationStore:
    """The violations one app recorded in this process, in bounded memory.

    Counts are kept per :attr:`Violation.key`, which is bounded by the app's
    routes and the codes they answer, and only the last few examples are kept,
    so memory does not grow with traffic. Past ``max_keys`` distinct keys, new
    keys are only counted in :attr:`dropped`.
    """

    def __init__(self, *, max_keys: int = 1000, recent: int = 50) -> None:
        self._lock = threading.Lock()
        self._max_keys = max_keys
        self._counts: dict[tuple[str, str, int, ViolationKind], int] = {}
        self._operations: dict[tuple[str, str, int, ViolationKind], str] = {}
        self._recent: deque[Violation] = deque(maxlen=recent)
        self._total = 0
        self._dropped = 0

    def record(self, violation: Violation) -> int:
        """Count ``violation`` and keep it as an example.

        :return: how many times its key has been seen, this one included;
            ``0`` if the key did not fit and was only counted as dropped.
        """
        key = violation.key
        with self._lock:
            self._total += 1
            self._recent.append(violation)
            count = self._counts.get(key)
            if count is None:
                if len(self._counts) >= self._max_keys:
                    self._dropped += 1
                    return 0
                count = 0
                self._operations[key] = violation.operation
            self._counts[key] = count + 1
            return count + 1

    @property
    def total(self) -> int:
        """Every violation recorded since the start or the last :meth:`clear`."""
        return self._total

    @property
    def dropped(self) -> int:
        """Violations whose key came after ``max_keys`` others and was not kept."""
        return self._dropped

    def counts(self) -> dict[tuple[str, str, int, ViolationKind], int]:
        """Counts by ``(endpoint, method, status, kind)``."""
        with self._lock:
            return dict(self._counts)

    def recent(self) -> list[Violation]:
        """The last few violations, oldest first."""
        with self._lock:
            return list(self._recent)

    def clear(self) -> None:
        """Forget everything; tests call it between cases."""
        with self._lock:
            self._counts.clear()
            self._operations.clear()
            self._recent.clear()
            self._total = 0
            self._dropped = 0

    def as_dict(self) -> dict[str, t.Any]:
        """A JSON-ready summary: totals, counts per key, and the recent examples."""
        with self._lock:
            counts = [
                {
                    "endpoint": endpoint,
                    "method": method,
                    "status": status,
                    "kind": kind,
                    "operation": self._operations[(endpoint, method, status, kind)],
                    "count": count,
                }
                for (endpoint, method, status, kind), count in sorted(self._counts.items())
            ]
            return {
                "total": self._total,
                "dropped": self._dropped,
                "counts": counts,
                "recent": [violation.as_dict() for violation in self._recent],
            }
