"""Decorators that declare a view's contract, stored on the view without wrapping it."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import typing as t
import weakref

from marshmallow import Schema

from ..errors import DeclarationError
from ..http import BODYLESS
from ..wire import is_json
from .headers import HeaderDeclaration, check_headers
from .identity import identity
from .status_codes import check_description, undeclarable_problem

F = t.TypeVar("F")

#: What a response or input schema may be: a Schema class, an instance, or nothing.
SchemaLike = type[Schema] | Schema

#: Where an :func:`accepts` schema reads its data from.
Location = t.Literal["json", "query", "form"]

_ATTRIBUTE = "__contractkit__"
_DEFAULT_ARG_NAMES: dict[str, str] = {"json": "body", "query": "query", "form": "form"}
#: ``type/subtype`` of RFC 6838, without parameters.
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9*][A-Za-z0-9!#$&^_.+*-]*")


@dataclasses.dataclass(frozen=True)
class ResponseDeclaration:
    """One status code a view, blueprint or app may answer with."""

    code: int
    schema: SchemaLike | None = None
    description: str | None = None
    #: Media type of the body; ``None`` for a response without one.
    content_type: str | None = None
    #: The methods the declaration holds for; ``None`` for every method of the route.
    methods: frozenset[str] | None = None
    headers: tuple[HeaderDeclaration, ...] = ()
    #: Whether the view's return value is dumped through ``schema``; ``None`` follows
    #: ``CONTRACTKIT_SERIALIZE``.
    serialize: bool | None = None


@dataclasses.dataclass(frozen=True)
class InputDeclaration:
    """Input a view parses and validates before it runs."""

    schema: SchemaLike
    location: Location
    #: Keyword argument the parsed data is passed to the view as.
    arg_name: str
    #: The methods the input is read for; ``None`` for every method of the route.
    methods: frozenset[str] | None = None


def applies_to(declaration: ResponseDeclaration | InputDeclaration, method: str) -> bool:
    """Whether ``declaration`` holds for ``method`` (every method, unless it lists some)."""
    return declaration.methods is None or method in declaration.methods


@dataclasses.dataclass(frozen=True)
class Declarations:
    """Everything declared on one target; replaced, never mutated, by each decorator."""

    responses: tuple[ResponseDeclaration, ...] = ()
    inputs: tuple[InputDeclaration, ...] = ()
    exempt: bool = False

    def __hash__(self) -> int:
        # Hashed once: declarations are part of the key of a kept contract
        # (contracts.py), made again for every app a test suite builds.
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = hash((self.responses, self.inputs, self.exempt))
            object.__setattr__(self, "_hash", value)
            return value


def schema_instance(
    schema: type[Schema] | Schema, instances: dict[type[Schema], Schema] | None = None
) -> Schema:
    """A ready-to-use instance, built once per declaration rather than per request.

    :param instances: instances already made, by class, to share: a schema is
        stateless while it loads, and making one copies every field.
    """
    if not isinstance(schema, type):
        return schema
    if instances is None:
        return schema()
    if schema not in instances:
        instances[schema] = schema()
    return instances[schema]


def declarations_of(target: object) -> Declarations:
    """The declarations stored on a view function, view class, blueprint or app."""
    found = getattr(target, _ATTRIBUTE, None)
    return found if isinstance(found, Declarations) else Declarations()


#: One object for each distinct set of declarations: the views of every app a
#: factory builds then carry the very same ones, which the key of a kept contract
#: (contracts.py) compares at the cost of an identity check.
_INTERNED: weakref.WeakValueDictionary[t.Hashable, Declarations] = weakref.WeakValueDictionary()


def _store(target: F, declarations: Declarations) -> F:
    with contextlib.suppress(TypeError):  # a schema that cannot be hashed: kept as it is
        declarations = _INTERNED.setdefault(identity(declarations), declarations)
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


def _check_methods(methods: t.Iterable[str] | None, what: str) -> frozenset[str] | None:
    if methods is None:
        return None
    if isinstance(methods, str) or not all(isinstance(m, str) and m.strip() for m in methods):
        raise DeclarationError(
            f"{what}: methods={methods!r} must be a list of HTTP methods such as ['POST']."
        )
    checked = frozenset(m.strip().upper() for m in methods)
    if not checked:
        raise DeclarationError(f"{what}: methods=[] holds for no method; leave methods out.")
    return checked


def _check_content_type(content_type: object, code: int) -> str | None:
    if content_type is None:
        return None
    if not isinstance(content_type, str) or not _MEDIA_TYPE.fullmatch(content_type):
        raise DeclarationError(
            f"content_type={content_type!r} for status {code} must be a media type such as "
            "'text/csv' or 'application/pdf', without parameters."
        )
    return content_type


def _overlap(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    return a is None or b is None or bool(a & b)


def same_schema(a: object, b: object) -> bool:
    """Whether two declared schemas publish the same schema object.

    A class and its plain instance publish the same component, and ``only``
    is a set of field names; anything else is the same only if it is the same
    object.
    """
    return a is b or _published_as(a) == _published_as(b)


def _published_as(schema: object) -> object:
    if isinstance(schema, type) and issubclass(schema, Schema):
        return (schema, False, None)
    if isinstance(schema, Schema):
        only = frozenset(schema.only) if schema.only is not None else None
        return (type(schema), schema.many, only)
    if isinstance(schema, dict):  # a schema object of a spec-driven app's document
        return json.dumps(schema, sort_keys=True)
    return id(schema)


def responds(
    code: int,
    schema: SchemaLike | None = None,
    *,
    description: str | None = None,
    content_type: str | None = None,
    headers: t.Mapping[str, str | t.Mapping[str, t.Any]] | None = None,
    methods: t.Iterable[str] | None = None,
    serialize: bool | None = None,
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
    :param content_type: media type of the body: ``application/json`` when a
        schema is given; without a schema, a body described only by its media
        type (a CSV stream, a PDF file, an HTML page).
    :param headers: response headers, each name mapped to its description or
        to a dict with ``description``, ``schema`` (JSON Schema) and
        ``required``; a required header missing from a response is a violation.
    :param methods: the methods of the route this declaration holds for, such
        as ``["POST"]`` on a view serving GET and POST; every method by default.
    :param serialize: dump the view's return value through ``schema`` when it
        answers ``code``, as flask-smorest and APIFlask do: ``True`` or ``False``
        for this declaration, ``None`` (the default) for ``CONTRACTKIT_SERIALIZE``.
        Needs a JSON ``schema``.
    """
    problem = undeclarable_problem(code)
    if problem is not None:
        raise DeclarationError(problem)
    checked_schema = _check_schema(schema, code)
    media_type = _check_content_type(content_type, code)
    if checked_schema is not None and media_type is None:
        media_type = "application/json"
    if media_type is not None and code in BODYLESS:
        raise DeclarationError(
            f"status {code} never carries a body (RFC 9110), so it cannot have a schema or "
            f"content type; declare it as responds({code})."
        )
    if description is not None:
        check_description(description, code)
    if serialize is not None and not isinstance(serialize, bool):
        raise DeclarationError(
            f"responds({code}, serialize={serialize!r}): serialize must be True, False or None."
        )
    if serialize and (checked_schema is None or not is_json(media_type or "")):
        raise DeclarationError(
            f"responds({code}, serialize=True) needs a JSON schema to dump the view's return "
            "value through; give the schema, or leave serialize out."
        )
    declaration = ResponseDeclaration(
        code,
        checked_schema,
        description,
        media_type,
        _check_methods(methods, f"responds({code})"),
        check_headers(headers, code),
        serialize,
    )

    def decorate(target: F) -> F:
        current = declarations_of(target)
        for other in current.responses:
            if other.code != code or not _overlap(other.methods, declaration.methods):
                continue
            if (other.content_type is None) != (media_type is None):
                raise DeclarationError(_body_conflict(target, other, declaration))
            if other.content_type != media_type:
                continue
            if other == declaration or (
                same_schema(other.schema, declaration.schema)
                and other.description == declaration.description
                and other.methods == declaration.methods
                and other.headers == declaration.headers
            ):
                return target
            raise DeclarationError(
                f"status {code} ({media_type or 'no body'}) is declared twice on "
                f"{_target_name(target)} with different schemas, descriptions or headers; "
                "declare each code once per view (methods=[...] to split it by method)."
            )
        responses = (*current.responses, declaration)
        return _store(target, dataclasses.replace(current, responses=responses))

    return decorate


