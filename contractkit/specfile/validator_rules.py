"""openapi-spec-validator's verdict on a document, reached without its cost when it can be.

openapi-spec-validator checks a document in two parts: its JSON Schema (run
by jsonschema-rs when installed, as it is here) and a walk of the document
for the rules a schema cannot say: unique operationIds and tag names, path
parameters that resolve, no duplicate parameters, every Schema Object met
where one is expected checked against its dialect's meta-schema, an
``allOf`` schema's ``required`` names defined by it or its parts, and each
``default`` valid against its schema (in Swagger 2.0, a parameter's against
the parameter). The walk reads the document through ``jsonschema-path``
accessors and keeps lists of what it has seen, so it costs more per schema
the more schemas there are: minutes on a 10,000-operation document.

:func:`quick_check` runs the same JSON Schema, then the same rules, in the
same order, over the plain dict: each Schema Object is meta-checked by
jsonschema-rs, what that rejects once per distinct content by
openapi-schema-validator's own check, and the seen sets are sets. It raises
:class:`Unsure` on anything the validator might reject and on anything it
does not model (``$schema`` and ``$id`` keywords, ``$ref`` outside the
document or percent-encoded, a ``jsonSchemaDialect``); the caller then runs openapi-spec-validator,
which has the last word and writes the messages. ``tests/specfile`` holds it
to the validator's verdict on real documents.
"""

from __future__ import annotations

import json
import string
import typing as t
from collections.abc import Mapping

from jsonschema.exceptions import SchemaError, ValidationError
from openapi_schema_validator import oas30_format_checker
from openapi_schema_validator import oas31_format_checker as _oas31_formats
from openapi_schema_validator.validators import OAS30Validator, OAS31Validator

from ..http import PATH_ITEM_METHODS
from .locations import resolve_pointer
from .swagger2 import is_swagger2
from .validator_schemas import Unsure, meta_schema, oas31_dialect, structure

__all__ = ["Unsure", "Version", "quick_check", "version_of"]

#: The OpenAPI versions told apart: each has its own validator and Schema Object dialect.
Version = t.Literal["2.0", "3.0", "3.1"]

#: The methods openapi-spec-validator reads operations from (every version it reads).
_OPERATIONS = frozenset(PATH_ITEM_METHODS)
#: Schema Objects that openapi-schema-validator accepted after jsonschema-rs did
#: not, by dialect. Bounded: a long-lived process must not grow.
_VALID_SCHEMAS: set[tuple[bool, str]] = set()
_MAX_REMEMBERED = 4096
#: Exact types that are no Mapping: :meth:`_Walk._deref` returns them as they are.
_NOT_MAPPINGS = frozenset({str, int, float, bool, type(None), list, tuple})
_MISSING = object()
#: Deepest ``allOf`` nesting followed for the property names of its parts; the
#: validator recurses without limit, so a cycle there makes it raise.
_MAX_PARTS_DEPTH = 100


def version_of(document: Mapping[str, t.Any]) -> Version:
    """The version ``document`` says it is written in (3.0 for any 3.x before 3.1)."""
    if is_swagger2(document):
        return "2.0"
    return "3.1" if str(document.get("openapi", "")).startswith("3.1.") else "3.0"


def quick_check(document: Mapping[str, t.Any], version: Version, *, text: str = "") -> None:
    """Return if openapi-spec-validator finds ``document`` valid as ``version``; else raise.

    :param version: the validator that judges it: ``"2.0"``, ``"3.0"`` or ``"3.1"``.
    :param text: the document as JSON, when the caller has it: a document
        without ``"pattern`` in it has no regex to check.
    :raises Unsure: when the document may be invalid, or the walk cannot tell.
    """
    try:
        if not structure(version).is_valid(document):
            raise Unsure
        if version == "3.1" and "jsonSchemaDialect" in document:
            raise Unsure  # 3.1 documents may pick another dialect for their schemas
        _Walk(document, version, patterns=not text or '"pattern' in text).run()
    except Unsure:
        raise
    except Exception as error:
        # A shape the walk did not expect: the validator reports it as it does.
        raise Unsure from error


def _remember(seen: set[t.Any], key: t.Any) -> None:
    if len(seen) >= _MAX_REMEMBERED:
        seen.clear()
    seen.add(key)


