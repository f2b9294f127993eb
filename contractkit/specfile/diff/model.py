"""What a diff finds: one :class:`Change` per rule, place and operation."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

#: ``breaking``: a client written against the old document fails; ``warning``: it may
#: fail, the document cannot tell; ``info``: worth knowing, no client can notice.
Level = t.Literal["breaking", "warning", "info"]
LEVELS: t.Final[tuple[Level, ...]] = ("breaking", "warning", "info")
#: How strict each level is, for ``--fail-on``.
RANK: t.Final[dict[str, int]] = {"breaking": 3, "warning": 2, "info": 1}

#: Which way a schema travels: what clients send, or what they receive.
Side = t.Literal["request", "response"]


class DiffError(ValueError):
    """Two documents that cannot be compared (e.g. schemas nested absurdly deep)."""


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new contract."""

    #: Stable rule id, oasdiff's where it names the rule, e.g. ``"request-parameter-removed"``.
    id: str
    level: Level
    #: The operation, e.g. ``"GET /items/{item_id}"``; ``None`` for document-wide changes
    #: and for changes in a schema that more than one operation reaches.
    operation: str | None
    #: JSON Pointer (RFC 6901) of the change in the old document; ``None`` for additions.
    old_pointer: str | None
    #: JSON Pointer of the change in the new document; ``None`` for removals.
    new_pointer: str | None
    #: What changed and what it means for clients, in one sentence.
    message: str
    #: Every operation the change reaches: its own, or each one that reaches the shared
    #: schema it is in, through any chain of ``$ref``s (in document order).
    operations: tuple[str, ...] = ()
    #: The shared schema the change is in, as a JSON Pointer into the new document
    #: (``/components/schemas/Customer``); ``None`` for a change written in an operation.
    component: str | None = None

    @property
    def breaking(self) -> bool:
        """Whether a client written against the old contract breaks."""
        return self.level == "breaking"

    def as_dict(self) -> dict[str, t.Any]:
        """The change as JSON-ready data."""
        method, _, path = (self.operation or "").partition(" ")
        return {
            "id": self.id,
            "level": self.level,
            "operation": self.operation,
            "method": method or None,
            "path": path or None,
            "component": self.component,
            "operations": list(self.operations),
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
            "message": self.message,
        }
