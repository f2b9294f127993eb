"""Hello world, connexion style: two documents (OpenAPI 3 under /openapi, Swagger 2.0 under
/swagger) routed to plain functions, one of which answers in every way a view can."""

from __future__ import annotations

import connexion
from connexion.exceptions import ProblemException
from flask import abort

from contractkit import ContractKit

ck = ContractKit()


def post_greeting(name: str) -> object:
    if name == "later":
        return "queued", 299  # the document's own custom code
    if name == "new":
        return "created", 201
    if name == "taken":
        abort(409)
    if name == "crash":
        raise RuntimeError("the greeting machine broke")
    if name == "problem":
        return connexion.problem(409, "Conflict", f"{name} is taken")
    if name == "refused":
        raise ProblemException(status=409, title="Conflict", detail=f"{name} is taken")
    if name == "teapot":
        return "short and stout", 418
    return f"Hello {name}"


def get_farewell(name: str) -> object:
    if name == "nobody":
        abort(404)
    if name == "teapot":
        return "short and stout", 418
    return f"Goodbye {name}"


def create_app(mode: str = "report") -> connexion.FlaskApp:
    app = connexion.FlaskApp(__name__, specification_dir="greetings_specs/")
    app.add_api("openapi.yaml", arguments={"title": "Greetings"})
    app.add_api("swagger.yaml", arguments={"title": "Greetings"})
    app.app.config["CONTRACTKIT_MODE"] = mode
    ck.init_app(app)
    return app
