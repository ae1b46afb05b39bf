"""Input fields shared by the schemas: text is judged by what will be stored, not by raw length."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

# Database INTEGER keys: anything larger cannot name a row (and would overflow the driver).
MAX_ID = 2**31 - 1


class SingleLine(fields.String):
    """Collapses runs of whitespace (titles, names), so limits apply to what is kept."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return " ".join(super()._deserialize(value, attr, data, **kwargs).split())


class Markdown(fields.String):
    """A Markdown body: kept as typed, but at least `min` characters that are not whitespace."""

    def __init__(self, *, min: int, max: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_length, self.max_length = min, max

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > self.max_length:
            raise ValidationError(f"Longer than maximum length {self.max_length}.")
        if len(text.strip()) < self.min_length:
            raise ValidationError(f"Shorter than minimum length {self.min_length}.")
        return text


class StrictBoolean(fields.Boolean):
    """Only JSON true and false: "yes", 1 or "maybe" are mistakes worth reporting."""

    truthy = {True}
    falsy = {False}
