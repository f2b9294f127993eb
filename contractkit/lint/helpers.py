"""Helpers of Flask and other libraries that answer with a status code, as the lint knows them.

Known by module and name, so none of these libraries needs to be installed
for the lint to run.
"""

from __future__ import annotations

import ast
import typing as t

#: Functions that raise an HTTP error for their first argument, like ``flask.abort``:
#: ``flask_smorest.abort`` is webargs' (it calls ``flask.abort``), then flask-restful's,
#: apiflask's and Quart's.
ABORTS: frozenset[tuple[str, str]] = frozenset(
    {
        ("webargs.flaskparser", "abort"),
        ("quart.helpers", "abort"),
        ("flask_restful", "abort"),
        ("apiflask.exceptions", "abort"),
    }
)

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


def smorest_response_code(
    decorators: t.Iterable[ast.expr], resolve: t.Callable[[ast.expr], object]
) -> int | None:
    """The code of flask-smorest's ``@blp.response(202, ...)`` among ``decorators``, or ``None``.

    flask-smorest sends that code when the view returns a body without a status.
    """
    for decorator in decorators:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        if decorator.func.attr != "response":
            continue
        if not type(resolve(decorator.func.value)).__module__.startswith("flask_smorest"):
            continue
        code: ast.expr | None = decorator.args[0] if decorator.args else None
        for keyword in decorator.keywords:
            if keyword.arg == "status_code":
                code = keyword.value
        if isinstance(code, ast.Constant) and isinstance(code.value, int):
            return int(code.value)
    return None


def json_body_codes(node: ast.AST, is_request: t.Callable[[ast.expr], bool]) -> tuple[int, ...]:
    """The codes reading the request's JSON body at ``node`` can answer, if it does.

    Flask's ``request.get_json()`` answers 415 to a request that is not JSON
    and 400 to malformed JSON; ``force=True`` leaves only the 400, and
    ``silent=True`` neither. ``request.json`` is ``get_json()`` as it stands.
    """
    if isinstance(node, ast.Attribute) and node.attr == "json":
        return (400, 415) if isinstance(node.ctx, ast.Load) and is_request(node.value) else ()
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return ()
    if node.func.attr != "get_json" or not is_request(node.func.value):
        return ()
    flags = {k.arg: k.value for k in node.keywords if k.arg in ("force", "silent")}
    # get_json(force, silent, cache) may take them by position as well.
    flags.update(dict(zip(("force", "silent"), node.args, strict=False)))
    if _is_true(flags.get("silent")):
        return ()
    return (400,) if _is_true(flags.get("force")) else (400, 415)


def _is_true(flag: ast.expr | None) -> bool:
    return isinstance(flag, ast.Constant) and flag.value is True
