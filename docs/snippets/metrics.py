"""Prometheus: contractkit's counters, and a /metrics route for one process or many."""

from __future__ import annotations

import os

from flask import Flask, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from contractkit import ContractKit, exempt

ck = ContractKit()


def add_metrics(app: Flask) -> None:
    """Count checked responses and violations, and serve them at /metrics."""
    app.config["CONTRACTKIT_PROMETHEUS"] = True  # or a CollectorRegistry of your own

    @app.get("/metrics")
    @exempt  # a scrape is not part of the API's contract
    def metrics() -> Response:
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # gunicorn with several workers
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # sums every worker's counters
        else:
            registry = REGISTRY
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def create_app() -> Flask:
    app = Flask("shop")
    add_metrics(app)  # before init_app, which reads the config
    # ... your blueprints ...
    ck.init_app(app)
    return app
