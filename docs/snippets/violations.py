"""Runtime enforcement: the mode, the violations store, and forwarding each violation."""

from __future__ import annotations

import logging
import typing as t

from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, Violation, responds, violation_recorded

alerts = logging.getLogger("shop.alerts")
ck = ContractKit()


class OrderSchema(Schema):
    id = fields.Integer(required=True)
    total = fields.Integer(required=True)


def create_app(mode: str = "report") -> Flask:
    app = Flask("shop")
    app.config["CONTRACTKIT_MODE"] = mode  # "off", "report" (production) or "strict" (tests)
    app.config["CONTRACTKIT_CHECK_BODIES"] = True  # the default only in strict mode

    @app.get("/orders/<int:order_id>")
    @responds(200, OrderSchema)
    def get_order(order_id: int) -> t.Any:
        if order_id == 0:
            return {"title": "Gone"}, 410  # not declared: a violation
        if order_id == 1:
            return {"id": 1, "total": "12.50"}  # total is not an integer: a violation
        return {"id": order_id, "total": 1250}

    @violation_recorded.connect_via(app)
    def forward(sender: Flask, violation: Violation, **extra: t.Any) -> None:
        # Send it wherever your team looks: Sentry, a chat channel, an error tracker.
        alerts.warning("%s: %s", violation.kind, violation.detail)

    ck.init_app(app)
    return app
