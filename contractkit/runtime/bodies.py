"""Response bodies checked against the schemas the OpenAPI document publishes.

The schemas come from the built document (the MarshmallowPlugin's output), not
from the marshmallow classes, so bodies are held to exactly what clients read.
Each distinct schema is compiled once, twice over:

- into msgspec types (:mod:`.schema_types`), which validate a body in the pass
  that decodes it: ~3.6 µs for a 1 KB body here;
- into a jsonschema-rs validator, which has the last word and the message when
  msgspec rejects a body, and checks alone the schemas msgspec cannot express.
  Parsing then validating costs ~4.5 + 3 µs, against ~33 µs for fastjsonschema
  and ~370 µs for marshmallow's ``Schema.validate`` (which also applies load
  rules, rejecting the ``dump_only`` fields responses rightly carry).
"""

from __future__ import annotations

import copy
import json
import typing as t
import warnings

import jsonschema_rs
import msgspec
from flask import Response

from ..declare.operations import Contract
from ..declare.status_codes import BODYLESS
from ..errors import BodyCheckWarning
from ..specfile.locations import follow
from .encodings import decode_content
from .media_types import essence, is_json
from .schema_types import typed_decoder
from .violations import ViolationKind

_decode_json = msgspec.json.Decoder().decode


class SchemaCheck:
    """One compiled response schema."""

    def __init__(self, validator: t.Any, decoder: msgspec.json.Decoder[t.Any] | None) -> None:
        self._validator = validator
        self._decode = decoder.decode if decoder is not None else None

    def problem(self, data: bytes) -> tuple[ViolationKind, str] | None:
        """What is wrong with the JSON body ``data``, or ``None``."""
        if self._decode is not None:
            try:
                self._decode(data)
                return None
            except msgspec.DecodeError:
                pass  # jsonschema-rs decides, and explains
        try:
            instance = _decode_json(data)
        except msgspec.DecodeError:
            try:
                # msgspec is strict JSON; the stdlib also reads NaN and Infinity.
                instance = json.loads(data)
            except ValueError:
                return ("invalid-body", "its body is not valid JSON")
        if self._validator.is_valid(instance):
            return None
        error = next(iter(self._validator.iter_errors(instance)))
        where = "/".join(str(part) for part in error.instance_path) or "(root)"
        hint = ""
        if error.instance is None and type(error.kind).__name__ == "Type":
            # Most often a Nested (or other) field the view leaves empty on purpose.
            hint = "; if the field may be null, declare it with allow_none=True"
        return ("invalid-body", f"at {where}: {error.message}{hint}")


#: Body checks of one operation: by status code, and by ``"4XX"``/``"default"`` key.
BodyChecks = dict[int | str, "BodyCheck"]


class BodyCheck:
    """The declared bodies of one status code (or range, or default) of one operation.

    With no media type declared, the code carries no body: a non-empty one is
    a ``content-type`` violation, except the short page ``flask.redirect()``
    puts in a 3xx that has a ``Location``, which no one documents.
    """

    def __init__(self, code: int | str, validators: dict[str, SchemaCheck | None]) -> None:
        self._code = code
        #: Checks by declared media type, in lower case; ``None`` where the body is
        #: not JSON or has no schema. Empty when the code declares no body.
        self._validators = {essence(media_type): v for media_type, v in validators.items()}

    def problem(self, response: Response) -> tuple[ViolationKind, str] | None:
        """What is wrong with ``response``'s body, as ``(kind, detail)``, or ``None``."""
        validators = self._validators
        if not validators:
            return self._unexpected_body(response)
        media_type = essence(response.mimetype)
        if media_type in validators:
            validator = validators[media_type]
        else:
            major = media_type.partition("/")[0]
            wildcard = f"{major}/*" if f"{major}/*" in validators else "*/*"
            if wildcard not in validators:
                declared = ", ".join(sorted(validators))
                return (
                    "content-type",
                    f"its body is {media_type or 'of no media type'}, but status "
                    f"{self._code} declares {declared}",
                )
            validator = validators[wildcard]
        if validator is None:
            return None
        content = response.response
        if type(content) is list and len(content) == 1 and type(content[0]) is bytes:
            data = content[0]  # what jsonify and dict returns make: no copy needed
        elif response.is_streamed or response.direct_passthrough:
            return None  # a stream is never buffered to be checked
        else:
            data = response.get_data()
        encoding = response.headers.get("Content-Encoding")
        if encoding is not None:
            decoded = decode_content(data, encoding)
            if decoded is None:
                return None  # an encoding contractkit cannot read: said once, in the log
            data = decoded
        problem = validator.problem(data)
        if problem is None:
            return None
        kind, detail = problem
        if detail.startswith("at "):
            detail = (
                f"its body does not match the schema declared for status {self._code}: {detail}"
            )
        return (kind, detail)

    def _unexpected_body(self, response: Response) -> tuple[ViolationKind, str] | None:
        code = self._code
        if isinstance(code, int) and 300 <= code < 400 and "Location" in response.headers:
            return None
        length = response.content_length
        if length is None and not response.is_streamed:
            length = len(response.get_data())
        if length == 0:
            return None
        media_type = essence(response.mimetype) or "application/octet-stream"
        size = "a streamed body" if length is None else f"a body of {length} bytes"
        return (
            "content-type",
            f"status {code} is declared without a body, but it sent {size} ({media_type}); "
            f"declare the body: @responds({code}, content_type={media_type!r}), or "
            f"@responds({code}, SomeSchema) for JSON",
        )


