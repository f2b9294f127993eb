"""An example API that uses every contractkit feature.

Run it with ``flask --app example_app run`` and open http://127.0.0.1:5000/docs.
"""

from __future__ import annotations

import typing as t

from flask import Flask

from contractkit import responds

from . import items, jobs, reports
from .contract import ck


def create_app(config: t.Mapping[str, t.Any] | None = None) -> Flask:
    """Build the example app; ``config`` overrides its defaults (tests use it)."""
    app = Flask(__name__)
    app.config.update(
        CONTRACTKIT_MODE="strict",
        CONTRACTKIT_TITLE="contractkit example API",
        CONTRACTKIT_VERSION="1.0.0",
        CONTRACTKIT_DESCRIPTION="Items, jobs and reports, with custom status codes.",
        CONTRACTKIT_INPUT_ERROR_STATUS=400,
        # What the document says beyond the contract: who answers for the API, its
        # license, that it needs no authentication, and what each tag (a blueprint) groups.
        CONTRACTKIT_SPEC_OPTIONS={
            "info": {
                "contact": {
                    "name": "contractkit maintainers",
                    "url": "https://github.com/contractkit/contractkit/issues",
                },
                "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
            },
            "security": [],
            "tags": [
                {"name": "items", "description": "The usual create, read, list and delete."},
                {"name": "jobs", "description": "Accepted now, done later, cancellable."},
                {"name": "reports", "description": "Reports, custom codes and rate limits."},
            ],
        },
        EXAMPLE_SEARCH_CALLS_PER_HOUR=reports.SEARCH_CALLS_PER_HOUR,
        EXAMPLE_JOB_QUEUE_CAPACITY=jobs.QUEUE_CAPACITY,
        EXAMPLE_JOBS_PAUSED=False,
    )
    app.config.update(config or {})
    app.extensions.update(
        example_items={1: {"id": 1, "name": "Teapot", "price": 12.5}},
        example_jobs={},
        example_search_calls={},
    )
    # Any operation may fail unexpectedly. Declared without a body, an error carries the
    # problem+json contractkit answers HTTP errors with (CONTRACTKIT_JSON_ERRORS).
    responds(500, description="An unexpected error.")(app)

    # Before the blueprints: their rules are parsed, converters looked up, as they register.
    app.url_map.converters["report_name"] = reports.ReportNameConverter
    app.register_blueprint(items.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(reports.bp)
    ck.init_app(app)
    return app
