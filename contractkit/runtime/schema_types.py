r"""JSON Schemas as msgspec types, so a body is validated in the same pass that decodes it.

Only a subset is translated, each keyword exactly: the types, ``properties``,
``required``, ``additionalProperties``, ``items``, ``enum``, the numeric,
length and size bounds, ``$ref`` and ``anyOf [X, null]``. A schema with any
other validation keyword, or one msgspec cannot express exactly, is not
translated, and its bodies go to jsonschema-rs alone. Not translated because
msgspec would accept bodies the schema rejects:

- ``pattern``, unless :mod:`.ecma_regex` can rewrite it for Python's ``re``
  (which msgspec matches with) to match exactly what ECMA-262 matches;
- number bounds of 2**53 or more: msgspec compares a ``number`` as a double,
  so ``9007199254740993`` would pass ``maximum: 9007199254740992``.

msgspec is stricter in a few places (an integer written ``1.0``, a lone
surrogate escape, ``1e400``), so a body it rejects goes to jsonschema-rs,
which has the last word.
"""

from __future__ import annotations

import typing as t
from collections.abc import Callable

import msgspec

from .ecma_regex import python_equivalent
from .schemas import PATTERN_KEYWORD

#: Keywords that make JSON Schema validators reject instances. Keywords not in
#: this set (title, description, example, readOnly, format, x-...) never do,
#: here: formats are annotations, as in JSON Schema 2020-12 by default.
_VALIDATION_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
        "uniqueItems", "contains", "maxContains", "minContains", "maxProperties",
        "minProperties", "required", "dependentRequired", "dependencies", "properties",
        "patternProperties", "additionalProperties", "propertyNames", "items", "prefixItems",
        "additionalItems", "unevaluatedItems", "unevaluatedProperties", "allOf", "anyOf",
        "oneOf", "not", "if", "then", "else", "dependentSchemas", "$ref", "$dynamicRef",
        "$recursiveRef", PATTERN_KEYWORD,
    }
)  # fmt: skip
_TRANSLATED = frozenset(
    {
        "type", "enum", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "maxItems", "minItems", "required", "properties", PATTERN_KEYWORD,
        "additionalProperties", "items", "anyOf", "$ref",
    }
)  # fmt: skip
#: Integers up to this size are exact as doubles; past it, rounding can reach a bound.
_EXACT_DOUBLES = 2**53
_SCALARS: dict[str, t.Any] = {"string": str, "integer": int, "number": float, "boolean": bool}
#: The Python type of the enum values each JSON type admits, as msgspec decodes them.
_ENUM_KINDS: dict[str, type] = {"string": str, "integer": int, "number": int, "null": type(None)}


class Untranslatable(Exception):
    """The schema uses something msgspec cannot check exactly."""


def typed_decoder(
    schema: t.Mapping[str, t.Any], resolve: Callable[[str], t.Mapping[str, t.Any]]
) -> msgspec.json.Decoder[t.Any] | None:
    """A decoder that accepts exactly the JSON ``schema`` accepts, or ``None``.

    :param resolve: returns the schema a ``$ref`` points to.
    """
    try:
        return msgspec.json.Decoder(_Translator(resolve).type_of(schema))
    except (Untranslatable, KeyError, TypeError, ValueError):
        return None  # KeyError: a $ref outside the components; TypeError: msgspec can't


