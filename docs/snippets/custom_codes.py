"""Custom codes: registered once, answered by views, replaced by fallbacks when negotiated."""

from __future__ import annotations

import typing as t
import warnings

from flask import Flask
from marshmallow import Schema, fields

from contractkit import ContractKit, responds
from contractkit.errors import InfrastructureCodeWarning


class JobSchema(Schema):
    id = fields.Integer()
    state = fields.String()
    warnings = fields.List(fields.String())


ck = ContractKit()
ck.register_status(
    299,
    "Completed With Warnings",  # on the status line: 299 Completed With Warnings
    description="The job finished; read the warnings in the body.",
)  # no fallback given: 200, the x00 of its class (RFC 9110 §15)
with warnings.catch_warnings():
    # nginx sends 499 for a client that went away; this API chose the code knowingly.
    warnings.simplefilter("ignore", InfrastructureCodeWarning)
    ck.register_status(
        499,
        "Client Closed Request",
        fallback=400,
        description="The client cancelled the job before it finished.",
    )

JOBS = {
    1: {"id": 1, "state": "done", "warnings": ["2 rows skipped"]},
    2: {"id": 2, "state": "cancelled", "warnings": []},
}


def create_app(fallback_policy: str = "on-request") -> Flask:
    app = Flask(__name__)
    app.config["CONTRACTKIT_STATUS_FALLBACK"] = fallback_policy  # or "always", "never"

    @app.get("/jobs/<int:job_id>")
    @responds(200, JobSchema)
    @responds(299, JobSchema)
    @responds(499, JobSchema)
    def get_job(job_id: int) -> t.Any:
        """Poll a job."""
        job = JOBS[job_id]
        if job["state"] == "cancelled":
            return job, 499
        return job, 299 if job["warnings"] else 200

    ck.init_app(app)
    return app
