"""Input validation for views that declare :func:`~contractkit.accepts`."""

from __future__ import annotations

import typing as t

from flask import Request, Response
from marshmallow import Schema, ValidationError, fields
from werkzeug.datastructures import MultiDict

from ..declare.decorators import InputDeclaration, schema_instance
from ..problem import problem_response
from ..wire import FORM_MEDIA_TYPES


class InputParser:
    """Loads and validates one operation's declared inputs."""

    def __init__(
        self,
        declarations: t.Iterable[InputDeclaration],
        error_status: int,
        instances: dict[type[Schema], Schema] | None = None,
    ) -> None:
        self._inputs = [(d, schema_instance(d.schema, instances)) for d in declarations]
        self._error_status = error_status
        #: Where the inputs are read (``json``, ``form``, ``query``): a framework that
        #: awaits the body (Quart) reads only these, and no body for a query alone.
        self.locations = frozenset(d.location for d in declarations)

    def parse(self, request: Request) -> Response | None:
        """Put the loaded inputs in ``request.view_args``, or answer with a problem."""
        errors: dict[str, t.Any] = {}
        loaded: dict[str, t.Any] = {}
        for declaration, schema in self._inputs:
            try:
                raw = _raw_input(request, declaration, schema)
                loaded[declaration.arg_name] = schema.load(raw)
            except ValidationError as error:
                errors[declaration.location] = error.messages
            except RecursionError:
                errors[declaration.location] = ["The input is nested too deeply to validate."]
        if errors:
            return problem_response(
                self._error_status,
                "The request's input failed validation; see 'errors' for each field.",
                errors=errors,
            )
        if request.view_args is not None:
            request.view_args.update(loaded)
        return None


def _raw_input(request: Request, declaration: InputDeclaration, schema: Schema) -> t.Any:
    if declaration.location == "json":
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            # json.loads raises this, not a ValueError, for a body nested past
            # the recursion limit; it is the client's malformed input all the same.
            body = None
        if body is None:
            raise ValidationError(
                "The request body must be valid JSON sent with Content-Type: application/json."
            )
        return body
    if declaration.location == "form":
        if request.mimetype not in FORM_MEDIA_TYPES:
            raise ValidationError(
                "The request body must be a form, sent with Content-Type: "
                "application/x-www-form-urlencoded or multipart/form-data."
            )
        return _fields(request.form, schema)
    return _fields(request.args, schema)


def _fields(args: MultiDict[str, str], schema: Schema) -> dict[str, t.Any]:
    """A query string's or form's keys as the schema reads them: lists for ``List`` fields."""
    raw: dict[str, t.Any] = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key in args:
            raw[key] = args.getlist(key) if isinstance(field, fields.List) else args[key]
    # Unknown query keys are passed on so the schema's ``unknown`` policy applies.
    raw.update((key, args[key]) for key in args if key not in raw)
    return raw
