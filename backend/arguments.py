"""Request parsing: unknown fields are rejected everywhere, errors come back flat by field."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

LOCATIONS = ("json", "query", "querystring", "form", "files", "headers", "cookies", "view_args")


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {
        location: RAISE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION
    }


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()


def field_errors(messages: Any) -> dict[str, Any]:
    """webargs nests messages by location ({"json": {"title": [...]}}); clients want fields."""
    if not isinstance(messages, dict):
        return {"body": messages if isinstance(messages, list) else [str(messages)]}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        if key in LOCATIONS:
            if isinstance(value, dict):
                flat.update(value)
            else:
                flat["body"] = value if isinstance(value, list) else [str(value)]
        else:
            flat[key] = value
    if "_schema" in flat:
        flat["body"] = flat.pop("_schema")
    return flat
