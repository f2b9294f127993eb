"""Background jobs: accepted now, done later, and cancellable by their client."""

from __future__ import annotations

import typing as t

from flask import Blueprint, abort, current_app
from flask.views import MethodView

from contractkit import accepts, responds

from .schemas import ErrorSchema, JobRequestSchema, JobSchema

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

#: Jobs kept at once by default (config ``EXAMPLE_JOB_QUEUE_CAPACITY``); past it, 503.
QUEUE_CAPACITY = 1000

# Every jobs route answers 503 while the queue is paused; starting a job, also when it is full.
responds(
    503,
    ErrorSchema,
    description="The job queue is paused or full; retry later.",
    headers={"Retry-After": {"description": "Seconds to wait.", "required": True}},
)(bp)


def _jobs() -> dict[int, dict[str, t.Any]]:
    return t.cast(dict[int, dict[str, t.Any]], current_app.extensions["example_jobs"])


def _unavailable(detail: str) -> t.Any:
    problem = {"title": "Service Unavailable", "status": 503, "detail": detail}
    return problem, 503, {"Retry-After": "30"}


@bp.before_request
def _paused() -> t.Any:
    # Operators pause the queue (config EXAMPLE_JOBS_PAUSED) for maintenance.
    if current_app.config["EXAMPLE_JOBS_PAUSED"]:
        return _unavailable("The job queue is paused for maintenance.")
    return None


@bp.post("")
@accepts(JobRequestSchema)
@responds(
    202,
    JobSchema,
    description="The job was queued.",
    headers={"Location": {"description": "URL to poll for the job.", "required": True}},
)
def start_job(body: dict[str, t.Any]) -> t.Any:
    """Queue a job; poll its URL for the result."""
    jobs = _jobs()
    if len(jobs) >= current_app.config["EXAMPLE_JOB_QUEUE_CAPACITY"]:
        return _unavailable("Job queue is full.")
    job_id = max(jobs, default=0) + 1
    jobs[job_id] = {"id": job_id, "kind": body["kind"], "state": "queued"}
    return JobSchema().dump(jobs[job_id]), 202, {"Location": f"/jobs/{job_id}"}


@responds(404, description="No job with that id.")
class JobView(MethodView):
    """One job."""

    @responds(200, JobSchema, description="The job has finished.")
    @responds(202, JobSchema, description="The job is still queued.")
    @responds(499, ErrorSchema)
    def get(self, job_id: int) -> t.Any:
        """Poll a job.

        A job its client cancelled answers 499.
        """
        job = _jobs().get(job_id)
        if job is None:
            abort(404)
        if job["state"] == "cancelled":
            detail = f"Job {job_id} was cancelled by its client."
            return {"title": "Client Closed Request", "status": 499, "detail": detail}, 499
        return JobSchema().dump(job), 200 if job["state"] == "done" else 202

    @responds(204, description="The job was cancelled.")
    def delete(self, job_id: int) -> t.Any:
        """Cancel a job."""
        job = _jobs().get(job_id)
        if job is None:
            abort(404)
        job["state"] = "cancelled"
        return "", 204


bp.add_url_rule("/<int:job_id>", view_func=JobView.as_view("job"))
