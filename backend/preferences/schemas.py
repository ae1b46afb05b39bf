from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from backend.dumping import Schema
from backend.fields import StrictBoolean
from backend.models import DigestFrequency


class TagStancesSchema(Schema):
    """The tags I follow and mute, by name."""

    followed = fields.List(fields.String())
    muted = fields.List(fields.String())


class WatchSchema(Schema):
    watching = fields.Boolean()


class AccountUpdateSchema(Schema):
    """Any of my settings; those left out stay as they are."""

    accepts_invitations = StrictBoolean()
    email_activity = StrictBoolean()
    digest = fields.Enum(DigestFrequency, by_value=True)

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError(
                "Send at least one of accepts_invitations, email_activity, digest.", "_schema"
            )
