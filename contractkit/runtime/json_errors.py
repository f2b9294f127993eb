"""``CONTRACTKIT_JSON_ERRORS``: HTTP errors answered as RFC 9457 problem+json, not HTML.

Flask answers ``abort()``, routing 404/405 and unhandled exceptions with an
HTML page, which contradicts a JSON contract. contractkit registers one
handler for :class:`~werkzeug.exceptions.HTTPException`, and every handler the
app registers itself wins over it:

- one for a code, or registered on a blueprint: Flask looks those up first;
- one for ``HTTPException`` on the app: it replaces this one (registered
  later) or stops it being registered (registered before ``init_app``);
- one for a base class such as ``Exception``: this handler hands the error
  to it, as Flask would have without contractkit.
"""

from __future__ import annotations

import typing as t

from flask import Response, current_app, request
from flask.sansio.app import App
from werkzeug.exceptions import HTTPException

from ..problem import problem_response

#: Headers of the error's own HTML response that do not describe a problem+json body.
_BODY_HEADERS = frozenset({"content-type", "content-length"})


def install_json_errors(
    app: App, handler: t.Callable[[HTTPException], t.Any] | None = None
) -> None:
    """Answer ``app``'s HTTP errors as problem+json, unless the app handles them itself."""
    if app.error_handler_spec[None][None].get(HTTPException) is not None:
        return  # the app's own handler for every HTTP error
    app.register_error_handler(HTTPException, handler or problem_for)


def answers_errors(app: App) -> bool:
    """Whether contractkit's handler answers ``app``'s HTTP errors, not one of the app's own.

    The contract publishes problem+json for errors only then: with a catch-all
    handler of the app's own (flask-smorest registers one), the app's bodies
    are what clients get, and are declared like any other.
    """
    handlers = app.error_handler_spec[None][None]
    answering = getattr(handlers.get(HTTPException), "answers_problems", False)
    return answering and not any(handlers.get(cls) is not None for cls in HTTPException.__mro__[1:])


def problem_for(error: HTTPException) -> t.Any:
    """The problem+json answer to ``error``, keeping the headers it carries.

    A 405's ``Allow`` (RFC 9110 §15.5.6) and a 401's ``WWW-Authenticate`` are
    part of the answer; only the HTML page's own headers go.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    own = base_class_handler(app, request.blueprints, error)
    if own is not None:
        return app.ensure_sync(own)(error)
    return problem_answer(error)


#: Marks contractkit's handlers, the Flask one and the Quart adapter's.
problem_for.answers_problems = True  # type: ignore[attr-defined]


def problem_answer(error: HTTPException) -> t.Any:
    """The problem+json answer to ``error``, once no handler of the app's own is due."""
    if error.response is not None:
        return error.response
    code = error.code or 500
    detail = error.description or error.name
    data = getattr(error, "data", None)  # flask-smorest's abort(code, message=...)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        detail = data["message"]
    response: Response = problem_response(code, detail, title=error.name)
    for name, value in error.get_headers():
        if name.lower() not in _BODY_HEADERS:
            response.headers.add(name, value)
    return response


def base_class_handler(
    app: App, blueprints: t.Iterable[str], error: HTTPException
) -> t.Callable[[t.Any], t.Any] | None:
    """The app's handler for a base class of ``HTTPException`` (``Exception``), if any.

    Flask and Quart find this handler first, for ``HTTPException``, though the
    app's handler for ``Exception`` would have answered without contractkit.

    :param blueprints: the request's blueprints, innermost first.
    """
    names = (*blueprints, None)
    for cls in HTTPException.__mro__[1:]:
        for name in names:
            handler = app.error_handler_spec.get(name, {}).get(None, {}).get(cls)
            if handler is not None:
                return t.cast(t.Callable[[t.Any], t.Any], handler)
    return None
