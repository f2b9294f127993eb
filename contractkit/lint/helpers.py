"""Helpers of other Flask libraries that answer with a status code, as the lint knows them.

Known by module and name, so none of these libraries needs to be installed
for the lint to run.
"""

from __future__ import annotations

import ast
import typing as t

#: Functions that raise an HTTP error for their first argument, like ``flask.abort``:
#: ``flask_smorest.abort`` is webargs' (it calls ``flask.abort``), then flask-restful's
#: and apiflask's.
ABORTS: frozenset[tuple[str, str]] = frozenset(
    {
        ("webargs.flaskparser", "abort"),
        ("flask_restful", "abort"),
        ("apiflask.exceptions", "abort"),
    }
)

#: Flask-SQLAlchemy's query and ``db`` methods that answer 404 when nothing is found.
OR_404: frozenset[str] = frozenset({"get_or_404", "first_or_404", "one_or_404"})


def is_known_abort(found: object) -> bool:
    """Whether ``found`` is one of :data:`ABORTS`."""
    key = (getattr(found, "__module__", None), getattr(found, "__qualname__", None))
    return key in ABORTS


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