class _Walk:
    """openapi-spec-validator's keyword rules (its ``keywords.py``, 0.7-0.9), over the plain dict.

    The same places are visited in the same order (tags, then each path item's
    parameters and operations: their responses' schemas and their parameters;
    then component schemas; within schemas allOf/anyOf/oneOf/not/items/properties),
    with ``$ref`` followed where its accessors follow it. Order matters: a
    schema is walked once, and whether its ``allOf`` required names are checked
    depends on where it is met first.
    """

    def __init__(self, document: Mapping[str, t.Any], version: Version, patterns: bool) -> None:
        self._document = document
        self._v2 = version == "2.0"
        #: Schema Objects of Swagger 2.0 are checked as OpenAPI 3.0's are.
        self._v30 = version != "3.1"
        #: Whether the document may hold a ``pattern`` or ``patternProperties`` keyword.
        self._patterns = patterns
        self._operation_ids: set[t.Any] = set()
        self._visited: set[int] = set()
        self._meta_checked: set[int] = set()
        #: What each ``$ref`` points to: the document does not change during the walk.
        self._targets: dict[str, t.Any] = {}
        #: The references already followed from where a Schema Object is expected.
        self._entered: set[str] = set()
        #: Property names each schema's parts define, by schema.
        self._named: dict[int, frozenset[str]] = {}

    def run(self) -> None:
        document = self._document
        if "tags" in document:
            names = [self._deref(tag)["name"] for tag in self._deref(document["tags"])]
            if len(set(names)) != len(names):
                raise Unsure
        for url, path_item in self._deref(document.get("paths", {})).items():
            self._path(url, self._deref(path_item))
        if "components" in document:
            components = self._deref(document["components"])
            for schema in self._deref(components.get("schemas", {})).values():
                self._schema(schema, entry=True)

    def _deref(self, node: t.Any) -> t.Any:
        """``node``, or what the chain of references it starts leads to.

        As jsonschema-path reads them: a reference is a dict whose ``$ref`` is a
        string (a ``$ref`` property of a ``properties`` map is none).
        """
        kind = type(node)
        if kind in _NOT_MAPPINGS or (kind is dict and "$ref" not in node):
            return node  # the common cases, without the slower Mapping check
        hops = 0
        while type(node) is dict and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str):
                return node
            if not ref.startswith("#") or hops > 50:
                raise Unsure
            node = self._targets.get(ref, _MISSING)
            if node is _MISSING:
                node = self._targets[ref] = self._pointer(ref)
            hops += 1
        if type(node) is not dict and isinstance(node, Mapping) and "$ref" in node:
            raise Unsure  # another Mapping: whether it is followed depends on the version
        return node

    def _pointer(self, ref: str) -> t.Any:
        found, node = resolve_pointer(self._document, ref)
        if not found:
            raise Unsure
        return node

    def _path(self, url: str, path_item: Mapping[str, t.Any]) -> None:
        shared = self._parameters(path_item.get("parameters"))
        in_url = set(filter(None, (item[1] for item in string.Formatter().parse(url))))
        for method, operation in path_item.items():
            if method in _OPERATIONS:
                self._operation(in_url, self._deref(operation), shared)

    def _operation(
        self, in_url: set[str], operation: Mapping[str, t.Any], shared: list[str]
    ) -> None:
        if "operationId" in operation:
            operation_id = self._deref(operation["operationId"])
            if operation_id is not None and operation_id in self._operation_ids:
                raise Unsure
            self._operation_ids.add(operation_id)
        for response in self._deref(operation.get("responses", {})).values():
            response = self._deref(response)
            if self._v2:
                if "schema" in response:
                    self._schema(response["schema"], entry=True)
                continue
            for media_type in self._deref(response.get("content", {})).values():
                media_type = self._deref(media_type)
                if "schema" in media_type:
                    self._schema(media_type["schema"], entry=True)
        names = {*self._parameters(operation.get("parameters")), *shared}
        if names != in_url:
            raise Unsure

    def _parameters(self, parameters: t.Any) -> list[str]:
        """The path parameters' names; raises for a duplicate parameter."""
        if parameters is None:
            return []
        seen: set[tuple[t.Any, t.Any]] = set()
        path_names = []
        for parameter in self._deref(parameters):
            parameter = self._deref(parameter)
            if "schema" in parameter:
                self._schema(parameter["schema"], entry=True)
            if self._v2 and "default" in parameter:
                # A 2.0 parameter is its own schema: its default is checked against it.
                self._check_default(parameter, self._deref(parameter["default"]))
            key = (self._deref(parameter["name"]), self._deref(parameter["in"]))
            if key in seen:
                raise Unsure
            seen.add(key)
            if key[1] == "path":
                path_names.append(key[0])
        return path_names

    def _schema(self, node: t.Any, *, entry: bool = False) -> None:
        """Walk one Schema Object; ``entry`` where a document holds one, not inside another.

        At an entry the schema is meta-checked, and its ``allOf``'s required names checked.
        """
        ref = node.get("$ref") if entry and type(node) is dict else None
        if type(ref) is str:
            # What a reference leads to depends on the reference alone, and once
            # entered its target is in both seen sets: the rest would return early.
            if ref in self._entered:
                return
            self._entered.add(ref)
        schema = self._deref(node)
        if type(schema) is not dict:
            if isinstance(schema, bool):
                if entry:
                    self._meta_check(schema)
                return
            if not isinstance(schema, Mapping):
                raise Unsure
        if "$schema" in schema or "$id" in schema:
            raise Unsure  # another dialect, or another base for its references
        if entry and id(schema) not in self._meta_checked:
            self._meta_checked.add(id(schema))
            self._meta_check(schema)
        if id(schema) in self._visited:
            return
        self._visited.add(id(schema))
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                for inner in self._deref(schema[keyword]):
                    self._schema(inner)
        for keyword in ("not", "items"):
            if keyword in schema:
                self._schema(schema[keyword])
        if "properties" in schema:
            for inner in self._deref(schema["properties"]).values():
                self._schema(inner)
        if "allOf" in schema:
            # The parts' names are gathered for every allOf, as the validator does
            # (a cycle among them makes it fail anywhere), and used at an entry.
            self._check_required(schema, entry)
        if "default" in schema:
            value = self._deref(schema["default"])
            if value is not None or self._deref(schema.get("nullable")) is not True:
                self._check_default(schema, value)

    def _check_required(self, schema: Mapping[str, t.Any], entry: bool) -> None:
        """Every ``required`` name is a property of the schema or of one of its parts."""
        defined = set(self._deref(schema.get("properties", {})) or [])
        for part in self._deref(schema["allOf"]):
            defined |= self._property_names(part, 0)
        if entry and set(self._deref(schema.get("required")) or []) - defined:
            raise Unsure

    def _property_names(self, node: t.Any, depth: int) -> frozenset[str]:
        """The property names a schema defines, through its parts, items and ``not``."""
        schema = self._deref(node)
        if not isinstance(schema, Mapping):
            return frozenset()
        known = self._named.get(id(schema))
        if known is not None:
            return known
        if depth > _MAX_PARTS_DEPTH:
            raise Unsure  # a cycle: the validator recurses until it fails
        names = set(self._deref(schema["properties"]).keys()) if "properties" in schema else set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                for part in self._deref(schema[keyword]):
                    names |= self._property_names(part, depth + 1)
        for keyword in ("items", "not"):
            if keyword in schema:
                names |= self._property_names(schema[keyword], depth + 1)
        found = self._named[id(schema)] = frozenset(names)
        return found

    def _meta_check(self, schema: t.Any) -> None:
        if meta_schema(self._v30).is_valid(schema) and (
            not self._patterns or self._patterns_pass(schema)
        ):
            return  # jsonschema-rs takes less time than writing the key below
        # The result depends on the content alone (a "$ref" is only checked to be a
        # URI reference), so each distinct content is judged slowly once per process.
        key = (self._v30, json.dumps(schema, sort_keys=True))
        if key in _VALID_SCHEMAS:
            return
        # openapi-schema-validator's own check, as openapi-spec-validator calls it.
        try:
            if self._v30:
                OAS30Validator.check_schema(schema)
            else:
                oas31_dialect().check_schema(schema, format_checker=_oas31_formats)
        except (SchemaError, ValidationError) as error:
            raise Unsure from error
        _remember(_VALID_SCHEMAS, key)

    def _patterns_pass(self, schema: t.Any) -> bool:
        """Whether every regex in ``schema`` passes openapi-schema-validator's check.

        jsonschema-rs checks the meta-schema's ``regex`` format as ECMA 262 does,
        which accepts some patterns (``\\p{L}``) that check may reject.
        """
        checker = OAS30Validator.FORMAT_CHECKER if self._v30 else _oas31_formats
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                pattern = node.get("pattern")
                if isinstance(pattern, str) and not checker.conforms(pattern, "regex"):
                    return False
                names = node.get("patternProperties")
                if isinstance(names, dict) and not all(
                    checker.conforms(name, "regex") for name in names
                ):
                    return False
                stack.extend(node.values())
        return True

    def _check_default(self, schema: Mapping[str, t.Any], value: object) -> None:
        """``value`` is valid against ``schema``, whose local ``$ref`` s mean what they do here.

        The validator resolves them against the document. The same happens here
        with the document's top-level members set beside the schema's own: no
        JSON Schema keyword is named like one (``openapi``, ``paths``,
        ``components``, ``definitions``...), so validation is unchanged, and
        ``#/components/...`` then points where it points in the document.
        """
        root: Mapping[str, t.Any] = schema
        if _holds_ref(schema):
            if any(key in schema for key in self._document) or "id" in schema:
                raise Unsure  # a key hiding the document's, or a base of its own
            root = {**self._document, **schema}
        if self._v30:
            validator: t.Any = OAS30Validator(root, format_checker=oas30_format_checker)
        else:
            validator = OAS31Validator(root, format_checker=_oas31_formats)
        if next(validator.iter_errors(value), None) is not None:
            raise Unsure


def _holds_ref(schema: object) -> bool:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if "$ref" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False
