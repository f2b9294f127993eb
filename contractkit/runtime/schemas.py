"""Published response schemas compiled into validators with the OpenAPI version's semantics.

- OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenAPI 3.0 schemas are
  validated as draft 4 (its ``exclusiveMinimum`` flags, ``1.0`` not an
  ``integer``), with 3.0.3's ``nullable``: it adds ``null`` to an explicit
  ``type`` and nothing else, so an ``enum`` without ``null`` still rejects it.
- ``pattern`` is an ECMA-262 regular expression (JSON Schema 2020-12 §6.4,
  OpenAPI 3.0), matched by ``regress``, an ECMA-262 engine: jsonschema-rs's own
  engine reads Python-isms such as ``(?P<x>…)`` and ``(?i)``, and refuses some
  ECMA syntax.
- ``writeOnly`` properties are never required in responses, and ``readOnly``
  ones never in requests (OpenAPI 3.x), for a compiler of request schemas.
- ``format`` stays an annotation, as JSON Schema 2020-12 has it by default.
- Every local ``$ref`` is rewritten as the one URI fragment that points where
  the document's validator finds it (:func:`~contractkit.specfile.locations.local_ref`):
  flask-restx writes ``#/definitions/Widget Owner``, with a space no URI may hold.
"""

from __future__ import annotations

import copy
import typing as t

import jsonschema_rs
import regress

from ..specfile.locations import local_ref, pointer_parts
from .schema_graph import ComponentGraph, component_name

#: The keyword ``pattern`` becomes, so that jsonschema-rs runs :class:`EcmaPattern`
#: for it and never compiles the regex with its own engine (draft 4's
#: meta-schema would).
PATTERN_KEYWORD = "x-contractkit-ecma-pattern"


#: Keywords whose values are JSON values, not schemas: never adapted.
_VALUES = frozenset({"enum", "const", "default", "example", "examples"})
_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
#: Keywords whose values map names (which may be any word, "enum" too) to schemas.
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


class EcmaPattern:
    """``pattern`` as jsonschema-rs keyword, matched with ECMA-262 semantics."""

    def __init__(self, parent_schema: t.Any, value: t.Any, schema_path: t.Any) -> None:
        # A RegressError here makes the schema one that cannot be compiled.
        self._search = regress.Regex(value).find
        #: The pattern, for messages: it comes from the published schema, not the body.
        self.pattern = value

    def validate(self, instance: t.Any) -> None:
        if isinstance(instance, str) and self._search(instance) is None:
            raise ValueError(self.pattern)


class Compiled(t.NamedTuple):
    """A schema compiled once for one OpenAPI version."""

    validator: t.Any
    #: The schema as compiled (JSON Schema for responses), for the msgspec translation.
    adapted: t.Any
    #: Whether it reaches itself through ``$ref``: only then does the depth of a body
    #: that matches so far have no bound but the body's own.
    recursive: bool


