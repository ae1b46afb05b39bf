from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema


class BadgeSchema(Schema):
    badge = fields.String(attribute="key", metadata={"description": "Stable key, e.g. first_answer"})
    name = fields.String()
    description = fields.String()
    awarded_at = fields.DateTime()
