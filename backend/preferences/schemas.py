from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema
from backend.fields import StrictBoolean


class TagStancesSchema(Schema):
    """The tags I follow and mute, by name."""

    followed = fields.List(fields.String())
    muted = fields.List(fields.String())


class WatchSchema(Schema):
    watching = fields.Boolean()


class AccountUpdateSchema(Schema):
    accepts_invitations = StrictBoolean(required=True)
