"""``x-stability-level``: operations a document marks ``draft`` or ``alpha`` may change freely.

The extension (oasdiff's, ``draft`` → ``alpha`` → ``beta`` → ``stable``; an
operation without it is stable) is a promise the document makes to clients:
until ``beta``, the operation can change. So a change that only such operations
reach (as the old document marks them) is reported at ``info``, and lowering an
operation's level is itself breaking: clients lose the promise they relied on.
"""

from __future__ import annotations

import dataclasses
import typing as t
from collections.abc import Mapping

from .context import Parts, Scope
from .model import Change

#: The levels, least stable first; an operation without one is ``stable``.
LEVELS: t.Final = ("draft", "alpha", "beta", "stable")
#: Levels whose operations may change without breaking the document's promise.
_UNSTABLE: t.Final = frozenset({"draft", "alpha"})


def stability(operation: Mapping[str, t.Any]) -> str:
    """An operation's level; one the extension does not name counts as ``stable``."""
    level = operation.get("x-stability-level")
    return level if level in LEVELS else "stable"


def unstable(operation: Mapping[str, t.Any]) -> bool:
    """Whether the document lets the operation change freely."""
    return stability(operation) in _UNSTABLE


def compare_stability(
    scope: Scope, before: Mapping[str, t.Any], after: Mapping[str, t.Any], at: tuple[Parts, Parts]
) -> None:
    """An operation's level lowered (breaking, if it was kept) or raised (info)."""
    old, new = stability(before), stability(after)
    if old == new:
        return
    where = ((*at[0], "x-stability-level"), (*at[1], "x-stability-level"))
    if LEVELS.index(new) < LEVELS.index(old):
        level: t.Literal["breaking", "info"] = "info" if old in _UNSTABLE else "breaking"
        said = f"the stability level was lowered from {old} to {new}"
        scope.add("api-stability-decreased", level, *where, said + "; it may now change freely.")
    else:
        said = f"the stability level was raised from {old} to {new}."
        scope.add("api-stability-increased", "info", *where, said)


def relax(changes: list[Change], free: set[str]) -> list[Change]:
    """``changes`` with those that reach only operations in ``free`` at ``info``."""
    relaxed = []
    for change in changes:
        if change.level != "info" and change.operations and free.issuperset(change.operations):
            message = f"{change.message} (x-stability-level: the operation may change freely)"
            change = dataclasses.replace(change, level="info", message=message)
        relaxed.append(change)
    return relaxed
