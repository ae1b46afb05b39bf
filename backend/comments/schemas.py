from __future__ import annotations

from marshmallow import Schema, fields, validate


class CommentCreateSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=2, max=600))
