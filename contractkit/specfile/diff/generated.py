"""What contractkit generates from a custom code, so that removing the code is one change.

An exported document lists, for each custom code, its fallback as a response of
its own with the custom code's bodies, and (under the ``on-request`` policy)
the ``Prefer`` header parameter that asks for fallbacks. Remove the custom
code and the export drops those too: one edit, reported once, as the custom
code's removal, with the generated parts named in its sentence.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from .content import mapping
from .context import Scope
from .references import resolve

#: The parameter key (see requests.parameters) of the ``Prefer`` header.
PREFER: t.Final = ("header", "prefer")


class Generated(t.NamedTuple):
    """Parts of an operation that went with its removed custom codes."""

    #: The custom codes removed (codes with an ``x-fallback``).
    removed: frozenset[str]
    #: Fallback response code by the removed custom code it was generated for.
    fallbacks: Mapping[str, str]
    #: Whether the ``Prefer`` parameter went with the last custom codes.
    prefer: bool

    def said(self, code: str) -> str:
        """The generated parts removed with ``code``, for its sentence ("" if none)."""
        parts = []
        if code in self.fallbacks:
            parts.append(f"its generated fallback response {self.fallbacks[code]}")
        if self.prefer and code in self.removed:
            parts.append("the Prefer parameter that asked for fallbacks")
        return f", with {' and '.join(parts)}" if parts else ""


def generated_parts(
    scope: Scope, before: Mapping[str, t.Any], after: Mapping[str, t.Any]
) -> Generated:
    """What of operation ``before`` went, in ``after``, with the custom codes it lost.

    A fallback response is the custom code's when it went too and had the custom
    code's bodies (the export copies them); ``Prefer`` is, when no custom code is
    left to ask a fallback for.
    """
    old, new = _responses(scope, before, old=True), _responses(scope, after, old=False)
    removed = frozenset(
        code for code, response in old.items() if code not in new and "x-fallback" in response
    )
    if not removed:
        return Generated(removed, {}, False)
    fallbacks: dict[str, str] = {}
    for code in sorted(removed):
        fallback = str(old[code]["x-fallback"])
        if (
            fallback in old
            and fallback not in new
            and fallback not in fallbacks.values()
            and old[fallback].get("content") == old[code].get("content")
        ):
            fallbacks[code] = fallback
    left = any("x-fallback" in response for response in new.values())
    prefer = (
        not left
        and _has_prefer(scope, before, old=True)
        and not _has_prefer(scope, after, old=False)
    )
    return Generated(removed, fallbacks, prefer)


def _responses(scope: Scope, operation: Mapping[str, t.Any], old: bool) -> dict[str, t.Any]:
    document = scope.old_document if old else scope.new_document
    return {
        str(code): resolve(document, value, ())[0]
        for code, value in mapping(operation.get("responses")).items()
    }


def _has_prefer(scope: Scope, operation: Mapping[str, t.Any], old: bool) -> bool:
    document = scope.old_document if old else scope.new_document
    listed = operation.get("parameters")
    for raw in listed if isinstance(listed, list) else []:
        parameter = resolve(document, raw, ())[0]
        name = parameter.get("name")
        if parameter.get("in") == "header" and isinstance(name, str) and name.lower() == "prefer":
            return True
    return False
