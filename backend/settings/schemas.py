"""Site settings schemas: SiteSettingSchema out, SiteSettingsUpdateSchema in (one optional
field per setting, built from definitions.SETTINGS; unknown names are refused)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields

from backend.settings.definitions import SETTINGS, Setting, SettingValueError
from backend.users.schemas import AuthorSchema


class SettingValue(fields.Field):
    """A value for one setting, checked by the setting itself; null resets it to its default."""

    def __init__(self, setting: Setting, **kwargs: Any) -> None:
        super().__init__(allow_none=True, metadata={"description": setting.description}, **kwargs)
        self.setting = setting

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            return self.setting.parse(value)
        except SettingValueError as error:
            raise ValidationError(str(error)) from error


SiteSettingsUpdateSchema = Schema.from_dict(
    {name: SettingValue(setting) for name, setting in SETTINGS.items()}, name="SiteSettingsUpdateSchema"
)


class SiteSettingSchema(Schema):
    name = fields.String(attribute="setting.name")
    type = fields.String(
        attribute="setting.kind", metadata={"description": "integer, boolean, rate_limit or domains"}
    )
    description = fields.String(attribute="setting.description")
    minimum = fields.Integer(attribute="setting.minimum", allow_none=True)
    maximum = fields.Integer(attribute="setting.maximum", allow_none=True)
    value = fields.Raw(metadata={"description": "The value in force"})
    default = fields.Raw(metadata={"description": "The value from the server's configuration"})
    overridden = fields.Boolean(metadata={"description": "Whether an admin set the value"})
    updated_at = fields.DateTime(allow_none=True, metadata={"description": "The last change by an admin"})
    updated_by = fields.Nested(AuthorSchema, allow_none=True)
