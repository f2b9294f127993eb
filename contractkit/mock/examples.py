"""The examples a response documents, each checked against its schema when the stub starts.

A document's examples are what a stub serves first, and nothing else checks
them: an example that breaks its schema would be sent to every client as if
the contract promised it. Media-type examples (``example``, ``examples``; a
Swagger 2.0 response's ``examples`` through its conversion) and the
``example``/``examples`` of every schema a body's schema reaches (which the
generator takes as values) are checked by the runtime's own schema checker.
Each bad one is named by its JSONPath, as ``contractkit check`` names places,
and the JSON Pointer inside it where it breaks.
"""

from __future__ import annotations

import json
import typing as t
import weakref
from collections.abc import Iterator, Mapping

from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import json_path, pointer_parts, resolve_pointer

Parts = tuple[str | int, ...]

#: Schema members holding one subschema, and those holding a list or a map of them.
_ONE: t.Final = ("items", "additionalProperties", "not", "contains", "propertyNames")
_LIST: t.Final = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP: t.Final = ("properties", "patternProperties")


def media_examples(
    document: Mapping[str, t.Any], media: Mapping[str, t.Any], at: Parts
) -> Iterator[tuple[str, t.Any, Parts]]:
    """Each example of a media type object at ``at``: its name, value and place.

    A single ``example`` is named ``"example"``; named ones keep their names.
    """
    named = media.get("examples")
    if isinstance(named, Mapping):
        for name, example in named.items():
            place: Parts = (*at, "examples", str(name))
            ref = example.get("$ref") if isinstance(example, Mapping) else None
            if isinstance(ref, str) and (parts := pointer_parts(ref)) is not None:
                place = tuple(parts)
                example = resolve_pointer(document, ref)[1]
            if isinstance(example, Mapping) and "value" in example:
                yield str(name), example["value"], (*place, "value")
    if "example" in media:
        yield "example", media["example"], (*at, "example")


def example_problem(compiler: BodyCompiler, schema: object, value: t.Any) -> str | None:
    """What is wrong with ``value`` as an instance of ``schema``, or ``None``."""
    if not isinstance(schema, Mapping):
        return None
    check = compiler.compile(schema, "example")
    if check is None:
        return None  # a schema the checker cannot compile is reported where bodies are
    try:
        data = json.dumps(value, allow_nan=False).encode()
    except ValueError:
        return "NaN and Infinity are not JSON"
    found = check.problem(data)
    return found[1] if found is not None else None


def schema_example_problems(
    compiler: BodyCompiler, schema: object, at: Parts
) -> list[tuple[str, str]]:
    """``(JSONPath, problem)`` for each bad ``example``/``examples`` of a schema ``schema``
    reaches, its own included; a ``$ref`` 'd schema is named where it is defined, once.

    What a ``$ref`` 'd schema holds is checked once per compiler and kept: a big
    document's bodies reach the same components again and again (Stripe's 900
    bodies reach its 1,000 components hundreds of times each).
    """
    scan = _SCANS.get(compiler)
    if scan is None:
        scan = _SCANS[compiler] = _Scan(compiler)
    return scan.problems(schema, at)


#: What each compiler's ``$ref`` 'd schemas hold, checked: kept as long as the compiler.
_SCANS: weakref.WeakKeyDictionary[BodyCompiler, _Scan] = weakref.WeakKeyDictionary()


class _Scan:
    """The bad examples of one document's schemas, found once per ``$ref``."""

    def __init__(self, compiler: BodyCompiler) -> None:
        self._compiler = compiler
        #: By ``$ref``: the problems its schema holds, and the ``$ref`` s it leads to.
        self._by_ref: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}

    def problems(self, schema: object, at: Parts) -> list[tuple[str, str]]:
        found, refs = self._walk(schema, at)
        seen: set[str] = set()
        while refs:
            ref = refs.pop()
            if ref in seen:
                continue
            seen.add(ref)
            own, more = self._referred(ref)
            found.extend(own)
            refs.extend(more)
        return sorted(found)

    def _referred(self, ref: str) -> tuple[list[tuple[str, str]], list[str]]:
        kept = self._by_ref.get(ref)
        if kept is None:
            parts = pointer_parts(ref)
            if parts is None:
                kept = ([], [])  # not in the document: nothing to check
            else:
                target = resolve_pointer(self._compiler.document, ref)[1]
                kept = self._walk(target, tuple(parts))
            self._by_ref[ref] = kept
        return list(kept[0]), list(kept[1])

    def _walk(self, schema: object, at: Parts) -> tuple[list[tuple[str, str]], list[str]]:
        """The problems of ``schema`` up to its ``$ref`` s, and those ``$ref`` s."""
        found: list[tuple[str, str]] = []
        refs: list[str] = []
        pending: list[tuple[object, Parts]] = [(schema, at)]
        while pending:
            node, place = pending.pop()
            if not isinstance(node, Mapping):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.append(ref)
                continue
            values: list[tuple[t.Any, Parts]] = []
            if "example" in node:
                values.append((node["example"], (*place, "example")))
            if isinstance(node.get("examples"), list):
                values.extend((v, (*place, "examples", i)) for i, v in enumerate(node["examples"]))
            for value, where in values:
                problem = example_problem(self._compiler, node, value)
                if problem is not None:
                    found.append((json_path(where), problem))
            for key in _ONE:
                pending.append((node.get(key), (*place, key)))
            for key in _LIST:
                branches = node.get(key)
                if isinstance(branches, list):
                    pending.extend((b, (*place, key, i)) for i, b in enumerate(branches))
            for key in _MAP:
                members = node.get(key)
                if isinstance(members, Mapping):
                    pending.extend((m, (*place, key, str(n))) for n, m in members.items())
        return found, refs
