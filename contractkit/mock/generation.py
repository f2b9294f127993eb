"""Values generated from a JSON Schema: valid against it, and the same for the same seed.

A small generator over the part of JSON Schema documents use for response
bodies: types, ``enum``, ``const``, common formats, bounds, ``required``,
``items``, ``allOf`` merged, the first branch of ``oneOf``/``anyOf``, local
``$ref`` s and OpenAPI 3.0's ``nullable``. What it cannot satisfy (an ``allOf``
whose branches contradict each other, a ``pattern``, a ``not``) raises
:class:`GenerationError`, which the stub reports when it starts rather than
at request time.
"""

from __future__ import annotations

import math
import random
import typing as t
from collections.abc import Mapping

from ..specfile.locations import follow

#: How deep generation follows nested schemas (a recursive ``$ref`` stops here).
_MAX_DEPTH: t.Final = 12
_WORDS: t.Final = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
_FORMATS: t.Final[Mapping[str, t.Callable[[random.Random], str]]] = {
    "date-time": lambda r: f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T12:00:00Z",
    "date": lambda r: f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
    "time": lambda r: f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z",
    "email": lambda r: f"{r.choice(_WORDS)}@example.com",
    "uuid": lambda r: str(_uuid(r)),
    "uri": lambda r: f"https://example.com/{r.choice(_WORDS)}",
    "url": lambda r: f"https://example.com/{r.choice(_WORDS)}",
    "hostname": lambda r: f"{r.choice(_WORDS)}.example.com",
    "ipv4": lambda r: f"192.0.2.{r.randint(1, 254)}",
    "ipv6": lambda r: f"2001:db8::{r.randint(1, 65535):x}",
    "byte": lambda r: "c3R1Yg==",
}


class GenerationError(ValueError):
    """A schema no value can be generated for; the message says which part and why."""


def generate(
    document: Mapping[str, t.Any], schema: object, seed: str, *, schema_examples: bool = True
) -> t.Any:
    """A value valid against ``schema`` (a node of ``document``), the same for each ``seed``.

    :param schema_examples: whether a schema's own ``example``/``examples`` is
        taken as its value (not where one of them breaks its schema).
    :raises GenerationError: for a schema this generator cannot satisfy.
    """
    return _Generator(document, random.Random(seed), schema_examples).value(schema, 0)


