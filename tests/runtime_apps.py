"""Small apps for the runtime tests: one route per way Flask (or Quart) makes a response."""

from __future__ import annotations

import typing as t
from collections.abc import Generator, Iterator
from http import HTTPStatus

from marshmallow import Schema, fields

from contractkit import ContractKit, exempt, responds

from .frameworks import new_app, web_of


class ThingSchema(Schema):
    id = fields.Integer(required=True, dump_only=True)
    name = fields.String(required=True)
    note = fields.String(allow_none=True)
    # Required on input only: responses never carry it, so they must not need it.
    secret = fields.String(required=True, load_only=True)


class ErrorSchema(Schema):
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()


THING: dict[str, t.Any] = {"id": 1, "name": "Teapot", "note": None}


class Refused(Exception):
    """Raised by a view and answered by an error handler."""

    def __init__(self, code: int) -> None:
        self.code = code


#: Every route that takes ``?code=`` declares these codes.
DECLARED = (200, 201, 302, 404)


def build(kit: ContractKit, *, framework: str = "flask", **config: t.Any) -> t.Any:
    """The app of :func:`add_routes` of ``framework`` in ``config``'s mode, ready to serve.

    For code without pytest's fixtures (subprocesses, gunicorn) and tests that
    take the ``framework`` fixture; tests in ``tests/`` may use
    ``make_app(add_routes, ...)`` with a kit that has the codes.
    """
    register_codes(kit)
    app = new_app(framework, "runtime_app")
    add_routes(app)
    app.config.update(config)
    kit.init_app(app)
    return app


def register_codes(kit: ContractKit) -> None:
    kit.register_status(461, "Tier Limit Exceeded", fallback=429)


def add_routes(app: t.Any) -> None:
    """A route for each way of making a response; crashes answer 500, not raise.

    Written once for Flask and Quart (:class:`~tests.frameworks.Web`).
    """
    app.config["PROPAGATE_EXCEPTIONS"] = False
    web = web_of(app)
    request, abort, jsonify, Response = web.request, web.abort, web.jsonify, web.Response

    def _code() -> int:
        return int(request.args.get("code", "200"))

    streamed: list[str] = []
    app.extensions["runtime_app_streamed"] = streamed

    def declare(view: t.Any) -> t.Any:
        view = responds(200, ThingSchema)(view)
        view = responds(201, content_type="application/json")(view)
        view = responds(302)(view)
        return responds(404, ErrorSchema)(view)

    @app.before_request
    def short_circuit() -> t.Any:
        if "short" in request.args:
            return THING, _code()
        return None

    @app.errorhandler(Refused)
    def refused(error: Refused) -> t.Any:
        return {"title": "Refused", "status": error.code}, error.code

    @app.get("/tuple")
    @declare
    def tuple_view() -> t.Any:
        return THING, _code()

    @app.get("/tuple-headers")
    @declare
    def tuple_headers() -> t.Any:
        return THING, _code(), {"X-Kind": "tuple-headers"}

    @app.get("/httpstatus")
    @declare
    def httpstatus() -> t.Any:
        return THING, HTTPStatus(_code())

    @app.get("/response")
    @declare
    def response_object() -> t.Any:
        return Response('{"id": 1, "name": "Teapot"}', _code(), mimetype="application/json")

    @app.get("/make-response")
    @declare
    @web.view
    def made() -> Generator[t.Any, t.Any, t.Any]:
        return (yield web.make_response(jsonify(THING), _code()))

    @app.get("/abort")
    @declare
    def aborted() -> t.Any:
        abort(_code())

    @app.get("/handled")
    @declare
    def handled() -> t.Any:
        raise Refused(_code())

    @app.get("/redirect")
    @declare
    def redirected() -> t.Any:
        return web.redirect("/tuple", _code())

    @app.get("/crash")
    @declare
    def crash() -> t.Any:
        raise RuntimeError("the view broke")

    @app.get("/crash-declared")
    @responds(500, description="Anything may break.")
    def crash_declared() -> t.Any:
        raise RuntimeError("the view broke, as declared")

    @app.get("/stream")
    @declare
    def stream() -> t.Any:
        def chunks() -> Iterator[str]:
            streamed.append("started")
            yield '{"id": 1, '
            yield '"name": 7}'  # invalid, but a stream is never buffered to be checked

        return Response(web.stream(chunks()), _code(), mimetype="application/json")

    @app.get("/file")
    @responds(200, content_type="text/plain")
    @responds(304)
    @web.view
    def file() -> Generator[t.Any, t.Any, t.Any]:
        response = yield web.send_bytes(b"file body", "text/plain", "v1")
        response.status_code = _code() if "code" in request.args else response.status_code
        return response

    @app.get("/cached")
    @responds(200, ThingSchema)
    @web.view
    def cached() -> Generator[t.Any, t.Any, t.Any]:
        response = jsonify(THING)
        response.set_etag("v1")
        return (yield web.conditional(response))

    @app.get("/custom")
    @responds(200, ThingSchema)
    @responds(461, ErrorSchema)
    def custom() -> t.Any:
        return {"title": "Tier Limit Exceeded", "status": 461}, _code()

    @app.get("/undocumented")
    def undocumented() -> t.Any:
        return THING

    @app.get("/health")
    @exempt
    def health() -> t.Any:
        return "ok", 218  # exempt: any code goes

    @app.get("/metrics")
    def metrics() -> t.Any:
        return "up 1", 219  # exempt by config in the tests that say so

    @app.get("/out-of-range")
    @declare
    def out_of_range() -> t.Any:
        return Response("{}", status=600, mimetype="application/json")
