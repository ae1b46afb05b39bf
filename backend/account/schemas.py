from __future__ import annotations

from marshmallow import fields, validate

from backend.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from backend.dumping import Schema
from backend.fields import SingleLine

MAX_ABOUT = 5000


def _new_password() -> fields.String:
    return fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
    )


def _password() -> fields.String:
    return fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH)
    )


class PasswordChangeSchema(Schema):
    current_password = _password()
    new_password = _new_password()


class PasswordResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class PasswordResetConfirmSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=500))
    password = _new_password()


class EmailTokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ProfileUpdateSchema(Schema):
    display_name = SingleLine(validate=validate.Length(min=2, max=60))
    about = fields.String(validate=validate.Length(max=MAX_ABOUT), metadata={"description": "Markdown"})


class EmailChangeSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = _password()


class AccountDeleteSchema(Schema):
    password = fields.String(
        load_default=None,
        load_only=True,
        validate=validate.Length(max=MAX_PASSWORD_LENGTH),
        metadata={"description": "Required for accounts with a password"},
    )


class ExportSchema(Schema):
    exported_at = fields.String()
    profile = fields.Dict()
    questions = fields.List(fields.Dict())
    answers = fields.List(fields.Dict())
    comments = fields.List(fields.Dict())
    revisions = fields.List(fields.Dict())
    votes = fields.List(fields.Dict())
    helped_marks = fields.List(fields.Dict())
    tags = fields.List(fields.Dict(), metadata={"description": "Tags I follow or mute"})
    watches = fields.List(fields.Dict())
    notifications = fields.List(fields.Dict())
    badges = fields.List(fields.Dict())
    api_tokens = fields.List(fields.Dict(), metadata={"description": "Never the tokens themselves"})
    sign_in_identities = fields.List(fields.Dict())
