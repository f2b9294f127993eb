"""The example app as the load test serves it: counted by Prometheus, and breaking its contract.

``gunicorn 'load_app:create_app()'`` (with ``benchmarks/`` on the path) serves
the example app plus three things only a load test wants:

- ``CONTRACTKIT_PROMETHEUS`` on, and ``GET /metrics`` as the documented
  multiprocess recipe: a fresh ``CollectorRegistry`` with a
  ``MultiProcessCollector`` summing every worker's file;
- ``GET /load/undeclared/<code>``, which declares 200 and answers 409, 410 or
  451: the violations the load test sends on purpose and counts;
- an ``X-Worker`` header with the worker's pid, to show the load was spread.

Config comes from ``FLASK_*`` environment variables, as Flask's
``from_prefixed_env`` reads them: ``FLASK_CONTRACTKIT_MODE=strict``.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

from flask import Blueprint, Config, Flask, Response, abort
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractkit import exempt, responds
from example_app import create_app as create_example_app
from example_app.contract import ck
from example_app.schemas import ErrorSchema, MessageSchema

#: The codes /load/undeclared answers with; none is declared.
UNDECLARED = (409, 410, 451)

bp = Blueprint("load", __name__, url_prefix="/load")


@bp.get("/undeclared/<int:code>")
@responds(200, MessageSchema, description="Never sent: the route answers undeclared codes.")
@responds(404, ErrorSchema, description="A code the load test does not use.")
def undeclared(code: int) -> t.Any:
    """Answer ``code``, which the contract does not declare."""
    if code not in UNDECLARED:
        abort(404)
    return {"title": "Undeclared on purpose", "status": code}, code


@exempt
def metrics() -> Response:
    """Prometheus exposition of every worker's counters (multiprocess mode) or this process's."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


class _WorkerHeader:
    """WSGI middleware: outermost, so even a response strict mode replaced carries it."""

    def __init__(self, wsgi_app: t.Any) -> None:
        self._wsgi_app = wsgi_app

    def __call__(self, environ: t.Any, start_response: t.Any) -> t.Any:
        def start(status: str, headers: list[tuple[str, str]], *exc_info: t.Any) -> t.Any:
            return start_response(status, [*headers, ("X-Worker", str(os.getpid()))], *exc_info)

        return self._wsgi_app(environ, start)


def create_app() -> Flask:
    """The example app with metrics on, /metrics, and the undeclared route."""
    env = Config("")
    env.from_prefixed_env()
    config = {
        "CONTRACTKIT_MODE": "report",
        "CONTRACTKIT_PROMETHEUS": True,
        # The load test is one client making thousands of searches: no plan limit.
        "EXAMPLE_SEARCH_CALLS_PER_HOUR": 10**9,
        **env,
    }
    app = create_example_app(config)
    app.register_blueprint(bp)
    app.add_url_rule("/metrics", view_func=metrics)
    app.wsgi_app = _WorkerHeader(app.wsgi_app)  # type: ignore[method-assign]
    # Build the contract and the check's tables now, in each worker as it boots.
    ck.contract(app)
    return app
