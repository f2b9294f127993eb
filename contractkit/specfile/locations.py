"""Where things are in an OpenAPI document: operations, local ``$ref`` targets, JSON paths."""

from __future__ import annotations

import re
import typing as t
from collections.abc import Iterator, Mapping
from urllib.parse import quote, unquote

from ..http import PATH_ITEM_METHODS

#: Ref chains longer than this are treated as unresolvable (they are cycles in practice).
_MAX_HOPS = 32
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: RFC 6901 §4 array-index: ASCII digits, no leading zero.
_INDEX = re.compile(r"0|[1-9][0-9]*")
#: What a URI fragment holds as it is besides unreserved characters (RFC 3986 §3.5:
#: pchar, less "/", which separates tokens); everything else is percent-encoded.
_FRAGMENT_SAFE = "!$&'()*+,;=:@"


def json_path(parts: t.Iterable[str | int]) -> str:
    """Render a location as a JSONPath (RFC 9535), e.g. ``$.paths['/items'].get``.

    JSONPath rather than a JSON Pointer because people read these in CI logs:
    ``['/items/{item_id}']`` is easier on the eye than ``~1items~1{item_id}``.
    Integers are array indexes; names that are not identifiers are quoted.
    """
    rendered = ["$"]
    for part in parts:
        if isinstance(part, int):
            rendered.append(f"[{part}]")
        elif _IDENTIFIER.fullmatch(part):
            rendered.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            rendered.append(f"['{escaped}']")
    return "".join(rendered)


def json_path_in(document: object, parts: t.Iterable[object]) -> str:
    """Like :func:`json_path`, but names and indexes are told apart by walking ``document``.

    Validators report ``responses/299`` with ``299`` as an int even though it is an
    object key; walking the document renders it as ``['299']``, not ``[299]``.
    """
    named: list[str | int] = []
    node: object = document
    for part in parts:
        if isinstance(node, list) and isinstance(part, int):
            named.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            named.append(str(part))
            node = node.get(str(part)) if isinstance(node, Mapping) else None
    return json_path(named)


def pointer(parts: t.Iterable[str | int]) -> str:
    """Render a location as a JSON Pointer (RFC 6901), e.g. ``/paths/~1items/get``.

    The inverse of :func:`pointer_parts` (without the ``#``): ``~`` is escaped
    before ``/``, so a name holding ``~1`` comes back as itself.
    """
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def pointer_parts(ref: str) -> list[str] | None:
    """The parts of a local ``$ref`` (``#/components/schemas/Item``); ``None`` if not local.

    RFC 6901 §6: a JSON Pointer in a URI fragment is percent-encoded, so
    ``#/paths/~1items~1%7Bid%7D`` is decoded first, then split, then each part
    unescaped (``~1`` before ``~0``, so ``~01`` stays ``~1``).
    """
    if not ref.startswith("#"):
        return None
    pointer = unquote(ref[1:])
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None  # a plain-name fragment (an anchor), not a JSON Pointer
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def pointer_token(name: str) -> str:
    """``name`` as one JSON Pointer token: ``~`` as ``~0``, then ``/`` as ``~1`` (RFC 6901 §3)."""
    return name.replace("~", "~0").replace("/", "~1")


def local_ref(parts: t.Iterable[str]) -> str:
    """The local ``$ref`` to ``parts``, as a URI fragment: the inverse of :func:`pointer_parts`.

    Each token is escaped, then percent-encoded where a URI does not allow it
    as it is (RFC 6901 §6): ``["components", "schemas", "Widget Owner"]`` is
    ``#/components/schemas/Widget%20Owner``, a reference every URI parser reads.
    """
    return "#" + "".join("/" + quote(pointer_token(part), safe=_FRAGMENT_SAFE) for part in parts)


def resolve_pointer(document: object, ref: str) -> tuple[bool, object]:
    """Follow one local ``$ref``; ``(False, None)`` when it points nowhere or elsewhere."""
    parts = pointer_parts(ref)
    if parts is None:
        return False, None
    node = document
    for part in parts:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and _INDEX.fullmatch(part) and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def follow(document: object, node: object) -> object:
    """``node`` with any chain of local ``$ref`` objects followed to its target.

    Unresolvable references are returned as they are, so callers never crash on
    a broken document; the checker reports them separately.
    """
    for _ in range(_MAX_HOPS):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
            return node
        found, target = resolve_pointer(document, node["$ref"])
        if not found:
            return node
        node = target
    return node


def iter_operations(
    document: Mapping[str, t.Any],
) -> Iterator[tuple[str, str, Mapping[str, t.Any]]]:
    """Every ``(path, method, operation)`` of ``document``, in document order.

    Anything that is not shaped like an operation is skipped, not raised on:
    these documents come from files people edit by hand.
    """
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return
    for path, item in paths.items():
        item = follow(document, item)
        if not isinstance(item, Mapping):
            continue
        for method in PATH_ITEM_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield str(path), method, operation


def iter_refs(
    node: object, parts: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every ``$ref`` string under ``node`` with its location, in document order."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield (*parts, "$ref"), value
            else:
                yield from iter_refs(value, (*parts, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, (*parts, index))
