"""The generated document's validation: openapi-spec-validator's rules, without its cost.

openapi-spec-validator checks a document in two parts: its JSON Schema (run
by jsonschema-rs when installed, as it is here) and a walk of the document
for the rules a schema cannot say: unique operationIds, path parameters that
resolve, no duplicate parameters or tags, and every Schema Object checked
against its dialect's meta-schema, its ``default`` against itself. The walk
reads the document through ``jsonschema-path`` accessors and keeps lists of
what it has seen, so it costs more per route the more routes there are: at
1,000 route pairs it was a third of building the document.

:func:`validate_document` runs the same JSON Schema validator, then the same
rules over the plain dict: each Schema Object is meta-checked by jsonschema-rs
(which costs less than writing a key to remember it by), what that rejects
once per distinct content by openapi-schema-validator's own checker, and the
seen sets are sets. It is written to stop on anything the validator might
reject, and on anything it does not model (``allOf`` required lists, ``$schema``
dialects, ``$ref`` outside the document, ``default`` beside a ``$ref``); in
each such case openapi-spec-validator itself runs and has the last word, so
the errors are exactly its errors, with its messages. A document found valid
is remembered (by a digest of its text), so an identical document built
again in the same process, by the next app of a test suite, is not checked
again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import string
import typing as t
from collections.abc import Mapping
from pathlib import Path

import jsonschema_rs
from jsonschema.exceptions import SchemaError, ValidationError
from jsonschema.validators import validator_for
from openapi_schema_validator import OAS31_BASE_DIALECT_ID, oas30_format_checker
from openapi_schema_validator import oas31_format_checker as _oas31_formats
from openapi_schema_validator._specifications import REGISTRY as SPECIFICATIONS
from openapi_schema_validator.validators import OAS30Validator, OAS31Validator

from ..errors import SpecError

#: The methods openapi-spec-validator reads operations from (OpenAPI 3.0 and 3.1).
_OPERATIONS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
#: Digests of the documents found valid in this process, and the Schema Objects
#: that openapi-schema-validator accepted after jsonschema-rs did not, by OpenAPI
#: version. Bounded: a process builds few distinct documents, but a long-lived
#: one must not grow.
_VALID_DOCUMENTS: set[bytes] = set()
_VALID_SCHEMAS: set[tuple[bool, str]] = set()
_MAX_REMEMBERED = 4096


#: Exact types that are no Mapping: :meth:`_Walk._deref` returns them as they are.
_NOT_MAPPINGS = frozenset({str, int, float, bool, type(None), list, tuple})
_MISSING = object()

#: openapi-spec-validator's setting that picks the library checking a document's structure.
_BACKEND = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"


@functools.cache
def _structure(version: str) -> t.Any:
    """The validator openapi-spec-validator checks a document's structure with.

    Its own OpenAPI JSON Schema, read from its package without importing it,
    compiled as its jsonschema-rs backend compiles it: that backend is what it
    uses whenever jsonschema-rs is installed (a dependency of contractkit)
    unless told otherwise, and then the validator itself decides.
    """
    if any(
        k.upper() == _BACKEND and v.strip().lower() == "jsonschema" for k, v in os.environ.items()
    ):
        raise _Unsure
    found = importlib.util.find_spec("openapi_spec_validator")
    if found is None or not found.submodule_search_locations:
        raise _Unsure
    root = Path(next(iter(found.submodule_search_locations)))
    # As text: jsonschema-rs reads it faster than it converts the dict json.loads makes.
    return jsonschema_rs.validator_for(
        (root / "resources" / "schemas" / f"v{version}" / "schema.json").read_text()
    )


@functools.cache
def _meta_schema(v30: bool) -> t.Any:
    """The meta-schema of OpenAPI 3.0 or 3.1 Schema Objects, compiled by jsonschema-rs.

    The one openapi-schema-validator checks with, each resource it refers to
    taken from that package's registry as jsonschema-rs asks for it (a
    registry of all of them cost more to set up than the compile; the JSON
    Schema drafts' own meta-schemas, jsonschema-rs holds). jsonschema-rs
    accepts what it accepts, but for regex formats (see
    :meth:`_Walk._patterns_pass`); what it rejects goes to
    openapi-schema-validator's own check, which decides.
    """
    meta = OAS30Validator.META_SCHEMA if v30 else _oas31_dialect().META_SCHEMA
    return jsonschema_rs.validator_for(
        meta, retriever=SPECIFICATIONS.contents, validate_formats=True
    )


@functools.cache
def _oas31_dialect() -> t.Any:
    dialect = validator_for({"$schema": OAS31_BASE_DIALECT_ID}, default=None)
    if dialect is None:
        raise _Unsure
    return dialect


class _Unsure(Exception):
    """The quick check found a problem, or something it does not model."""


def validate_document(document: Mapping[str, t.Any], text: str) -> None:
    """Raise :class:`~contractkit.SpecError` if ``document`` is not valid OpenAPI 3.0/3.1.

    :param text: the document as JSON (see :func:`.documents.snapshot`), whose
        digest identifies it among the documents already found valid.
    """
    # SHA-256 rather than BLAKE2b: CPUs with SHA extensions (most current x86 and
    # ARM ones) hash a document twice as fast with it.
    digest = hashlib.sha256(text.encode()).digest()
    if digest in _VALID_DOCUMENTS:
        return
    try:
        # No key of the document starts with "pattern": no regex to check.
        _quick_check(document, patterns='"pattern' in text)
    except _Unsure:
        _full_check(document)
    except Exception:
        # A shape the walk did not expect: openapi-spec-validator reports it as it does.
        _full_check(document)
    _remember(_VALID_DOCUMENTS, digest)


def _full_check(document: Mapping[str, t.Any]) -> None:
    # Imported here: it brings jsonschema-path and requests, which the quick check
    # does not need, and `contractkit export` should not load for nothing.
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate(document)
    except OpenAPIValidationError as error:
        raise SpecError(
            f"the generated OpenAPI document is invalid: {error.message}. Check the "
            "declarations and CONTRACTKIT_* settings it was built from."
        ) from error


def _remember(seen: set[t.Any], key: t.Any) -> None:
    if len(seen) >= _MAX_REMEMBERED:
        seen.clear()
    seen.add(key)


def _quick_check(document: Mapping[str, t.Any], *, patterns: bool = True) -> None:
    version = document.get("openapi")
    if "swagger" in document or not isinstance(version, str):
        raise _Unsure
    if not version.startswith(("3.0.", "3.1.")):
        raise _Unsure
    v30 = version.startswith("3.0.")
    if not _structure("3.0" if v30 else "3.1").is_valid(document):
        raise _Unsure
    if "jsonSchemaDialect" in document:
        raise _Unsure  # 3.1 documents may pick another dialect for their schemas
    _Walk(document, v30, patterns).run()


class _Walk:
    """openapi-spec-validator's keyword rules, over the plain dict.

    It follows ``keywords.py`` of openapi-spec-validator 0.7-0.9: the same
    places are visited (component schemas, parameter schemas, response media
    type schemas, and within schemas allOf/anyOf/oneOf/not/items/properties),
    with ``$ref`` followed where its accessors follow it.
    """

    def __init__(self, document: Mapping[str, t.Any], v30: bool, patterns: bool = True) -> None:
        self._document = document
        self._v30 = v30
        #: Whether the document may hold a ``pattern`` or ``patternProperties`` keyword.
        self._patterns = patterns
        self._operation_ids: set[t.Any] = set()
        self._visited: set[int] = set()
        self._meta_checked: set[int] = set()
        #: What each ``$ref`` points to: the document does not change during the walk.
        self._targets: dict[str, t.Any] = {}
        #: The references already followed from where a Schema Object is expected.
        self._entered: set[str] = set()

    def run(self) -> None:
        document = self._document
        tags = self._deref(document.get("tags", ()))
        names = [self._deref(tag)["name"] for tag in tags]
        if len(set(names)) != len(names):
            raise _Unsure
        for url, path_item in self._deref(document.get("paths", {})).items():
            self._path(url, self._deref(path_item))
        components = self._deref(document.get("components", {}))
        for schema in self._deref(components.get("schemas", {})).values():
            self._schema(schema, entry=True)

    def _deref(self, node: t.Any) -> t.Any:
        kind = type(node)
        if kind in _NOT_MAPPINGS or (kind is dict and "$ref" not in node):
            return node  # the common cases, without the slower Mapping check
        hops = 0
        while (type(node) is dict or isinstance(node, Mapping)) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#") or hops > 50:
                raise _Unsure
            node = self._targets.get(ref, _MISSING)
            if node is _MISSING:
                node = self._targets[ref] = self._pointer(ref)
            hops += 1
        return node

    def _pointer(self, ref: str) -> t.Any:
        node: t.Any = self._document
        if ref in ("#", "#/"):
            return node
        if not ref.startswith("#/") or "%" in ref:
            raise _Unsure
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise _Unsure
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
                raise _Unsure
            self._operation_ids.add(operation_id)
        for response in self._deref(operation.get("responses", {})).values():
            content = self._deref(self._deref(response).get("content", {}))
            for media_type in content.values():
                media_type = self._deref(media_type)
                if "schema" in media_type:
                    self._schema(media_type["schema"], entry=True)
        names = {*self._parameters(operation.get("parameters")), *shared}
        if names != in_url:
            raise _Unsure

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
            key = (self._deref(parameter["name"]), self._deref(parameter["in"]))
            if key in seen:
                raise _Unsure
            seen.add(key)
            if key[1] == "path":
                path_names.append(key[0])
        return path_names

    def _schema(self, node: t.Any, *, entry: bool = False) -> None:
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
                raise _Unsure
        if "$schema" in schema:
            raise _Unsure
        if entry and id(schema) not in self._meta_checked:
            self._meta_checked.add(id(schema))
            self._meta_check(schema)
        if id(schema) in self._visited:
            return
        self._visited.add(id(schema))
        if entry and "allOf" in schema:
            raise _Unsure  # required names declared by allOf parts: left to the validator
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
        if "default" in schema:
            self._default(schema)

    def _meta_check(self, schema: t.Any) -> None:
        if _meta_schema(self._v30).is_valid(schema) and (
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
                _oas31_dialect().check_schema(schema, format_checker=_oas31_formats)
        except (SchemaError, ValidationError) as error:
            raise _Unsure from error
        _remember(_VALID_SCHEMAS, key)

    def _patterns_pass(self, schema: t.Any) -> bool:
        """Whether every regex in ``schema`` passes openapi-schema-validator's check.

        jsonschema-rs checks the meta-schema's ``regex`` format as ECMA 262 does,
        which accepts some patterns (``\\p{L}``) that check rejects.
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

    def _default(self, schema: Mapping[str, t.Any]) -> None:
        value = schema["default"]
        if value is None and schema.get("nullable") is True:
            return  # openapi-spec-validator lets null defaults of nullable schemas be
        if "$ref" in json.dumps(schema):
            raise _Unsure  # resolving against the document: left to the validator
        if self._v30:
            validator: t.Any = OAS30Validator(schema, format_checker=oas30_format_checker)
        else:
            validator = OAS31Validator(schema, format_checker=_oas31_formats)
        if next(validator.iter_errors(value), None) is not None:
            raise _Unsure
