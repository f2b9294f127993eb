"""The example API's request and response bodies."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ErrorSchema(Schema):
    """An RFC 9457 problem details body, used by every error the API answers."""

    type = fields.String(dump_default="about:blank")
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()


class MessageSchema(Schema):
    message = fields.String(required=True)


class ItemSchema(Schema):
    id = fields.Integer(dump_only=True, required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    price = fields.Float(required=True, validate=validate.Range(min=0))


class ItemQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class JobRequestSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["reindex", "export"]))


class JobSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(["queued", "done", "cancelled"]))


class ReportSchema(Schema):
    name = fields.String(required=True)
    rows = fields.List(fields.Dict(), required=True)
    warnings = fields.List(fields.String(), required=True)


class SearchResultSchema(Schema):
    query = fields.String(required=True)
    matches = fields.List(fields.Nested(ItemSchema), required=True)
    calls_left = fields.Integer(required=True)


class SearchQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=80))