def compile_body_checks(
    contract: Contract, document: t.Mapping[str, t.Any]
) -> dict[tuple[str, str], BodyChecks]:
    """A :class:`BodyCheck` per code that declares a body, by ``(endpoint, method)``.

    Range and ``default`` responses of a spec-driven app's document are
    keyed by their own key (``"4XX"``, ``"default"``).

    :param document: the app's OpenAPI document, whose schemas the checks use;
        local ``$ref`` s to responses and media types are followed.
    """
    version = str(document.get("openapi", "3.1.0"))
    components = document.get("components", {}).get("schemas", {})
    compiler = _Compiler(version, components)
    checks: dict[tuple[str, str], BodyChecks] = {}

    def at(node: object) -> t.Any:
        return follow(document, node)

    for op in contract.operations:
        by_code = checks.setdefault((op.endpoint, op.method), {})
        responses = at(at(document["paths"][op.path])[op.method.lower()]["responses"])
        keys: list[int | str] = [*op.responses, *(c.key for c in op.catch_alls)]
        for key in keys:
            if key in BODYLESS:
                continue  # never a body; werkzeug sends none
            content = at(responses[str(key)]).get("content") or {}
            validators = {}
            for media_type, media in content.items():
                schema = at(media).get("schema")
                validators[media_type] = (
                    compiler.compile(schema, op.name, key)
                    if is_json(media_type) and schema is not None
                    else None
                )
            by_code[key] = BodyCheck(key, validators)
            declared = op.responses.get(key) if isinstance(key, int) else None
            if declared is not None and declared.fallback not in (None, *op.responses):
                # A fallback sent in place of the custom code carries the same body.
                by_code[t.cast(int, declared.fallback)] = by_code[key]
    return checks


class _Compiler:
    """Compiles schemas once each, with the document's components beside them."""

    def __init__(self, openapi_version: str, components: t.Mapping[str, t.Any]) -> None:
        self._draft4 = openapi_version.startswith("3.0")
        self._components = {name: self._adapt(schema) for name, schema in components.items()}
        self._cache: dict[str, SchemaCheck | None] = {}

    def compile(
        self, schema: t.Mapping[str, t.Any], where: str, code: int | str
    ) -> SchemaCheck | None:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._cache:
            # "$ref": "#/components/schemas/X" resolves inside this root document.
            adapted = self._adapt(schema)
            root = {**adapted, "components": {"schemas": self._components}}
            validator: t.Any
            try:
                if self._draft4:
                    validator = jsonschema_rs.Draft4Validator(root, validate_formats=False)
                else:
                    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=False)
            except Exception as error:  # jsonschema-rs rejects e.g. Python-only regexes
                warnings.warn(
                    f"the body schema of status {code} of {where} cannot be compiled into a "
                    f"validator ({error}); bodies of that response are not checked.",
                    BodyCheckWarning,
                    stacklevel=2,
                )
                self._cache[key] = None
                return None
            decoder = typed_decoder(adapted, self._resolve)
            self._cache[key] = SchemaCheck(validator, decoder)
        return self._cache[key]

    def _resolve(self, ref: str) -> t.Mapping[str, t.Any]:
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix):
            raise KeyError(ref)
        return t.cast(t.Mapping[str, t.Any], self._components[ref.removeprefix(prefix)])

    def _adapt(self, schema: t.Any) -> t.Any:
        """A copy of ``schema`` as JSON Schema for validating responses.

        - ``writeOnly`` properties never appear in responses, so they are not
          required there (OpenAPI 3.x).
        - OpenAPI 3.0's ``nullable: true`` becomes ``anyOf`` with ``null``.
        - ``format`` stays an annotation, as JSON Schema 2020-12 has it by
          default: marshmallow writes naive datetimes that a strict
          ``date-time`` check would reject.
        """
        return _adapt(copy.deepcopy(schema), nullable=self._draft4)


def _adapt(schema: t.Any, *, nullable: bool) -> t.Any:
    if isinstance(schema, list):
        return [_adapt(item, nullable=nullable) for item in schema]
    if not isinstance(schema, dict):
        return schema
    adapted = {key: _adapt(value, nullable=nullable) for key, value in schema.items()}
    properties = adapted.get("properties")
    if isinstance(properties, dict) and isinstance(adapted.get("required"), list):
        adapted["required"] = [
            name
            for name in adapted["required"]
            if not (isinstance(properties.get(name), dict) and properties[name].get("writeOnly"))
        ]
        if not adapted["required"]:
            del adapted["required"]
    if nullable and adapted.get("nullable") is True:
        del adapted["nullable"]
        return {"anyOf": [adapted, {"type": "null"}]}
    return adapted
