"""Reports, custom-code answers and the rate-limited search."""

from __future__ import annotations

import time
import typing as t

from flask import Blueprint, abort, current_app, request
from werkzeug.routing import AnyConverter, BaseConverter, Map

from contractkit import accepts, responds

from .schemas import ErrorSchema, MessageSchema, ReportSchema, SearchQuerySchema, SearchResultSchema

bp = Blueprint("reports", __name__)

#: The reports /reports/<name> builds.
REPORTS = ("daily", "weekly")
#: Calls one client may make to /search per hour on the free plan.
SEARCH_CALLS_PER_HOUR = 30


@bp.get("/custom")
@responds(299, MessageSchema, description="Done, with a message worth reading.")
def custom() -> t.Any:
    """Answer with the custom code 299."""
    return {"message": "Processed, with warnings: nothing was changed."}, 299


class ReportNameConverter(AnyConverter):
    """Report names: published as an enum of the known names, yet any name reaches the view.

    Werkzeug's ``any`` converter makes the router answer an unknown name with 404
    before any view runs, where neither the runtime check nor contract coverage
    sees it. With this one the view answers it, as its contract declares.
    contractkit documents a custom converter as the built-in class it extends.
    """

    def __init__(self, map: Map, *items: str) -> None:
        super().__init__(map, *items)
        self.regex = BaseConverter.regex


@bp.get(f"/reports/<report_name({', '.join(REPORTS)}):name>")
@responds(200, ReportSchema, description="The report, complete.")
@responds(299, ReportSchema, description="The report, with rows that could not be read.")
@responds(404, description="No report with that name.")
def report(name: str) -> t.Any:
    """Build a report.

    Weekly reports skip days whose data is missing and say so in ``warnings``.
    """
    if name not in REPORTS:
        abort(404)
    rows = [{"day": day, "orders": 10 + day} for day in range(1, 8 if name == "weekly" else 2)]
    if name == "weekly":
        body = {"name": name, "rows": rows[:-1], "warnings": ["Day 7 has no data yet."]}
        return body, 299
    return {"name": name, "rows": rows, "warnings": []}


@bp.get("/search")
@accepts(SearchQuerySchema, location="query")
@responds(200, SearchResultSchema, description="Items whose name contains the query.")
@responds(
    460,
    ErrorSchema,
    headers={
        "Retry-After": {
            "description": "Seconds until the plan allows calls again.",
            "required": True,
        }
    },
)
def search(query: dict[str, t.Any]) -> t.Any:
    """Search items by name, limited per client and hour."""
    calls = current_app.extensions["example_search_calls"]
    hour = int(time.time() // 3600)
    key = (request.remote_addr, hour)
    calls[key] = calls.get(key, 0) + 1
    limit = current_app.config["EXAMPLE_SEARCH_CALLS_PER_HOUR"]
    if calls[key] > limit:
        detail = f"The free plan allows {limit} searches an hour."
        retry = 3600 - int(time.time()) % 3600
        problem = {"title": "Tier Limit Exceeded", "status": 460, "detail": detail}
        return problem, 460, {"Retry-After": str(retry)}
    items = current_app.extensions["example_items"].values()
    matches = [item for item in items if query["q"].lower() in item["name"].lower()]
    return {"query": query["q"], "matches": matches, "calls_left": limit - calls[key]}
