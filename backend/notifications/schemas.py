from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.fields import MAX_ID
from backend.notifications.services import KINDS


class NotificationActorSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()


class NotificationQuestionSchema(Schema):
    id = fields.Integer()
    title = fields.String()


class NotificationSchema(Schema):
    """One notification; `actor` is null when nobody may be named (an anonymous asker, a batch)."""

    id = fields.Integer()
    kind = fields.String(metadata={"enum": list(KINDS)})
    is_read = fields.Boolean()
    count = fields.Integer(metadata={"description": "Events this row stands for (followed_tag batches)"})
    actor = fields.Nested(NotificationActorSchema, allow_none=True)
    question = fields.Nested(NotificationQuestionSchema, allow_none=True)
    answer_id = fields.Integer(allow_none=True)
    comment_id = fields.Integer(allow_none=True)
    tag = fields.String(allow_none=True)
    data = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class NotificationsReadSchema(Schema):
    """Mark these notifications read; without `ids`, all of them."""

    ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
        validate=validate.Length(min=1, max=100),
    )


class UnreadSchema(Schema):
    unread_notifications = fields.Integer()
