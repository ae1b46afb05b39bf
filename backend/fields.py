"""Input fields shared by the schemas: text is judged by what will be stored, not by raw length."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from backend.text_safety import readable, visible_length

# Database INTEGER keys: anything larger cannot name a row (and would overflow the driver).
MAX_ID = 2**31 - 1


NOTHING_VISIBLE = "Must contain visible characters, not only spaces or invisible ones."


def _showing_something(text: str) -> str:
    # Zero-width spaces, joiners or direction marks alone are not a name, title or description.
    if text and not visible_length(text):
        raise ValidationError(NOTHING_VISIBLE)
    return text


class VisibleText(fields.String):
    """Free text (a description) that, when given, must show something."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return _showing_something(super()._deserialize(value, attr, data, **kwargs))


class SingleLine(fields.String):
    """Collapses runs of whitespace (titles, names), so limits apply to what is kept; when
    given, must show something."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return _showing_something(" ".join(super()._deserialize(value, attr, data, **kwargs).split()))


class Markdown(fields.String):
    """A Markdown body: kept as typed, but at least `min` characters once the invisible ones
    (zero-width, direction marks ...) and the surrounding whitespace are left out."""

    def __init__(self, *, min: int, max: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_length, self.max_length = min, max

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > self.max_length:
            raise ValidationError(f"Longer than maximum length {self.max_length}.")
        if len(readable(text).strip()) < self.min_length:
            raise ValidationError(f"Shorter than minimum length {self.min_length}.")
        return text


class StrictBoolean(fields.Boolean):
    """Only JSON true and false: "yes", 1 or "maybe" are mistakes worth reporting."""

    truthy = {True}
    falsy = {False}
