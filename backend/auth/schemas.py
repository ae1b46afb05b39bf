from __future__ import annotations

from marshmallow import fields, validate

from backend.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from backend.dumping import Schema
from backend.fields import SingleLine


class RegisterSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
    )
    display_name = SingleLine(required=True, validate=validate.Length(min=2, max=60))


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH)
    )


class CsrfSchema(Schema):
    csrf_token = fields.String()


class SignInOptionsSchema(Schema):
    passwords = fields.Boolean(
        metadata={"description": "Signing in and up with a password (off with OIDC_ONLY)"}
    )
    sso = fields.Boolean(metadata={"description": "Signing in through the identity provider"})
    sso_label = fields.String(allow_none=True, metadata={"description": "The provider button's text"})
    sso_login_url = fields.String(allow_none=True)
    require_sign_in = fields.Boolean(
        metadata={"description": "A private site: nothing is readable signed out"}
    )
    allowed_email_domains = fields.List(fields.String())
    sso_error = fields.String(
        allow_none=True, metadata={"description": "Why the last sign-in through the provider failed"}
    )


class RegistrationMailedSchema(Schema):
    email = fields.String(metadata={"description": "Where the link went"})
    message = fields.String()
