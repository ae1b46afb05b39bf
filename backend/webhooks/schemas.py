from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.models import WebhookFormat
from backend.webhooks.outbox import EVENTS

TAG = fields.String(validate=validate.Length(min=1, max=50))
EVENT = fields.String(validate=validate.OneOf(EVENTS))


class WebhookCreateSchema(Schema):
    url = fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        validate=validate.Length(max=2000),
        error_messages={"invalid": "Must be an http:// or https:// address."},
    )
    tags = fields.List(
        TAG,
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "Only questions with one of these tags; empty: every tag"},
    )
    events = fields.List(
        EVENT,
        load_default=lambda: list(EVENTS),
        validate=validate.Length(min=1),
        metadata={"description": "asked, answered, resolved"},
    )
    format = fields.Enum(
        WebhookFormat,
        by_value=True,
        load_default=WebhookFormat.SLACK,
        metadata={"description": "slack: {'text': ...} (Mattermost, Rocket.Chat too); generic: our JSON"},
    )


class WebhookUpdateSchema(Schema):
    url = fields.Url(
        schemes={"http", "https"},
        require_tld=False,
        validate=validate.Length(max=2000),
        error_messages={"invalid": "Must be an http:// or https:// address."},
    )
    tags = fields.List(TAG, validate=validate.Length(max=20))
    events = fields.List(EVENT, validate=validate.Length(min=1))
    format = fields.Enum(WebhookFormat, by_value=True)
    is_active = fields.Boolean()


class WebhookSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    secret = fields.String(metadata={"description": "Signs each delivery: X-Commonplace-Signature"})
    tags = fields.List(fields.String())
    events = fields.List(fields.String())
    format = fields.Enum(WebhookFormat, by_value=True)
    is_active = fields.Boolean()
    created_at = fields.DateTime()


class DeliverySchema(Schema):
    id = fields.Integer()
    event = fields.String()
    status = fields.String()
    status_code = fields.Integer(allow_none=True)
    duration_ms = fields.Integer(allow_none=True)
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
