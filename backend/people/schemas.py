from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.dumping import Schema
from backend.fields import StrictBoolean
from backend.models import Role
from backend.pagination import PageArgsSchema


class PeopleArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=100))


class PersonSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    email = fields.String()
    role = fields.String()
    is_active = fields.Boolean()
    email_verified = fields.Function(lambda user: user.email_verified_at is not None)
    sso = fields.Boolean(metadata={"description": "Signs in through the identity provider"})
    reputation = fields.Integer()
    created_at = fields.DateTime()
    last_seen_at = fields.DateTime(allow_none=True)
    suspended_until = fields.DateTime(allow_none=True)


class PersonUpdateSchema(Schema):
    role = fields.String(validate=validate.OneOf([r.value for r in Role]))
    is_active = StrictBoolean()

    @validates_schema
    def _something(self, data: dict, **_: object) -> None:
        if not data:
            raise ValidationError("Send role, is_active or both.", "_schema")
