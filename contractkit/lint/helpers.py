"""Helpers of Flask and other libraries that answer with a status code, as the lint knows them.

Known by module and name, so none of these libraries needs to be installed
for the lint to run.
"""

from __future__ import annotations

import ast
import sys
import typing as t

import flask

#: Functions that raise an HTTP error for their first argument, like ``flask.abort``:
#: ``flask_smorest.abort`` is webargs' (it calls ``flask.abort``), then flask-restful's,
#: flask-restx's, apiflask's and Quart's.
ABORTS: frozenset[tuple[str, str]] = frozenset(
    {
        ("webargs.flaskparser", "abort"),
        ("quart.helpers", "abort"),
        ("flask_restful", "abort"),
        ("flask_restx.errors", "abort"),
        ("apiflask.exceptions", "abort"),
    }
)

#: Classes whose ``abort`` method is an abort: flask-restx's ``api.abort(404, ...)``
#: (``Api`` hands it to its default ``Namespace``) and ``ns.abort(...)``.
ABORT_METHODS: frozenset[tuple[str, str]] = frozenset(
    {("flask_restx.api", "Api"), ("flask_restx.namespace", "Namespace")}
)

#: Exceptions raised with the status code as their first argument: APIFlask's
#: ``raise HTTPError(404, message=...)``.
RAISED_WITH_CODE: frozenset[tuple[str, str]] = frozenset({("apiflask.exceptions", "HTTPError")})

#: Flask-SQLAlchemy's query and ``db`` methods that answer 404 when nothing is found.
OR_404: frozenset[str] = frozenset({"get_or_404", "first_or_404", "one_or_404"})


#: Quart's twins of ``flask.make_response``, ``flask.redirect`` and Flask's body helpers.
MAKE_RESPONSES: frozenset[tuple[str, str]] = frozenset({("quart.helpers", "make_response")})
REDIRECTS: frozenset[tuple[str, str]] = frozenset({("quart.helpers", "redirect")})
BODIES: frozenset[tuple[str, str]] = frozenset(
    {
        ("quart.json", "jsonify"),
        ("quart.templating", "render_template"),
        ("quart.templating", "render_template_string"),
    }
)


def is_known(found: object, helpers: frozenset[tuple[str, str]]) -> bool:
    """Whether ``found`` is one of ``helpers`` (:data:`ABORTS`, :data:`REDIRECTS`...)."""
    key = (getattr(found, "__module__", None), getattr(found, "__qualname__", None))
    return key in helpers


def is_abort_method(owner: object, name: str) -> bool:
    """Whether ``owner.name(...)`` is the ``abort`` method of one of :data:`ABORT_METHODS`."""
    return name == "abort" and is_known(type(owner), ABORT_METHODS)


def implied_response_code(
    decorators: t.Iterable[ast.expr], resolve: t.Callable[[ast.expr], object]
) -> int | None:
    """The code a library's decorator among ``decorators`` sends for a body without a status.

    flask-smorest's ``@blp.response(202, ...)`` and APIFlask's ``@app.output(...,
    status_code=204)`` (200 unless told) answer with that code when the view
    returns a body alone.
    """
    for decorator in decorators:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        library = _LIBRARY_DECORATORS.get(decorator.func.attr)
        if library is None:
            continue
        if not type(resolve(decorator.func.value)).__module__.startswith(library[0]):
            continue
        position, default = library[1:]
        code: ast.expr | None = decorator.args[position] if len(decorator.args) > position else None
        for keyword in decorator.keywords:
            if keyword.arg == "status_code":
                code = keyword.value
        if code is None:
            return default
        if isinstance(code, ast.Constant) and isinstance(code.value, int):
            return int(code.value)
    return None


def restx_marshals(
    decorators: t.Iterable[ast.expr], resolve: t.Callable[[ast.expr], object]
) -> bool:
    """Whether flask-restx's ``marshal_with`` or ``marshal_list_with`` is among ``decorators``.

    The view then returns data, not a response: whatever it returns without a
    status is marshalled and answered with 200 (``code=`` there only documents).
    """
    for decorator in decorators:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in ("marshal_with", "marshal_list_with"):
            continue
        found = resolve(func.value) if isinstance(func, ast.Attribute) else resolve(func)
        module = found.__module__ if callable(found) else type(found).__module__
        if (module or "").startswith("flask_restx"):
            return True
    return False


def apiflask_output_code(view: object) -> int | None:
    """The ``status_code`` of APIFlask's ``@app.output`` on ``view``, kept on the view itself.

    Read from the view as well as from its source: an app made in a factory
    decorates with ``@app.output`` where ``app`` is the factory's local, which
    the view's source cannot resolve.
    """
    spec = getattr(view, "_spec", None)
    response = spec.get("response") if isinstance(spec, dict) else None
    code = response.get("status_code") if isinstance(response, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


#: Decorators that set the code of a body returned alone: the method's name, then the
#: library's package, the position of its code argument and the code when none is given.
_LIBRARY_DECORATORS: t.Final[dict[str, tuple[str, int, int | None]]] = {
    "response": ("flask_smorest", 0, None),
    "output": ("apiflask", 1, 200),
}


def json_body_codes(
    node: ast.AST, request_framework: t.Callable[[ast.expr], str | None]
) -> tuple[int, ...]:
    """The codes reading the request's JSON body at ``node`` can answer, if it does.

    Flask's ``request.get_json()`` answers 415 to a request that is not JSON
    and 400 to malformed JSON; ``force=True`` leaves only the 400, and
    ``silent=True`` neither. Quart's (awaited) returns ``None`` for a request
    that is not JSON, so it answers only the 400, and ``silent=True`` not even
    that. ``request.json`` is ``get_json()`` as it stands.

    :param request_framework: ``"flask"`` or ``"quart"`` where an expression is
        that framework's ``request``, else ``None``.
    """
    if isinstance(node, ast.Attribute) and node.attr == "json":
        framework = request_framework(node.value) if isinstance(node.ctx, ast.Load) else None
        return _JSON_CODES.get(framework, ()) if framework else ()
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return ()
    framework = request_framework(node.func.value) if node.func.attr == "get_json" else None
    if framework is None:
        return ()
    flags = {k.arg: k.value for k in node.keywords if k.arg in ("force", "silent")}
    # get_json(force, silent, cache) may take them by position as well.
    flags.update(dict(zip(("force", "silent"), node.args, strict=False)))
    if _is_true(flags.get("silent")):
        return ()
    return (400,) if _is_true(flags.get("force")) else _JSON_CODES[framework]


def request_framework(found: object) -> str | None:
    """``"flask"`` or ``"quart"`` where ``found`` is that framework's ``request`` proxy.

    Quart's is known only where the app imported Quart.
    """
    if found is flask.request:
        return "flask"
    quart = sys.modules.get("quart")
    return "quart" if quart is not None and found is quart.request else None


#: What ``get_json()`` with no flags answers, by framework (see :func:`json_body_codes`).
_JSON_CODES: t.Final[dict[str, tuple[int, ...]]] = {"flask": (400, 415), "quart": (400,)}


def _is_true(flag: ast.expr | None) -> bool:
    return isinstance(flag, ast.Constant) and flag.value is True