class _Translator:
    def __init__(self, resolve: Callable[[str], t.Mapping[str, t.Any]]) -> None:
        self._resolve = resolve
        self._refs: dict[str, t.Any] = {}
        self._open: set[str] = set()
        self._count = 0

    def type_of(self, schema: t.Any) -> t.Any:
        if schema is True or schema == {}:
            return t.Any
        if not isinstance(schema, t.Mapping):
            raise Untranslatable(schema)
        keywords = _VALIDATION_KEYWORDS.intersection(schema)
        if keywords - _TRANSLATED:
            raise Untranslatable(sorted(keywords - _TRANSLATED))
        if "$ref" in schema:
            if keywords != {"$ref"}:
                raise Untranslatable("$ref beside other validation keywords")
            return self._ref(schema["$ref"])
        if "anyOf" in schema:
            return self._nullable(schema, keywords)
        if "enum" in schema:
            return self._enum(schema, keywords)
        if "type" not in schema:
            if keywords:
                raise Untranslatable("validation keywords without a type")
            return t.Any
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        members = [self._member(name, schema) for name in names]
        return t.Union[tuple(members)] if len(members) > 1 else members[0]  # noqa: UP007

    def _ref(self, ref: str) -> t.Any:
        if ref in self._open:
            raise Untranslatable(f"recursive {ref}")
        if ref not in self._refs:
            self._open.add(ref)
            self._refs[ref] = self.type_of(self._resolve(ref))
            self._open.discard(ref)
        return self._refs[ref]

    def _nullable(self, schema: t.Mapping[str, t.Any], keywords: t.AbstractSet[str]) -> t.Any:
        options = schema["anyOf"]
        nulls = [o for o in options if o == {"type": "null"}]
        if keywords != {"anyOf"} or len(options) != 2 or len(nulls) != 1:
            raise Untranslatable("anyOf other than [X, null]")
        (other,) = [o for o in options if o != {"type": "null"}]
        return t.Optional[self.type_of(other)]  # noqa: UP045

    @staticmethod
    def _enum(schema: t.Mapping[str, t.Any], keywords: t.AbstractSet[str]) -> t.Any:
        values = schema["enum"]
        if keywords - {"enum", "type"} or not all(
            v is None or type(v) in (str, int) for v in values
        ):
            raise Untranslatable("enum beside other keywords, or of other values")
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            kinds = {_ENUM_KINDS[name] for name in names if name in _ENUM_KINDS}
            values = [v for v in values if type(v) in kinds]
        literals = tuple(dict.fromkeys(v for v in values if v is not None))
        if not literals:
            raise Untranslatable("an enum that allows null or nothing")
        literal = t.Literal[literals]  # type: ignore[valid-type]
        return t.Optional[literal] if None in values else literal  # noqa: UP045

    def _member(self, name: str, schema: t.Mapping[str, t.Any]) -> t.Any:
        if name == "null":
            return None
        if name in ("integer", "number"):
            return _constrained(_SCALARS[name], _numeric_meta(schema, exact=name == "integer"))
        if name == "string":
            pattern = schema.get(PATTERN_KEYWORD)
            python_pattern = python_equivalent(pattern) if isinstance(pattern, str) else None
            if pattern is not None and python_pattern is None:
                raise Untranslatable("a pattern Python's re would read differently")
            meta = _meta(
                min_length=schema.get("minLength"),
                max_length=schema.get("maxLength"),
                pattern=python_pattern,
            )
            return _constrained(str, meta)
        if name == "boolean":
            return bool
        if name == "array":
            items = schema.get("items", True)
            if isinstance(items, list):
                raise Untranslatable("tuple items")
            size = _meta(min_length=schema.get("minItems"), max_length=schema.get("maxItems"))
            return _constrained(list[self.type_of(items)], size)  # type: ignore[misc]
        if name == "object":
            return self._object(schema)
        raise Untranslatable(f"type {name!r}")

    def _object(self, schema: t.Mapping[str, t.Any]) -> t.Any:
        properties = schema.get("properties", {})
        required = list(schema.get("required", []))
        extra = schema.get("additionalProperties", True)
        if not properties and not required:
            if extra is False:
                raise Untranslatable("an object that must be empty")
            return dict[str, self.type_of(extra)]  # type: ignore[misc]
        if extra not in (True, False) and extra != {}:
            raise Untranslatable("additionalProperties with a schema beside properties")
        names = [*required, *(name for name in properties if name not in required)]
        fields: list[tuple[str, t.Any] | tuple[str, t.Any, t.Any]] = []
        rename: dict[str, str] = {}
        for index, name in enumerate(dict.fromkeys(names)):
            attribute = f"f{index}"
            rename[attribute] = name
            kind = self.type_of(properties.get(name, True))
            fields.append((attribute, kind) if name in required else (attribute, kind, None))
        self._count += 1
        return msgspec.defstruct(
            f"Body{self._count}",
            fields,
            rename=rename,
            forbid_unknown_fields=extra is False,
            gc=False,  # decoded bodies hold no cycles
        )


def _meta(**constraints: t.Any) -> msgspec.Meta | None:
    given = {key: value for key, value in constraints.items() if value is not None}
    return msgspec.Meta(**given) if given else None


def _numeric_meta(schema: t.Mapping[str, t.Any], *, exact: bool) -> msgspec.Meta | None:
    """Bounds for msgspec; ``exact`` for ``int``, compared without rounding to a double."""
    bounds = {
        **_bound(schema, "minimum", "exclusiveMinimum", inclusive="ge", exclusive="gt"),
        **_bound(schema, "maximum", "exclusiveMaximum", inclusive="le", exclusive="lt"),
    }
    if {"ge", "gt"} <= bounds.keys() or {"le", "lt"} <= bounds.keys():
        raise Untranslatable("both an inclusive and an exclusive bound")
    for bound in bounds.values():
        if type(bound) not in (int, float) or (not exact and abs(bound) >= _EXACT_DOUBLES):
            raise Untranslatable("a bound a double cannot be compared with exactly")
    return _meta(**bounds)


def _bound(
    schema: t.Mapping[str, t.Any], plain: str, open_key: str, *, inclusive: str, exclusive: str
) -> dict[str, t.Any]:
    """One side's bounds as msgspec.Meta arguments, from OpenAPI 3.0 or 3.1 keywords."""
    value, open_value = schema.get(plain), schema.get(open_key)
    bounds: dict[str, t.Any] = {}
    if isinstance(open_value, bool):  # OpenAPI 3.0 / draft 4: a flag on minimum/maximum
        if value is not None:
            bounds[exclusive if open_value else inclusive] = value
        return bounds
    if value is not None:
        bounds[inclusive] = value
    if open_value is not None:
        bounds[exclusive] = open_value
    return bounds


def _constrained(base: t.Any, meta: msgspec.Meta | None) -> t.Any:
    return base if meta is None else t.Annotated[base, meta]