def _body_conflict(target: object, *declared: ResponseDeclaration) -> str:
    """Why one target cannot declare a code both with a body and without one.

    Merged, the bodiless declaration would vanish without a word (and with it
    the problem+json body ``CONTRACTKIT_JSON_ERRORS`` gives an error code
    declared without a body), so the error names both and the fix.
    """
    bodied = next(d for d in declared if d.content_type is not None)
    code = bodied.code
    if bodied.schema is not None:
        schema = bodied.schema if isinstance(bodied.schema, type) else type(bodied.schema)
        with_body = f"responds({code}, {schema.__name__})"
    else:
        with_body = f"responds({code}, content_type={bodied.content_type!r})"
    return (
        f"status {code} is declared on {_target_name(target)} both without a body "
        f"(responds({code})) and with one ({with_body}); a response cannot be both. Keep "
        f"{with_body} (with description=... if the other one gave it), or split the two "
        "with methods=[...]."
    )


def accepts(
    schema: SchemaLike,
    *,
    location: Location = "json",
    arg_name: str | None = None,
    methods: t.Iterable[str] | None = None,
) -> t.Callable[[F], F]:
    """Declare the input a view expects; it is validated before the view runs.

    Valid data is passed to the view as the keyword argument ``arg_name``
    (``body`` for JSON, ``query`` for query strings, ``form`` for
    ``application/x-www-form-urlencoded`` and ``multipart/form-data`` bodies).
    Invalid input is answered with ``CONTRACTKIT_INPUT_ERROR_STATUS`` (422 by
    default) and an ``application/problem+json`` body, and that code joins the
    view's contract.

    :param methods: the methods of the route the input is read for, such as
        ``["POST"]`` on a view serving GET and POST; every method by default.
    """
    checked = _check_schema(schema, None)
    if checked is None:
        raise DeclarationError("accepts() needs a marshmallow Schema class or instance.")
    if location not in _DEFAULT_ARG_NAMES:
        raise DeclarationError(
            f"accepts(location={location!r}) is not supported; use 'json', 'query' or 'form'."
        )
    name = arg_name or _DEFAULT_ARG_NAMES[location]
    if not name.isidentifier():
        raise DeclarationError(f"accepts(arg_name={name!r}) must be a Python identifier.")
    declaration = InputDeclaration(
        checked, location, name, _check_methods(methods, f"accepts({location!r})")
    )

    def decorate(target: F) -> F:
        current = declarations_of(target)
        for other in current.inputs:
            if not _overlap(other.methods, declaration.methods):
                continue
            if (
                other.location == location
                or other.arg_name == name
                or {other.location, location} == {"json", "form"}
            ):
                raise DeclarationError(
                    f"{_target_name(target)} already accepts {other.location} input as "
                    f"{other.arg_name!r}; declare one schema per location and argument name "
                    "(and one body, JSON or form), or split them with methods=[...]."
                )
        return _store(target, dataclasses.replace(current, inputs=(*current.inputs, declaration)))

    return decorate


def exempt(target: F) -> F:
    """Leave a view (function, ``MethodView`` class or blueprint) out of the contract.

    Exempt views are neither documented nor checked at runtime: health checks,
    metrics scrapes and other endpoints that are not part of the public API.
    """
    return _store(target, dataclasses.replace(declarations_of(target), exempt=True))
