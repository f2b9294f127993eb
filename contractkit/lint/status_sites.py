"""Where a view's source sets a literal status code, found with :mod:`ast`.

Names are resolved through the view's globals, closure and own imports, so
``abort`` means :func:`flask.abort` only when it is Flask's (or Werkzeug's)
``abort``, and ``HTTPStatus.CONFLICT`` or a module constant reads as its
number. Only literal codes are found: a status computed at run time or kept in
a local variable is out of reach by design.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import types
import typing as t
from dataclasses import dataclass

import flask
import werkzeug.exceptions
import werkzeug.utils
from marshmallow import Schema
from werkzeug.local import LocalProxy
from werkzeug.sansio.response import Response as BaseResponse

from .helpers import (
    ABORTS,
    BODIES,
    MAKE_RESPONSES,
    OR_404,
    RAISED_WITH_CODE,
    REDIRECTS,
    implied_response_code,
    is_abort_method,
    is_known,
    json_body_codes,
    request_framework,
    restx_marshals,
)
from .scopes import UNKNOWN as _UNKNOWN
from .scopes import local_imports, namespace, own_nodes

#: How deep calls to the app's own helper functions are followed.
MAX_DEPTH = 3

#: What ``abort`` may be bound to; Flask's delegates to the app's Aborter.
_ABORTS: tuple[object, ...] = (flask.abort, werkzeug.exceptions.abort)
_MAKE_RESPONSES: tuple[object, ...] = (flask.make_response,)
_REDIRECTS: tuple[object, ...] = (flask.redirect, werkzeug.utils.redirect)
#: Calls whose result is a body, sent with Flask's default 200.
_BODIES: tuple[object, ...] = (flask.jsonify, flask.render_template, flask.render_template_string)
#: Expressions that are a body as they stand, so ``return`` them answers 200.
_BODY_DISPLAYS = (ast.Dict, ast.List, ast.JoinedStr, ast.ListComp, ast.DictComp)

_RETURN = "return"
_IMPLICIT = "return without a status"
_GET_JSON = "request.get_json()"


@dataclass(frozen=True)
class StatusSite:
    """One place in the source that answers with a literal status code."""

    code: int
    file: str
    line: int
    #: How the code is set: ``return``, ``return without a status`` (Flask's 200,
    #: or flask-smorest's ``@blp.response`` code), ``abort``, ``make_response``,
    #: ``Response``, ``redirect``, ``raise``, ``status attribute``,
    #: ``get_or_404`` (and ``first_or_404``, ``one_or_404``) or ``request.get_json()``
    #: (also ``request.json``).
    form: str
    #: Helper functions followed from the view to reach this site, outermost first.
    via: tuple[str, ...] = ()


class SourceUnavailable(Exception):
    """The view's source cannot be read (built in, made by ``exec``, or a C function)."""


_Def = ast.FunctionDef | ast.AsyncFunctionDef


class SourceCache:
    """Parsed modules by file name, so a file shared by many views is parsed once."""

    def __init__(self) -> None:
        #: Each file's ``def`` nodes by name and first line (of decorators or ``def``).
        self._functions: dict[str, dict[tuple[str, int], _Def]] = {}

    def function_node(
        self, func: types.FunctionType
    ) -> tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        """The file and the ``def`` node of ``func``, with the file's own line numbers.

        The whole file is parsed rather than ``inspect.getsource(func)`` alone:
        a method's source is indented and would need dedenting, and line
        numbers would need shifting; parsing the file gets both right.
        """
        try:
            file = inspect.getsourcefile(func)
            lines = inspect.findsource(func)[0] if file else None
        except (OSError, TypeError) as error:
            raise SourceUnavailable(str(error)) from error
        if file is None or lines is None:
            raise SourceUnavailable(f"no source file for {func.__qualname__}")
        if file not in self._functions:
            tree = ast.parse("".join(lines), filename=file)
            self._functions[file] = {
                (node.name, min([node.lineno, *(d.lineno for d in node.decorator_list)])): node
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            }
        found = self._functions[file].get((func.__name__, func.__code__.co_firstlineno))
        if found is not None:
            return file, found
        raise SourceUnavailable(f"cannot find the definition of {func.__qualname__} in {file}")


