"""Decorators that declare a view's contract, stored on the view without wrapping it."""

from __future__ import annotations

import dataclasses
import typing as t

from marshmallow import Schema

from ..errors import DeclarationError
from .status_codes import BODYLESS, check_code, check_description, check_final

F = t.TypeVar("F")

#: What a response or input schema may be: a Schema class, an instance, or nothing.
SchemaLike = type[Schema] | Schema

#: Where an :func:`accepts` schema reads its data from.
Location = t.Literal["json", "query"]

_ATTRIBUTE = "__contractkit__"
_DEFAULT_ARG_NAMES: dict[str, str] = {"json": "body", "query": "query"}


@dataclasses.dataclass(frozen=True)
class ResponseDeclaration:
    """One status code a view, blueprint or app may answer with."""

    code: int
    schema: SchemaLike | None = None
    description: str | None = None
    content_type: str = "application/json"


@dataclasses.dataclass(frozen=True)
class InputDeclaration:
    """Input a view parses and validates before it runs."""

    schema: SchemaLike
    location: Location
    #: Keyword argument the parsed data is passed to the view as.
    arg_name: str


@dataclasses.dataclass(frozen=True)
class Declarations:
    """Everything declared on one target; replaced, never mutated, by each decorator."""

    responses: tuple[ResponseDeclaration, ...] = ()
    inputs: tuple[InputDeclaration, ...] = ()
    exempt: bool = False


def declarations_of(target: object) -> Declarations:
    """The declarations stored on a view function, view class, blueprint or app."""
    found = getattr(target, _ATTRIBUTE, None)
    return found if isinstance(found, Declarations) else Declarations()


def _store(target: F, declarations: Declarations) -> F:
    setattr(target, _ATTRIBUTE, declarations)
    return target


def _target_name(target: object) -> str:
    return str(getattr(target, "__qualname__", None) or getattr(target, "name", None) or target)


def _check_schema(schema: object, code: int | None) -> SchemaLike | None:
    if schema is None:
        return None
    if isinstance(schema, Schema) or (isinstance(schema, type) and issubclass(schema, Schema)):
        return schema
    where = f"status {code}" if code is not None else "accepts()"
    raise DeclarationError(
        f"schema for {where} must be a marshmallow Schema class or instance, or None for no "
        f"body; got {schema!r}."
    )


def _same_schema(a: SchemaLike | None, b: SchemaLike | None) -> bool:
    if a is b:
        return True
    if isinstance(a, Schema) and isinstance(b, Schema):
        return type(a) is type(b) and a.many == b.many and a.only == b.only
    return False


def responds(
    code: int,
    schema: SchemaLike | None = None,
    *,
    description: str | None = None,
    content_type: str = "application/json",
) -> t.Callable[[F], F]:
    """Declare that a view may answer with ``code``, and the body it carries.

    The declaration is stored on the decorated object, which is returned
    unchanged, so the decorator stacks with Flask's route decorators in any
    order. It applies to a view function, a ``MethodView`` method, a whole
    ``MethodView`` class, a :class:`~flask.Blueprint` (every route of it) or a
    :class:`~flask.Flask` app (every operation); the most specific wins.

    :param code: the status code, an int. Custom codes must be registered with
        :meth:`ContractKit.register_status` before the contract is built.
    :param schema: marshmallow Schema class or instance (``many=True`` for a
        list) describing the body, or ``None`` for a response without one.
    :param description: what the response means; defaults to the reason phrase.
    :param content_type: media type of the body.
    """
    code = check_final(check_code(code))
    checked_schema = _check_schema(schema, code)
    if checked_schema is not None and code in BODYLESS:
        raise DeclarationError(
            f"status {code} never carries a body (RFC 9110), so it cannot have a schema; "
            f"declare it as responds({code})."
        )
    if description is not None:
        check_description(description, code)
    declaration = ResponseDeclaration(code, checked_schema, description, content_type)

    def decorate(target: F) -> F:
        current = declarations_of(target)
        for other in current.responses:
            if other.code != code or other.content_type != content_type:
                continue
            if other == declaration or (
                _same_schema(other.schema, declaration.schema)
                and other.description == declaration.description
            ):
                return target
            raise DeclarationError(
                f"status {code} ({content_type}) is declared twice on {_target_name(target)} "
                "with different schemas or descriptions; declare each code once per view."
            )
        responses = (*current.responses, declaration)
        return _store(target, dataclasses.replace(current, responses=responses))

    return decorate


def accepts(
    schema: SchemaLike,
    *,
    location: Location = "json",
    arg_name: str | None = None,
) -> t.Callable[[F], F]:
    """Declare the input a view expects; it is validated before the view runs.

    Valid data is passed to the view as the keyword argument ``arg_name``
    (``body`` for JSON, ``query`` for query strings). Invalid input is answered
    with ``CONTRACTKIT_INPUT_ERROR_STATUS`` (422 by default) and an
    ``application/problem+json`` body, and that code joins the view's contract.
    """
    checked = _check_schema(schema, None)
    if checked is None:
        raise DeclarationError("accepts() needs a marshmallow Schema class or instance.")
    if location not in _DEFAULT_ARG_NAMES:
        raise DeclarationError(
            f"accepts(location={location!r}) is not supported; use 'json' or 'query'."
        )
    name = arg_name or _DEFAULT_ARG_NAMES[location]
    if not name.isidentifier():
        raise DeclarationError(f"accepts(arg_name={name!r}) must be a Python identifier.")
    declaration = InputDeclaration(checked, location, name)

    def decorate(target: F) -> F:
        current = declarations_of(target)
        for other in current.inputs:
            if other.location == location or other.arg_name == name:
                raise DeclarationError(
                    f"{_target_name(target)} already accepts {other.location} input as "
                    f"{other.arg_name!r}; declare one schema per location and argument name."
                )
        return _store(target, dataclasses.replace(current, inputs=(*current.inputs, declaration)))

    return decorate


def exempt(target: F) -> F:
    """Leave a view (function, ``MethodView`` class or blueprint) out of the contract.

    Exempt views are neither documented nor checked at runtime: health checks,
    metrics scrapes and other endpoints that are not part of the public API.
    """
    return _store(target, dataclasses.replace(declarations_of(target), exempt=True))
