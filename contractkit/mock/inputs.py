"""The stub's check of a request: its parameters, and its body against the declared schema.

Parameters are read and checked by :mod:`.parameters`; a JSON body, and a form
body (``application/x-www-form-urlencoded``, ``multipart/form-data``) read as
its schema and ``encoding`` say, by the runtime's own schema checker
(:class:`~contractkit.runtime.body_compiler.BodyCompiler`), compiled once per
operation. What is wrong is reported as the real app's ``@accepts`` reports
it: messages by input location, then by name.
"""

from __future__ import annotations

import json
import typing as t
from collections.abc import Mapping
from dataclasses import dataclass, field

from werkzeug.wrappers import Request

from ..runtime.bodies import BodyTooDeep, SchemaCheck
from ..runtime.body_compiler import BodyCompiler
from ..specfile.locations import follow, pointer_token
from ..specfile.parameter_styles import DELIMITERS, parameter_style
from ..specfile.swagger2_parameters import COLLECTION_DELIMITERS, KEPT_FORMAT
from ..wire import FORM_MEDIA_TYPES, declared_media_type, essence, is_json
from .parameters import ParameterCheck, Sent, parameter_check, read_value

#: Messages by input location (``path``, ``query``, ``json``, ``form``...), then by name.
Errors = dict[str, dict[str, list[str]]]
#: marshmallow's key for what is wrong with an input as a whole.
_WHOLE: t.Final = "_schema"


@dataclass(frozen=True)
class FormCheck:
    """One form media type of a request body: how each field is read, and the schema's check."""

    schema: Mapping[str, t.Any]
    #: Field name -> what separates its items, for array fields sent unexploded.
    joined: Mapping[str, str]
    #: Fields whose ``encoding`` gives a JSON ``contentType``: their text is JSON.
    json_fields: frozenset[str]
    check: SchemaCheck | None
    document: Mapping[str, t.Any] = field(repr=False)

    def problem(self, request: Request) -> str | None:
        properties = follow(self.document, self.schema.get("properties"))
        properties = properties if isinstance(properties, Mapping) else {}
        value: dict[str, t.Any] = {}
        for key in request.form:
            member = follow(self.document, properties.get(key))
            member = member if isinstance(member, Mapping) else {}
            sent = request.form.getlist(key)
            joined = self.joined.get(key)
            raw = sent[0].split(joined) if joined is not None and len(sent) == 1 else sent
            try:
                value[key] = read_value(self.document, member, raw, ",", key in self.json_fields)
            except ValueError as error:  # JSON text that does not parse
                return f"at /{pointer_token(key)}: {error}"
        for key in request.files:
            files = request.files.getlist(key)
            names = [file.filename or key for file in files]
            value[key] = names if len(names) > 1 else names[0]
        if self.check is None:
            return None
        found = self.check.problem(json.dumps(value).encode())
        return found[1] if found is not None else None


@dataclass(frozen=True)
class InputCheck:
    """What one operation requires of a request."""

    parameters: tuple[ParameterCheck, ...]
    #: Whether a body is required.
    body_required: bool
    #: The media types a body may have (essences); empty where the operation declares none.
    media_types: tuple[str, ...]
    #: The check of a JSON body, where the operation declares one with a schema.
    body: SchemaCheck | None
    #: The checks of form bodies, by media type.
    forms: Mapping[str, FormCheck]

    @staticmethod
    def describe(errors: Errors) -> str:
        """``errors`` in a sentence: ``the path parameter id does not match its schema: ...``."""
        return "; ".join(
            f"the request body {message}"
            if name == _WHOLE
            else f"the {location} parameter {name} {message}"
            for location, by_name in errors.items()
            for name, messages in by_name.items()
            for message in messages
        )

    def problems(self, request: Request, path: Mapping[str, str]) -> Errors:
        """What is wrong with ``request`` (its path variables in ``path``): empty when nothing."""
        errors: Errors = {}
        if self.parameters:
            sent = Sent(path, request)
            for parameter in self.parameters:
                found = parameter.problem(sent)
                if found is not None:
                    errors.setdefault(parameter.location, {})[parameter.name] = [found]
        body = self._body_problem(request)
        if body is not None:
            errors[body[0]] = {_WHOLE: [body[1]]}
        return errors

    def _body_problem(self, request: Request) -> tuple[str, str] | None:
        media_type = essence(request.mimetype)
        location = "form" if media_type in FORM_MEDIA_TYPES else "json"
        if not (request.content_length or request.mimetype in FORM_MEDIA_TYPES):
            if self.body_required and not request.get_data():
                return location, "is required"
            return None
        if self.media_types and declared_media_type(self.media_types, media_type) is None:
            return location, (
                f"is sent as {media_type or 'no media type'}, which the operation does not "
                f"accept (it accepts {', '.join(self.media_types)})"
            )
        if location == "form":
            form = self.forms.get(media_type)
            found = form.problem(request) if form is not None else None
        elif self.body is not None and is_json(media_type):
            try:
                verdict = self.body.problem(request.get_data())
            except BodyTooDeep as error:
                verdict = ("invalid-body", str(error))
            found = verdict[1] if verdict is not None else None
        else:
            found = None
        return (location, f"does not match its schema: {found}") if found is not None else None