class SchemaCompiler:
    """Compiles schemas for one document, with its components beside each of them."""

    def __init__(
        self,
        openapi_version: str,
        components: t.Mapping[str, t.Any],
        document: t.Mapping[str, t.Any] | None = None,
        *,
        requests: bool = False,
    ) -> None:
        """
        :param components: the document's component schemas, which ``$ref`` s reach.
        :param document: the whole document, for the rare ``$ref`` to a schema
            elsewhere in it (``#/paths/...``).
        """
        self._draft4 = openapi_version.startswith("3.0")
        #: The flag of properties that never travel this way, so are never required.
        self._absent = "readOnly" if requests else "writeOnly"
        self._raw_components = components
        self._graph = ComponentGraph(components)
        #: Component schemas adapted, each the first time a compiled schema reaches it.
        self._adapted: dict[str, t.Any] = {}
        self._document = document
        #: The document's members other than the component schemas, adapted:
        #: made the first time a ``$ref`` reaches outside the component schemas.
        self._elsewhere: dict[str, t.Any] | None = None

    def compile(self, schema: t.Mapping[str, t.Any]) -> Compiled:
        """Raises what jsonschema-rs or regress raise for a schema they cannot compile.

        The validator's root holds only the components ``schema`` reaches:
        jsonschema-rs indexes all of its root, and a big document's thousands of
        components made each compiled schema cost the whole document.
        """
        adapted = self.adapt(schema)
        reach = self._graph.reach(schema)
        if self._document is not None and reach.elsewhere:
            elsewhere = self._adapted_elsewhere()
            components = {**elsewhere.get("components", {}), "schemas": self.components}
            root = {**elsewhere, **adapted, "components": components}
        else:
            # "$ref": "#/components/schemas/X" resolves inside this root document.
            reached = {name: self._component(name) for name in reach.components}
            present = {name: schema for name, schema in reached.items() if schema is not None}
            root = {**adapted, "components": {"schemas": present}}
        cls = jsonschema_rs.Draft4Validator if self._draft4 else jsonschema_rs.Draft202012Validator
        validator = cls(
            root,
            validate_formats=False,
            keywords={PATTERN_KEYWORD: EcmaPattern},
            offline=True,  # a $ref never makes a network request
        )
        return Compiled(validator, adapted, reach.recursive)

    @property
    def components(self) -> dict[str, t.Any]:
        """Every component schema, adapted."""
        return {name: self._component(name) for name in self._raw_components}

    def resolve(self, ref: str) -> t.Mapping[str, t.Any]:
        """The adapted component a local ``$ref`` points to; KeyError for any other."""
        name = component_name(ref)
        if name not in self._raw_components:
            raise KeyError(ref)
        return t.cast(t.Mapping[str, t.Any], self._component(name))

    def adapt(self, schema: t.Any) -> t.Any:
        """A copy of ``schema`` as the JSON Schema responses are validated against."""
        return _adapt(copy.deepcopy(schema), draft4=self._draft4, absent=self._absent)

    def _component(self, name: str) -> t.Any:
        """The component schema ``name`` adapted, or ``None`` where the document has none."""
        if name not in self._adapted:
            raw = self._raw_components.get(name)
            self._adapted[name] = None if raw is None else self.adapt(raw)
        return self._adapted[name]

    def _adapted_elsewhere(self) -> dict[str, t.Any]:
        if self._elsewhere is None:
            document = dict(self._document or {})
            components = {k: v for k, v in document.get("components", {}).items()}
            components.pop("schemas", None)
            document["components"] = components
            # Only schemas are reached through a $ref of a schema: adapting the
            # rest as if it were one changes nothing a validator reads.
            self._elsewhere = self.adapt(document)
        return self._elsewhere


def _canonical_ref(ref: str) -> str:
    """``ref`` as jsonschema-rs reads it: a local one decoded, then encoded as a URI must be."""
    parts = pointer_parts(ref)
    return ref if parts is None else local_ref(parts)


def _adapt(schema: t.Any, *, draft4: bool, absent: str) -> t.Any:
    if isinstance(schema, list):
        return [_adapt(item, draft4=draft4, absent=absent) for item in schema]
    if not isinstance(schema, dict):
        return schema
    adapted: dict[str, t.Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            adapted[key] = {
                name: _adapt(sub, draft4=draft4, absent=absent) for name, sub in value.items()
            }
        elif key == "$ref" and isinstance(value, str):
            adapted[key] = _canonical_ref(value)
        else:
            adapted[key] = value if key in _VALUES else _adapt(value, draft4=draft4, absent=absent)
    properties = adapted.get("properties")
    if isinstance(properties, dict) and isinstance(adapted.get("required"), list):
        adapted["required"] = [
            name
            for name in adapted["required"]
            if not (isinstance(properties.get(name), dict) and properties[name].get(absent))
        ]
        if not adapted["required"]:
            del adapted["required"]
    for bound in _BOUNDS.intersection(adapted):
        value = adapted[bound]
        if type(value) is float and abs(value) >= 2.0**53 and value - value == 0:
            # Every double this large is an integer: as one, jsonschema-rs compares it
            # exactly with body numbers (json_text hands large doubles on as Decimal).
            adapted[bound] = int(value)
    if isinstance(adapted.get("pattern"), str):
        adapted[PATTERN_KEYWORD] = adapted.pop("pattern")
    if draft4 and adapted.pop("nullable", None) is True and isinstance(adapted.get("type"), str):
        # OpenAPI 3.0.3: "A true value adds "null" to the allowed types specified by the
        # type keyword, only if type is explicitly defined within the same Schema
        # Object. Other Schema Object constraints retain their defined behavior, and
        # therefore may disallow the use of null as a value."
        adapted["type"] = [adapted["type"], "null"]
    return adapted
