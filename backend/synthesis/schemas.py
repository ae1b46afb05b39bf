from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.models import SynthesisStatus

MAX_BODY = 30_000


class SynthesisSchema(Schema):
    id = fields.Integer()
    tag = fields.Function(lambda s: s.tag_name, metadata={"description": "The community (tag) name"})
    week = fields.String(metadata={"description": "ISO week, e.g. 2026-W49"})
    status = fields.Enum(SynthesisStatus, by_value=True, metadata={"description": '"draft" or "published"'})
    body = fields.String(metadata={"description": "Markdown"})
    html = fields.String(metadata={"description": "The body rendered and sanitized"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    published_at = fields.DateTime(allow_none=True)


class SynthesisListSchema(Schema):
    items = fields.List(fields.Nested(SynthesisSchema))


class SynthesisEditSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_BODY))


class SynthesizerSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()


class SynthesizerListSchema(Schema):
    items = fields.List(fields.Nested(SynthesizerSchema))