def input_check(
    compiler: BodyCompiler,
    path_item: Mapping[str, t.Any],
    operation: Mapping[str, t.Any],
    name: str,
) -> InputCheck:
    """What ``operation`` (in ``path_item``) requires, its schemas compiled by ``compiler``."""
    document = compiler.document
    # An operation's parameter replaces the path item's of the same name and place.
    declared: dict[tuple[object, object], Mapping[str, t.Any]] = {}
    for parameter in (*(path_item.get("parameters") or ()), *(operation.get("parameters") or ())):
        parameter = follow(document, parameter)
        if isinstance(parameter, Mapping):
            declared[(parameter.get("name"), parameter.get("in"))] = parameter
    checks = tuple(
        check
        for parameter in declared.values()
        if (check := parameter_check(compiler, parameter, name)) is not None
    )
    request_body = follow(document, operation.get("requestBody"))
    request_body = request_body if isinstance(request_body, Mapping) else {}
    content = follow(document, request_body.get("content"))
    content = content if isinstance(content, Mapping) else {}
    body, forms = None, {}
    for media_type, media in content.items():
        media = follow(document, media)
        media = media if isinstance(media, Mapping) else {}
        schema = follow(document, media.get("schema"))
        if not isinstance(schema, Mapping):
            continue
        where = f"{name} request {media_type}"
        if is_json(str(media_type)) and body is None:
            body = compiler.compile(media["schema"], where)
        elif essence(str(media_type)) in FORM_MEDIA_TYPES:
            forms[essence(str(media_type))] = FormCheck(
                schema,
                _joined(document, media),
                _json_fields(document, media),
                compiler.compile(media["schema"], where),
                document,
            )
    return InputCheck(
        checks,
        request_body.get("required") is True,
        tuple(essence(str(media_type)) for media_type in content),
        body,
        forms,
    )


def _encodings(document: Mapping[str, t.Any], media: Mapping[str, t.Any]) -> dict[str, t.Any]:
    """A form media type's ``encoding`` entries by field, ``$ref`` s followed."""
    encoding = follow(document, media.get("encoding"))
    found = {
        str(name): follow(document, entry)
        for name, entry in (encoding if isinstance(encoding, Mapping) else {}).items()
    }
    return {name: entry for name, entry in found.items() if isinstance(entry, Mapping)}


def _joined(document: Mapping[str, t.Any], media: Mapping[str, t.Any]) -> dict[str, str]:
    """Form fields whose ``encoding`` sends an array as one delimited value (explode false)."""
    joined: dict[str, str] = {}
    for name, entry in _encodings(document, media).items():
        kept = COLLECTION_DELIMITERS.get(str(entry.get(KEPT_FORMAT)))
        if kept is not None:
            joined[name] = kept
        if "style" not in entry and "explode" not in entry:
            continue
        style, explode = parameter_style({**entry, "in": "query"})
        if explode is False and isinstance(style, str):
            joined[name] = DELIMITERS.get(style, ",")
    return joined


def _json_fields(document: Mapping[str, t.Any], media: Mapping[str, t.Any]) -> frozenset[str]:
    """Form fields whose ``encoding`` says they are sent as JSON text."""
    return frozenset(
        name
        for name, entry in _encodings(document, media).items()
        if is_json(str(entry.get("contentType", "")))
    )
