"""A pet store, RestyResolver style: ``GET /pets`` is ``pets.search``, ``GET /pets/{petId}``
is ``pets.get``; the app factory adds contractkit in two lines."""

from __future__ import annotations

import connexion
from connexion.resolver import RestyResolver

from contractkit import ContractKit

ck = ContractKit()


def create_app(mode: str = "report") -> connexion.FlaskApp:
    app = connexion.FlaskApp(__name__, specification_dir="spec")
    app.add_api("openapi.yaml", resolver=RestyResolver("tests.contrib.connexion_apps.petstore"))
    app.app.config["CONTRACTKIT_MODE"] = mode
    ck.init_app(app)
    return app
