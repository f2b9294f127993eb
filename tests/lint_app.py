"""An app whose views answer undeclared codes in every form ``contractkit lint`` reads.

Each ``# expect: ENDPOINT METHOD CODE FORM`` comment marks a line the lint must
report; the tests read these markers, so the expectations sit next to the code.
Views without a marker must produce no finding.
"""

from __future__ import annotations

import http
import typing as t
from http import HTTPStatus

import flask
import werkzeug.exceptions
from flask import Flask, Response, abort, jsonify, make_response, redirect
from flask.views import MethodView
from werkzeug.exceptions import Conflict
from werkzeug.exceptions import abort as werkzeug_abort

from contractkit import ContractKit, exempt, responds

GONE = 410


def _gone() -> t.Any:
    return {"detail": "gone"}, GONE  # expect: via_helper GET 410 return


def _forbid() -> None:
    abort(403)  # expect: via_helper GET 403 abort


def _load_order() -> dict[str, t.Any]:
    """Data, not a response: the view does not return what this returns."""
    return {"id": 1}


class _Task:
    def abort(self, code: int) -> None:
        """Not an HTTP abort: the lint must not take it for one."""


def create_app() -> Flask:
    app = Flask("lint_app")
    kit = ContractKit()

    @app.get("/tuple")
    @responds(200)
    def tuple_int() -> t.Any:
        return {"a": 1}, 409  # expect: tuple_int GET 409 return

    @app.get("/tuple-headers")
    @responds(200)
    def tuple_headers() -> t.Any:
        return {"a": 1}, 202, {"X-A": "b"}  # expect: tuple_headers GET 202 return

    @app.get("/http-status")
    @responds(200)
    def http_status() -> t.Any:
        return {"a": 1}, HTTPStatus.CONFLICT  # expect: http_status GET 409 return

    @app.get("/http-status-value")
    @responds(200)
    def http_status_value() -> t.Any:
        return "", http.HTTPStatus.ACCEPTED.value  # expect: http_status_value GET 202 return

    @app.get("/status-line")
    @responds(200)
    def status_line() -> t.Any:
        return "", "460 Tier Limit Exceeded"  # expect: status_line GET 460 return

    @app.get("/jsonify")
    @responds(200)
    def jsonified() -> t.Any:
        return jsonify(error="x"), 422  # expect: jsonified GET 422 return

    @app.get("/either")
    @responds(200)
    def either() -> t.Any:
        partial = flask.request.args.get("partial")
        return "x", 200 if not partial else 206  # expect: either GET 206 return

    @app.get("/abort")
    @responds(200)
    def aborts() -> t.Any:
        abort(401)  # expect: aborts GET 401 abort

    @app.get("/flask-abort")
    @responds(200)
    def flask_abort() -> t.Any:
        flask.abort(code=402)  # expect: flask_abort GET 402 abort

    @app.get("/werkzeug-abort")
    @responds(200)
    def werkzeug_aborts() -> t.Any:
        werkzeug.exceptions.abort(451)  # expect: werkzeug_aborts GET 451 abort
        werkzeug_abort(HTTPStatus.LOCKED)  # expect: werkzeug_aborts GET 423 abort

    @app.get("/local-import")
    @responds(200)
    def local_import() -> t.Any:
        from flask import abort as stop

        stop(405)  # expect: local_import GET 405 abort

    @app.get("/make-response")
    @responds(200)
    def made() -> t.Any:
        if flask.request.args:
            return make_response(("x", 424))  # expect: made GET 424 make_response
        return make_response({"a": 1}, 425)  # expect: made GET 425 make_response

    @app.get("/response")
    @responds(200)
    def response() -> t.Any:
        if flask.request.args:
            return Response("x", 507)  # expect: response GET 507 Response
        return Response("x", status=HTTPStatus.LOCKED)  # expect: response GET 423 Response

    @app.get("/status-attribute")
    @responds(204)
    def status_attribute() -> t.Any:
        answer = Response()
        answer.status_code = 204
        answer.status = "208 Already Reported"  # expect: status_attribute GET 208 status attribute
        return answer

    @app.get("/raise")
    @responds(200)
    def raises() -> t.Any:
        raise Conflict()  # expect: raises GET 409 raise

    @app.get("/redirect")
    @responds(200)
    def redirects() -> t.Any:
        if flask.request.args:
            return redirect("/elsewhere", code=303)  # expect: redirects GET 303 redirect
        return redirect("/elsewhere")  # expect: redirects GET 302 redirect

    @app.post("/implicit")
    @responds(201)
    def implicit() -> t.Any:
        return {"created": False}  # expect: implicit POST 200 return without a status

    @app.get("/helper")
    @responds(200)
    def via_helper() -> t.Any:
        _forbid()
        if flask.request.args:
            return _gone()
        return {"a": 1}

    class Thing(MethodView):
        @responds(200)
        def get(self) -> t.Any:
            return {"a": 1}, 201  # expect: thing GET 201 return

        @responds(204)
        def delete(self) -> t.Any:
            return self._refuse()

        def _refuse(self) -> t.Any:
            return "", 409  # expect: thing DELETE 409 return

    app.add_url_rule("/thing", view_func=Thing.as_view("thing"))

    # No finding below this line.

    @app.get("/clean/<int:n>")
    @responds(200)
    @responds(404)
    @responds(409)
    def clean(n: int) -> t.Any:
        if n == 0:
            abort(404)
        if n == 1:
            return {"n": n}, HTTPStatus.CONFLICT
        status = 418  # not a literal at the return: out of the lint's reach by design
        if n == 2:
            return {"n": n}, status
        task = _Task()
        task.abort(499)

        def nested() -> t.Any:
            return "", 418

        unused = nested
        del unused
        return {"n": n}, 200, {"X-N": str(n)}

    @app.post("/orders")
    @responds(201)
    def create_order() -> t.Any:
        order = _load_order()
        return order, 201

    @app.get("/headers-only")
    @responds(200)
    def headers_only() -> t.Any:
        return {"a": 1}, {"X-A": "b"}

    @app.get("/unproduced")
    @responds(200)
    @responds(404, description="Answered by an error handler.")
    def unproduced() -> t.Any:
        return {"a": 1}

    @app.get("/exempt")
    @exempt
    def exempted() -> t.Any:
        return "", 418

    @app.get("/undocumented")
    def undocumented() -> t.Any:
        return "", 418

    kit.init_app(app)
    return app
