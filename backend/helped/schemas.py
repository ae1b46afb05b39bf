from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema


class HelpedSchema(Schema):
    helped_count = fields.Integer()
    helped = fields.Boolean(metadata={"description": "Whether I said this answer helped me"})
