"""A proposal as additions to an OpenAPI document: responses, their schemas, custom codes.

Only additions: a response key, a schema name or a custom code's entry that
the document already has is left as it is. A response gets the description
decorator mode would give it, the recorded media type with a ``$ref`` to a
new schema (``components/schemas`` in OpenAPI 3, ``definitions`` in Swagger
2.0, where a response names its ``schema`` directly), and no content for a
bodyless code or a body never seen. A custom code gets its ``x-fallback``
and an ``x-status-codes`` entry, which is how spec-driven mode reads its
phrase and fallback. A route the document lacks gets its path item (the
OpenAPI path of its URL rule, with its path parameters) and the operation.
"""

from __future__ import annotations

import json
import typing as t
from collections.abc import MutableMapping
from dataclasses import dataclass

from flask.sansio.app import App

from ..declare.paths import path_parameters
from ..declare.registry import StatusRegistry
from ..declare.status_codes import FALLBACK_KEY, STANDARD_PHRASES, STATUS_CODES_KEY
from ..specfile.validator_rules import Version
from ..wire import is_json
from .plan import Addition, Registration
from .schema_code import camel
from .schema_objects import SchemaObject, for_dialect, shape_schema, types_of

#: Where each version keeps its named schemas.
_SCHEMAS_AT: t.Final[dict[Version, tuple[str, ...]]] = {
    "2.0": ("definitions",),
    "3.0": ("components", "schemas"),
    "3.1": ("components", "schemas"),
}


@dataclass(frozen=True)
class Target:
    """Where one addition goes: an operation of the document, or a route it lacks."""

    #: The path key in the document.
    path: str
    #: Lower case, as documents write methods.
    method: str
    #: Whether the document has the operation already.
    exists: bool


class DocumentEditor:
    """Adds responses to one document (a file's data, or an empty fragment), in place."""

    def __init__(
        self,
        document: MutableMapping[str, t.Any],
        version: Version,
        registry: StatusRegistry,
        *,
        string: t.Callable[[str], t.Any] = str,
    ) -> None:
        #: The document edited in place.
        self.document = document
        self.version = version
        self._registry = registry
        #: How a new string is written (to quote status codes as the file does).
        self._string = string
        self._schema_names: set[str] = set(self._schemas_home(create=False) or ())
        #: Custom codes the app registers nowhere yet: code -> (phrase, fallback).
        self._unregistered: dict[int, tuple[str, int]] = {}

    def add(self, addition: Addition, target: Target, app: App | None = None) -> None:
        """Add ``addition``'s response to the operation at ``target``."""
        operation = self._operation(target, addition, app)
        responses = operation.get("responses")
        if not isinstance(responses, MutableMapping):
            responses = operation["responses"] = {}
        key = str(addition.code)
        if key in responses or addition.code in {_code(k) for k in responses}:
            return  # declared already: never changed
        responses[self._string(key)] = self._response(addition, target)

    def register(self, registration: Registration) -> None:
        """Know the phrase and fallback of a custom code the app registers nowhere yet;
        call before :meth:`add`."""
        self._unregistered[registration.code] = (registration.phrase, registration.fallback)

    def _operation(
        self, target: Target, addition: Addition, app: App | None
    ) -> MutableMapping[str, t.Any]:
        paths = self.document.setdefault("paths", {})
        item = paths.get(target.path)
        if item is None:
            item = paths[target.path] = {}
            if not target.exists and app is not None:
                self._path_parameters(item, addition, app)
        operation = item.get(target.method)
        if operation is None:
            operation = item[target.method] = {}
        return t.cast(MutableMapping[str, t.Any], operation)

    def _path_parameters(
        self, item: MutableMapping[str, t.Any], addition: Addition, app: App
    ) -> None:
        rule = next(
            r
            for r in app.url_map.iter_rules(addition.endpoint)
            if addition.method in (r.methods or ())
        )
        parameters = path_parameters(rule, app.url_map)
        if parameters and self.version == "2.0":
            # Swagger 2.0 types a path parameter itself, with no schema object.
            parameters = [
                {k: v for k, v in p.items() if k != "schema"} | p["schema"] for p in parameters
            ]
        if parameters:
            item["parameters"] = parameters

    def _response(self, addition: Addition, target: Target) -> dict[str, t.Any]:
        code = addition.code
        custom = self._custom(code)
        phrase = custom[0] if custom is not None else STANDARD_PHRASES.get(code, str(code))
        response: dict[str, t.Any] = {"description": addition.description or phrase}
        if custom is not None:
            response[FALLBACK_KEY] = custom[1]
            self._status_entry(code, *custom)
        body = addition.body
        if body is not None and body.body is not None:
            schema = self._body_schema(body.body, addition)
            if self.version == "2.0":
                response["schema"] = schema
            else:
                response["content"] = {body.media: {"schema": schema}}
        elif addition.content_type is not None and self.version != "2.0":
            media = addition.content_type
            response["content"] = {media: {"schema": {}} if is_json(media) else {}}
        return response

    def _custom(self, code: int) -> tuple[str, int] | None:
        if code in STANDARD_PHRASES:
            return None
        registered = self._registry.custom(code)
        if registered is not None:
            return registered.phrase, registered.fallback
        return self._unregistered.get(code)

    def _body_schema(self, shape: t.Any, addition: Addition) -> SchemaObject:
        schema = shape_schema(shape)
        objects = schema
        if types_of(schema) in (["array"], ["array", "null"]) and "properties" in schema["items"]:
            objects = schema["items"]
        if "properties" not in objects:
            return for_dialect(schema, self.version)
        written = for_dialect(objects, self.version)
        home = self._schemas_home(create=True)
        assert home is not None
        # The same schema under another name (the app's one error body, say) is reused.
        same = [key for key, value in home.items() if _plain(value) == _plain(written)]
        name = str(same[0]) if same else self._schema_name(addition)
        home.setdefault(name, written)
        ref = {"$ref": self._string("#/" + "/".join((*_SCHEMAS_AT[self.version], name)))}
        if objects is schema:
            return ref
        return for_dialect({**schema, "items": {}}, self.version) | {"items": ref}

    def _schema_name(self, addition: Addition) -> str:
        view = camel(addition.endpoint.rpartition(".")[2])
        base = f"{view}{camel(addition.method.lower())}{addition.code}"
        name, number = base, 1
        while name in self._schema_names:
            number += 1
            name = f"{base}_{number}"
        self._schema_names.add(name)
        return name

    def _schemas_home(self, *, create: bool) -> MutableMapping[str, t.Any] | None:
        where: t.Any = self.document
        for part in _SCHEMAS_AT[self.version]:
            if not isinstance(where, MutableMapping):
                return None
            if part not in where:
                if not create:
                    return None
                where[part] = {}
            where = where[part]
        return where if isinstance(where, MutableMapping) else None

    def _status_entry(self, code: int, phrase: str, fallback: int) -> None:
        entries = self.document.setdefault(STATUS_CODES_KEY, {})
        if not isinstance(entries, MutableMapping):
            return  # not a mapping: contractkit check names that problem
        if str(code) in entries or code in entries:
            return
        entries[self._string(str(code))] = {
            "phrase": phrase,
            "fallback": fallback,
            "description": phrase,
        }


def _plain(value: object) -> object:
    """``value`` with key order and YAML node types left out, to compare schemas by content."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _code(key: object) -> int | None:
    text = str(key)
    return int(text) if text.isdigit() else None
