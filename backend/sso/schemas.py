from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates

from backend.dumping import Schema


class LoginArgsSchema(Schema):
    next = fields.String(load_default="/", validate=validate.Length(max=2000))

    @validates("next")
    def _local(self, value: str, **_: object) -> None:
        # Only a path on this site: anything else would make the sign-in an open redirect.
        if not value.startswith("/") or value.startswith(("//", "/\\")) or any(c < " " for c in value):
            raise ValidationError("Must be a path on this site, starting with a single /.")
