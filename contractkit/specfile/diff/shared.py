"""Schemas reached through a ``$ref``: each pair compared once, each change reported once.

A component such as Stripe's ``customer`` is reached by hundreds of operations
and by other components. Walking it again from every operation costs minutes
and lists one edit hundreds of times. Here each pair of referenced schemas
(old target, new target), as one kind of site sees it, is compared once; each
change found in it is reported once, with every operation that reaches it
through any chain of references.
"""

from __future__ import annotations

import dataclasses
import typing as t
from collections.abc import Callable, Mapping

from ..locations import pointer, pointer_parts
from .context import Parts, SchemaSite, Scope
from .model import Change

#: What makes two walks of one schema pair give the same changes: the two targets,
#: and everything of the site that rules or their levels read (its side, whether its
#: media type is loose, its rule id prefixes, whether it is below the site's root,
#: whether it is a form/explode parameter).
Key = tuple[int, int, str, bool, str, str, bool, bool]
#: The schema walk, given to :meth:`SharedSchemas.settle` (walker.py imports this module).
Walk = Callable[[SchemaSite, object, object, tuple[Parts, Parts]], None]


class SharedSchemas:
    """Which operations reach which referenced schemas, and what changed in each."""

    def __init__(self, old_document: Mapping[str, t.Any], new_document: Mapping[str, t.Any]):
        self._documents = (old_document, new_document)
        #: Each schema pair's walk: its findings, and the component it names.
        self._scopes: dict[Key, tuple[Scope, str]] = {}
        #: Who reaches each schema pair: operation names and other schema pairs.
        self._reached_by: dict[Key, set[t.Hashable]] = {}
        #: Operations in the order they first reach anything: document order.
        self._order: dict[str, int] = {}
        self._pending: list[tuple[SchemaSite, object, object, tuple[Parts, Parts]]] = []

    def reach(
        self,
        site: SchemaSite,
        refs: tuple[str, str],
        targets: tuple[object, object],
        at: tuple[Parts, Parts],
        nested: bool,
    ) -> None:
        """Note that ``site`` reaches the schemas ``refs`` name; walk them later, once.

        :param targets: the schemas the two ``$ref``\\ s resolve to, at ``at``.
        """
        key: Key = (
            id(targets[0]),
            id(targets[1]),
            site.side,
            site.loose,
            site.root_prefix,
            site.property_prefix,
            nested,
            site.exploded,
        )
        owner = site.scope.owner if site.scope.owner is not None else site.scope.operation
        if isinstance(owner, str):
            self._order.setdefault(owner, len(self._order))
        self._reached_by.setdefault(key, set()).add(owner)
        if key in self._scopes:
            return
        parts = pointer_parts(refs[1])
        component = refs[1] if parts is None else pointer(parts)
        scope = Scope(*self._documents, None, shared=self, owner=key)
        self._scopes[key] = (scope, component)
        name = component.rpartition("/")[2] if component.startswith("/components/") else component
        shared = dataclasses.replace(site, scope=scope, subject=f"schema {name}", nested=nested)
        self._pending.append((shared, *targets, at))

    def settle(self, walk: Walk) -> list[Change]:
        """Walk every schema pair reached, and return their changes, each once.

        A change reached by one operation names it; one reached by several names none,
        and lists them all in :attr:`~.model.Change.operations`.
        """
        while self._pending:
            site, old, new, at = self._pending.pop()
            walk(site, old, new, at)
        merged: dict[Change, dict[str, None]] = {}
        for key, (scope, component) in self._scopes.items():
            if not scope.changes:
                continue
            operations = self._operations(key)
            for change in scope.changes:
                found = merged.setdefault(dataclasses.replace(change, component=component), {})
                found.update(dict.fromkeys(operations))
        changes = []
        for change, names in merged.items():
            ordered = tuple(sorted(names, key=self._order.__getitem__))
            if not ordered:
                continue
            sole = ordered[0] if len(ordered) == 1 else None
            changes.append(dataclasses.replace(change, operation=sole, operations=ordered))
        return sorted(changes, key=lambda change: self._order[change.operations[0]])

    def _operations(self, key: Key) -> list[str]:
        """Every operation that reaches ``key`` through any chain of schema pairs."""
        seen: set[t.Hashable] = {key}
        stack: list[t.Hashable] = [key]
        found: list[str] = []
        while stack:
            for owner in self._reached_by.get(stack.pop(), ()):  # type: ignore[call-overload]
                if owner in seen:
                    continue
                seen.add(owner)
                if isinstance(owner, str):
                    found.append(owner)
                else:
                    stack.append(owner)
        return found
