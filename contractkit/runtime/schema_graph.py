"""Which component schemas a schema reaches through ``$ref``, walked once per component.

A big document (Microsoft Graph: thousands of components, each reaching
hundreds) made every compiled schema walk the components it reaches again,
and each of those again: quadratic in the components. Here each component's
``$ref`` s are read once, the first time a schema reaches it, and a schema
costs one walk of what it reaches.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from ..specfile.locations import pointer_parts


class Reach(t.NamedTuple):
    """What a schema reaches through ``$ref``."""

    #: The component schemas it reaches, directly or not (named, present or not).
    components: frozenset[str]
    #: Whether one of them reaches itself: a body's depth then has no bound but its own.
    recursive: bool
    #: Whether a local ``$ref`` on the way points outside the component schemas.
    elsewhere: bool


class ComponentGraph:
    """The ``$ref`` s between one document's component schemas, read as they are reached."""

    def __init__(self, components: Mapping[str, t.Any]) -> None:
        self._components = components
        #: Each component's outgoing refs: the components named, and whether one points elsewhere.
        self._edges: dict[str, tuple[frozenset[str], bool]] = {}

    def reach(self, schema: t.Any) -> Reach:
        """What ``schema`` reaches: one walk of the components it leads to."""
        names, elsewhere = _targets(refs(schema))
        seen: set[str] = set()
        pending = list(names)
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            targets, away = self._out(name)
            elsewhere = elsewhere or away
            pending.extend(targets - seen)
        return Reach(frozenset(seen), self._cyclic(seen), elsewhere)

    def _out(self, name: str) -> tuple[frozenset[str], bool]:
        edges = self._edges.get(name)
        if edges is None:
            edges = self._edges[name] = _targets(refs(self._components.get(name)))
        return edges

    def _cyclic(self, closed: set[str]) -> bool:
        """Whether the components of ``closed`` (closed under ``$ref``) hold a cycle.

        Kahn's algorithm: what is left after removing every component no other
        one in the set points to, again and again, lies on or behind a cycle.
        """
        incoming = dict.fromkeys(closed, 0)
        for name in closed:
            for target in self._out(name)[0]:
                incoming[target] += 1
        free = [name for name, count in incoming.items() if count == 0]
        removed = 0
        while free:
            removed += 1
            for target in self._out(free.pop())[0]:
                incoming[target] -= 1
                if incoming[target] == 0:
                    free.append(target)
        return removed < len(closed)


def component_name(ref: str) -> str:
    """The name of the component schema ``ref`` points to; KeyError if it points elsewhere."""
    parts = pointer_parts(ref)
    if parts is None or len(parts) != 3 or parts[:2] != ["components", "schemas"]:
        raise KeyError(ref)
    return parts[2]


def refs(schema: t.Any) -> list[str]:
    """Every ``$ref`` string in ``schema``, nested ones too."""
    found: list[str] = []
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _targets(found: list[str]) -> tuple[frozenset[str], bool]:
    """The components ``found`` name, and whether a local one points elsewhere."""
    names: set[str] = set()
    elsewhere = False
    for ref in found:
        try:
            names.add(component_name(ref))
        except KeyError:
            elsewhere = elsewhere or ref.startswith("#")
    return frozenset(names), elsewhere
