from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.fields import SingleLine
from backend.tokens.services import SCOPES


class TokenCreateSchema(Schema):
    name = SingleLine(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)),
        required=True,
        validate=validate.Length(min=1, max=len(SCOPES)),
    )
    expires_in_days = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=3660),
        metadata={"description": "Days until the token stops working; null: it never expires"},
    )


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "The token's first characters, to tell it apart"})
    scopes = fields.List(fields.String())
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(
        metadata={"description": "Shown this once: send it as `Authorization: Bearer <token>`"}
    )


class TokenListSchema(Schema):
    items = fields.List(fields.Nested(TokenSchema))
