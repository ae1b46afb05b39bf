from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema


class UnsubscribeArgsSchema(Schema):
    token = fields.String(required=True, metadata={"description": "From the mail's unsubscribe link"})


class UnsubscribedSchema(Schema):
    kind = fields.String(metadata={"description": "The kind of mail turned off: activity or digest"})
    email_activity = fields.Boolean()
    digest = fields.String()