def status_sites(
    func: types.FunctionType,
    cache: SourceCache,
    *,
    owner: type | None = None,
    implied: int | None = None,
) -> list[StatusSite]:
    """Every literal status code ``func`` (and the helpers it calls) can answer with.

    :param func: the view function or ``MethodView`` method, unwrapped.
    :param owner: the view class, so ``self.helper()`` can be followed.
    :param implied: the code a library's decorator sends for a body returned
        without a status, when the decorator's own source cannot tell it.
    :raises SourceUnavailable: when the view's own source cannot be read.
    """
    return _Scanner(func, cache, owner, via=(), seen=frozenset()).scan(implied)


class _Scanner:
    def __init__(
        self,
        func: types.FunctionType,
        cache: SourceCache,
        owner: type | None,
        via: tuple[str, ...],
        seen: frozenset[types.CodeType],
    ) -> None:
        self.func = func
        self.cache = cache
        self.owner = owner
        self.via = via
        self.seen = seen | {func.__code__}
        self.file, self.node = cache.function_node(func)
        self.names = namespace(func)
        self.local_names = set(func.__code__.co_varnames) | set(func.__code__.co_cellvars)
        self.local_imports = local_imports(self.node)
        self.sites: list[StatusSite] = []
        #: Calls whose result the function returns, by ``id`` of their node.
        self.returned_calls: set[int] = set()
        #: Whether a library serialises what the function returns (flask-restx's marshal_with).
        self.marshalled = restx_marshals(self.node.decorator_list, self._resolve)

    def scan(self, implied: int | None = None) -> list[StatusSite]:
        implicit = implied_response_code(self.node.decorator_list, self._resolve) or implied
        for node in own_nodes(self.node):
            if isinstance(node, ast.Return) and node.value is not None:
                self._returned(node.value)
            elif isinstance(node, ast.Raise) and node.exc is not None:
                self._raised(node.exc)
            elif isinstance(node, ast.Call):
                self._called(node)
            if isinstance(node, ast.Call | ast.Attribute):
                for code in json_body_codes(node, self._request_framework):
                    self.sites.append(self._site(code, t.cast(ast.expr, node), _GET_JSON))
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is not None and any(_is_status_attribute(t) for t in targets):
                    self._add(node.value, "status attribute")
        if implicit is not None:
            # flask-smorest's @blp.response(code), APIFlask's @app.output(status_code=...).
            self.sites = [
                dataclasses.replace(site, code=implicit) if site.form == _IMPLICIT else site
                for site in self.sites
            ]
        return self.sites

    # -- the forms -------------------------------------------------------------

    def _returned(self, value: ast.expr) -> None:
        if isinstance(value, ast.Tuple) and len(value.elts) in (2, 3):
            # (body, status), (body, status, headers), or (body, headers) for a 200.
            second = value.elts[1]
            if len(value.elts) == 2 and isinstance(second, ast.Dict | ast.List):
                self.sites.append(self._site(200, value, _IMPLICIT))
            else:
                self._add(second, "return")
        elif isinstance(value, ast.IfExp):
            self._returned(value.body)
            self._returned(value.orelse)
        elif isinstance(value, ast.Await):  # Quart's make_response and render_template
            self._returned(value.value)
        elif isinstance(value, ast.Call):
            # Visited next, as a call; this marks that its result is returned.
            self.returned_calls.add(id(value))
            if self.marshalled or self._is_body_call(value):
                self.sites.append(self._site(200, value, _IMPLICIT))
        elif (
            self.marshalled
            or isinstance(value, _BODY_DISPLAYS)
            or (isinstance(value, ast.Constant) and isinstance(value.value, str | bytes))
        ):
            self.sites.append(self._site(200, value, _IMPLICIT))

    def _is_body_call(self, call: ast.Call) -> bool:
        """``jsonify(...)``, ``render_template(...)`` or a marshmallow ``dump``."""
        found = self._resolve(call.func)
        if any(found is f for f in _BODIES) or is_known(found, BODIES):
            return True
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "dump"):
            return False
        schema = call.func.value
        # ItemSchema().dump(x), or a module-level schema instance's dump(x).
        owner = self._resolve(schema.func if isinstance(schema, ast.Call) else schema)
        return (isinstance(owner, type) and issubclass(owner, Schema)) or isinstance(owner, Schema)

    def _raised(self, exc: ast.expr) -> None:
        target = exc.func if isinstance(exc, ast.Call) else exc
        found = self._resolve(target)
        if isinstance(found, type) and issubclass(found, werkzeug.exceptions.HTTPException):
            code = found.code
            if isinstance(code, int):
                self.sites.append(self._site(code, exc, "raise"))
        elif is_known(found, RAISED_WITH_CODE) and isinstance(exc, ast.Call):
            self._add(_argument(exc, 0, ("status_code",)), "raise")

    def _called(self, call: ast.Call) -> None:
        found = self._resolve(call.func)
        # A bare name we cannot resolve (bound at run time) is taken at its word;
        # an attribute is not: ``job.abort()`` is no HTTP abort.
        name = call.func.id if isinstance(call.func, ast.Name) else None
        if _is_abort(found, name) or self._is_abort_method(call.func):
            self._add(_argument(call, 0, ("code", "status")), "abort")
        elif _is_make_response(found, name):
            if len(call.args) == 1 and isinstance(call.args[0], ast.Tuple):
                elts = call.args[0].elts
                self._add(elts[1] if len(elts) in (2, 3) else None, "make_response")
            else:
                self._add(_argument(call, 1, ()), "make_response")
        elif _is_response_class(found) or _terminal_name(call.func) == "response_class":
            self._add(_argument(call, 1, ("status",)), "Response")
        elif isinstance(call.func, ast.Attribute) and call.func.attr in OR_404:
            self.sites.append(self._site(404, call, call.func.attr))
        elif any(found is f for f in _REDIRECTS) or is_known(found, REDIRECTS):
            code = _argument(call, 1, ("code",))
            if code is None:
                self.sites.append(self._site(302, call, "redirect"))
            else:
                self._add(code, "redirect")
        else:
            helper = self._helper(call.func)
            if helper is not None:
                self._follow(helper, returned=id(call) in self.returned_calls)

    def _follow(self, helper: types.FunctionType, *, returned: bool) -> None:
        if len(self.via) >= MAX_DEPTH or helper.__code__ in self.seen:
            return
        try:
            # "create_app.<locals>.Thing._refuse" reads better as "Thing._refuse".
            name = helper.__qualname__.rpartition("<locals>.")[2]
            inner = _Scanner(helper, self.cache, self.owner, (*self.via, name), self.seen)
        except SourceUnavailable:
            return
        for site in inner.scan():
            # What a helper returns only reaches the client if the view returns it.
            if returned or site.form not in (_RETURN, _IMPLICIT):
                self.sites.append(site)

    # -- names and values --------------------------------------------------------

    def _add(self, expr: ast.expr | None, form: str) -> None:
        if expr is None:
            return
        for code in self._codes(expr):
            self.sites.append(self._site(code, expr, form))

    def _site(self, code: int, node: ast.expr, form: str) -> StatusSite:
        return StatusSite(code, self.file, node.lineno, form, self.via)

    def _codes(self, expr: ast.expr) -> list[int]:
        if isinstance(expr, ast.IfExp):
            return self._codes(expr.body) + self._codes(expr.orelse)
        if isinstance(expr, ast.Constant):
            return _constant_code(expr.value)
        if isinstance(expr, ast.Call) and len(expr.args) == 1 and not expr.keywords:
            # HTTPStatus(409)
            found = self._resolve(expr.func)
            if isinstance(found, type) and issubclass(found, enum.IntEnum):
                return self._codes(expr.args[0])
            return []
        found = self._resolve(expr)
        if isinstance(found, int | str) and not isinstance(found, bool):
            return _constant_code(found)
        return []

    def _resolve(self, expr: ast.expr) -> object:
        """The object a name or dotted name stands for, or ``_UNKNOWN``."""
        found: object = _UNKNOWN
        if isinstance(expr, ast.Name):
            if expr.id in self.local_imports:
                found = self.local_imports[expr.id]
            elif expr.id not in self.local_names:
                found = self.names.get(expr.id, _UNKNOWN)
        elif isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id == "self" and self.owner:
                found = inspect.getattr_static(self.owner, expr.attr, _UNKNOWN)
            else:
                base = self._resolve(expr.value)
                # Only modules, classes and enum members: reading an attribute of
                # anything else (a property, say) could run the app's code.
                if isinstance(base, types.ModuleType | type | enum.Enum):
                    try:
                        found = getattr(base, expr.attr, _UNKNOWN)
                    except Exception:
                        found = _UNKNOWN
        # Flask's request, g and current_app are proxies that fail outside a
        # request: never let one out, even to isinstance().
        return _UNKNOWN if isinstance(found, LocalProxy) else found

    def _is_abort_method(self, func: ast.expr) -> bool:
        """``api.abort(...)`` or ``ns.abort(...)`` on a flask-restx ``Api`` or ``Namespace``."""
        return isinstance(func, ast.Attribute) and is_abort_method(
            self._resolve(func.value), func.attr
        )

    def _request_framework(self, expr: ast.expr) -> str | None:
        """The framework whose ``request`` ``expr`` is (:meth:`_resolve` never lets one out)."""
        found: object = None
        if isinstance(expr, ast.Attribute) and expr.attr == "request":
            found = getattr(self._resolve(expr.value), "request", None)
        elif isinstance(expr, ast.Name) and expr.id in self.local_imports:
            found = self.local_imports[expr.id]
        elif isinstance(expr, ast.Name) and expr.id not in self.local_names:
            found = self.names.get(expr.id)
        return request_framework(found)

    def _helper(self, func_expr: ast.expr) -> types.FunctionType | None:
        """A plain function of the app's own package that the view calls."""
        found = self._resolve(func_expr)
        if isinstance(found, staticmethod):
            found = found.__func__
        found = inspect.unwrap(found) if callable(found) else found
        if not isinstance(found, types.FunctionType):
            return None
        package = (self.func.__module__ or "").partition(".")[0]
        if (found.__module__ or "").partition(".")[0] != package:
            return None
        return found


def _argument(call: ast.Call, position: int, keywords: tuple[str, ...]) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    if len(call.args) > position and not any(
        isinstance(a, ast.Starred) for a in call.args[: position + 1]
    ):
        return call.args[position]
    return None


def _constant_code(value: object) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [int(value)]
    if isinstance(value, str):
        # Flask takes "418 I'm a teapot" as well as 418.
        number = value.strip().partition(" ")[0]
        return [int(number)] if number.isdigit() else []
    return []


def _terminal_name(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _is_abort(found: object, name: str | None) -> bool:
    if any(found is f for f in _ABORTS) or isinstance(found, werkzeug.exceptions.Aborter):
        return True
    if is_known(found, ABORTS):
        return True
    return found is _UNKNOWN and name == "abort"


def _is_make_response(found: object, name: str | None) -> bool:
    return (
        any(found is f for f in _MAKE_RESPONSES)
        or is_known(found, MAKE_RESPONSES)
        or (found is _UNKNOWN and name == "make_response")
    )


def _is_response_class(found: object) -> bool:
    return isinstance(found, type) and issubclass(found, BaseResponse)


def _is_status_attribute(target: ast.expr) -> bool:
    return isinstance(target, ast.Attribute) and target.attr in ("status_code", "status")
