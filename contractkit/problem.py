"""RFC 9457 problem details: the body of every error contractkit itself answers with."""

from __future__ import annotations

import typing as t

from flask import Response, json
from marshmallow import Schema, fields

from .declare.status_codes import STANDARD_PHRASES

#: Media type of RFC 9457 problem details.
PROBLEM_JSON = "application/problem+json"


class ProblemSchema(Schema):
    """An RFC 9457 problem details object."""

    type = fields.String(metadata={"description": "URI reference identifying the problem type."})
    title = fields.String(required=True, metadata={"description": "Short summary."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(metadata={"description": "Explanation of this occurrence."})
    instance = fields.String(metadata={"description": "URI reference of this occurrence."})


class ValidationProblemSchema(ProblemSchema):
    """Problem details for input that failed validation, with marshmallow's messages."""

    errors = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "Messages by input location, then by field name."},
    )


def problem_response(
    status: int, detail: str, *, title: str | None = None, **members: t.Any
) -> Response:
    """An ``application/problem+json`` response; ``members`` become extension members.

    :param title: the problem's summary; the status's standard phrase by default.
    """
    body: dict[str, t.Any] = {
        "type": "about:blank",
        "title": title or STANDARD_PHRASES.get(status, "Error"),
    }
    body.update(status=status, detail=detail, **members)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