class _Generator:
    def __init__(
        self, document: Mapping[str, t.Any], rng: random.Random, schema_examples: bool
    ) -> None:
        self._document = document
        self._rng = rng
        self._examples = schema_examples

    def value(self, node: object, depth: int) -> t.Any:
        schema = self._merged(node)
        if depth > _MAX_DEPTH:
            raise GenerationError("the schema nests deeper than a body can be generated for")
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        if self._examples and "example" in schema:
            return schema["example"]
        examples = schema.get("examples") if self._examples else None
        if isinstance(examples, list) and examples:
            return examples[0]
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                return self.value(branches[0], depth + 1)
        if "not" in schema:
            raise GenerationError("'not' cannot be generated from; give an example")
        kind = _type(schema)
        if kind == "null":
            return None
        if kind == "boolean":
            return self._rng.random() < 0.5
        if kind in ("integer", "number"):
            return self._number(schema, kind)
        if kind == "string":
            return self._string(schema)
        if kind == "array":
            return self._array(schema, depth)
        return self._object(schema, depth)

    def _merged(self, node: object) -> dict[str, t.Any]:
        """``node`` with its ``$ref`` followed and its ``allOf`` branches merged in."""
        schema = follow(self._document, node)
        if isinstance(schema, bool) or not isinstance(schema, Mapping):
            return {}
        merged = {key: value for key, value in schema.items() if key != "allOf"}
        for branch in schema.get("allOf") or ():
            for key, value in self._merged(branch).items():
                _merge(merged, key, value)
        return merged

    def _number(self, schema: Mapping[str, t.Any], kind: str) -> int | float:
        low, high = (
            _bound(schema, "minimum", "exclusiveMinimum", 1),
            _bound(schema, "maximum", "exclusiveMaximum", -1),
        )
        low = low if low is not None else min(0, high if high is not None else 0)
        high = high if high is not None else low + 100
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            first = step * math.ceil(low / step)
            if first > high:
                raise GenerationError(f"no multiple of {step} lies between {low} and {high}")
            value: int | float = first
        else:
            if high < low:
                raise GenerationError(f"no {kind} lies between {low} and {high}")
            value = self._rng.randint(low, high)
        return int(value) if kind == "integer" else float(value)

    def _string(self, schema: Mapping[str, t.Any]) -> str:
        if "pattern" in schema:
            raise GenerationError(
                f"a string with pattern {schema['pattern']!r} cannot be generated; give an example"
            )
        made = _FORMATS.get(str(schema.get("format")))
        text = (
            made(self._rng) if made else f"{self._rng.choice(_WORDS)}-{self._rng.randint(1, 999)}"
        )
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        if high is not None and low > high:
            raise GenerationError(f"minLength {low} is above maxLength {high}")
        if len(text) < low:
            text += "x" * (low - len(text))
        if high is not None and len(text) > high:
            if made:
                raise GenerationError(f"a {schema['format']} does not fit in {high} characters")
            text = text[:high]
        return text

    def _array(self, schema: Mapping[str, t.Any], depth: int) -> list[t.Any]:
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        count = max(low, 1) if high is None else min(max(low, 1), high)
        if high is not None and low > high:
            raise GenerationError(f"minItems {low} is above maxItems {high}")
        items = schema.get("items", {})
        values = [self.value(items, depth + 1) for _ in range(count)]
        if schema.get("uniqueItems") and len({repr(v) for v in values}) < len(values):
            if low > 1:
                raise GenerationError("uniqueItems with several items needs an example")
            values = values[:1]
        return values

    def _object(self, schema: Mapping[str, t.Any], depth: int) -> dict[str, t.Any]:
        properties = schema.get("properties") or {}
        required = [name for name in schema.get("required") or () if isinstance(name, str)]
        made: dict[str, t.Any] = {}
        for name in (*required, *(n for n in properties if n not in required)):
            if name not in properties:
                extra = schema.get("additionalProperties", True)
                made[name] = self.value(extra if isinstance(extra, Mapping) else {}, depth + 1)
                continue
            prop = self._merged(properties[name])
            if name not in required and (prop.get("readOnly") is None and depth >= 4):
                continue  # deep optional members: enough to show the shape
            if prop.get("writeOnly"):
                continue
            made[name] = self.value(properties[name], depth + 1)
        high = schema.get("maxProperties")
        if high is not None and len(made) > high:
            made = {name: made[name] for name in list(made)[: max(high, len(required))]}
        return made


def _bound(schema: Mapping[str, t.Any], inclusive: str, exclusive: str, side: int) -> int | None:
    """The tightest whole-number bound of one side: OpenAPI 3.0's boolean ``exclusive*`` too."""
    candidates: list[int] = []
    value, flag = schema.get(inclusive), schema.get(exclusive)
    rounding = math.ceil if side > 0 else math.floor
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        whole = rounding(value)
        candidates.append(whole + side if flag is True and whole == value else whole)
    if isinstance(flag, (int, float)) and not isinstance(flag, bool):
        whole = rounding(flag)
        candidates.append(whole + side if whole == flag else whole)
    if not candidates:
        return None
    return max(candidates) if side > 0 else min(candidates)


def _type(schema: Mapping[str, t.Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "required" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "string" if "format" in schema or "minLength" in schema else "object"


def _merge(merged: dict[str, t.Any], key: str, value: t.Any) -> None:
    """Add ``allOf`` branch member ``key``; contradicting branches raise."""
    if key not in merged:
        merged[key] = value
        return
    here = merged[key]
    if key == "properties":
        merged[key] = {**here, **value}
    elif key == "required":
        merged[key] = [*here, *(name for name in value if name not in here)]
    elif key in ("minimum", "minLength", "minItems"):
        merged[key] = max(here, value)
    elif key in ("maximum", "maxLength", "maxItems"):
        merged[key] = min(here, value)
    elif key == "enum":
        merged[key] = [v for v in here if v in value]
        if not merged[key]:
            raise GenerationError("allOf branches allow no common enum value")
    elif key in ("type", "const", "format") and here != value:
        raise GenerationError(f"allOf branches contradict each other: {key} {here!r} and {value!r}")


def _uuid(rng: random.Random) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
