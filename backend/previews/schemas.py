from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema


class PreviewCreateSchema(Schema):
    # Preview what is being typed, however short: the posting schemas judge the minimum.
    body = fields.String(required=True, validate=validate.Length(max=30_000))


class PreviewSchema(Schema):
    html = fields.String(metadata={"description": "Sanitized HTML, exactly as the post would show"})
