from __future__ import annotations

from marshmallow import Schema, fields


class BadgeSchema(Schema):
    badge = fields.String(attribute="key", metadata={"description": "Stable key, e.g. first_answer"})
    name = fields.String()
    description = fields.String()
    awarded_at = fields.DateTime()
