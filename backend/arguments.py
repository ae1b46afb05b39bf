"""Request parsing: unknown fields are rejected everywhere, errors come back flat by field."""

from __future__ import annotations

import json
from typing import Any

from flask import Request
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

# Errors about the request as a whole (bad JSON, not an object) rather than one field.
REQUEST_KEY = "_request"
LOCATIONS = ("json", "query", "querystring", "form", "files", "headers", "cookies", "view_args")


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {
        location: RAISE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION
    }

    def _raw_load_json(self, req: Request) -> Any:
        # text_safety has parsed the body already (cached); only a failure is parsed again,
        # so that webargs reports it.
        try:
            parsed = req.get_json(silent=True) if req.is_json else None
            return parsed if parsed is not None else super()._raw_load_json(req)
        except RecursionError as error:
            # A body of 100,000 nested brackets exhausts the parser's stack: that is bad JSON.
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from error


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema: Any, **kwargs: Any) -> Any:
        # webargs builds a schema given as a class anew for every request (a deep copy of
        # its fields each time); a schema instance is stateless while loading, so one is shared.
        return super().arguments(schema() if isinstance(schema, type) else schema, **kwargs)


def field_errors(messages: Any) -> dict[str, Any]:
    """webargs nests messages by location ({"json": {"title": [...]}}); clients want fields."""
    if not isinstance(messages, dict):
        return {REQUEST_KEY: messages if isinstance(messages, list) else [str(messages)]}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        if key in LOCATIONS:
            if isinstance(value, dict):
                flat.update(value)
            else:
                flat[REQUEST_KEY] = value if isinstance(value, list) else [str(value)]
        else:
            flat[key] = value
    if "_schema" in flat:
        flat[REQUEST_KEY] = flat.pop("_schema")
    return {key: _reasons(value) for key, value in flat.items()}


def _reasons(messages: Any) -> Any:
    # A list field's errors come keyed by item index ({"0": [...]}): say which item instead.
    if isinstance(messages, dict) and messages and all(str(k).isdigit() for k in messages):
        return [
            f"Item {int(index) + 1}: {reason}"
            for index, reasons in sorted(messages.items(), key=lambda kv: int(kv[0]))
            for reason in (reasons if isinstance(reasons, list) else [reasons])
        ]
    return messages
