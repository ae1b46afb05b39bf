"""Output schemas that dump fast: marshmallow's own rules, turned once per schema into plain code.

Marshmallow spends several microseconds per field on generic dispatch (accessor, missing
checks, `_serialize`), and a thread with ten answers and their comments has hundreds of
fields: dumping cost more than reading the thread. The schema stays the one description of
the output (and of the OpenAPI spec); `Schema.dump` here only replaces how the plain field
types are dumped, with the same results, and hands every other field to marshmallow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow
from marshmallow import fields, missing
from marshmallow.schema import POST_DUMP, PRE_DUMP

Dumper = Callable[[Any], dict[str, Any]]
Converter = Callable[[Any], Any]


def _getter(key: str) -> Callable[[Any], Any]:
    """marshmallow.utils.get_value for a plain key: an item first, then an attribute."""

    def get(obj: Any) -> Any:
        if hasattr(obj, "__getitem__"):
            try:
                return obj[key]
            except (KeyError, IndexError, TypeError, AttributeError):
                pass
        return getattr(obj, key, missing)

    return get


def _as_is(value: Any) -> Any:
    return value


def _text(value: Any) -> Any:
    if value is None or type(value) is str:
        return value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _integer(value: Any) -> Any:
    return value if value is None or type(value) is int else int(value)


def _isoformat(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _converter(field: fields.Field) -> Converter | None:
    """value -> dumped value, for the field types whose rules are simple; None for the rest."""
    kind = type(field)
    if kind is fields.String:
        return _text
    if kind is fields.Integer and not field.as_string:  # type: ignore[attr-defined]
        return _integer
    if kind is fields.Boolean:
        slow = field._serialize
        return lambda value: (
            value if value is None or value is True or value is False else slow(value, "", None)
        )
    if kind is fields.DateTime and field.format in (None, "iso"):  # type: ignore[attr-defined]
        return _isoformat
    if kind is fields.Nested:
        schema = field.schema  # type: ignore[attr-defined]
        if not isinstance(schema, Schema):
            return None
        dump, many = schema.compiled(), schema.many or field.many  # type: ignore[attr-defined]
        if many:
            return lambda value: None if value is None else [dump(item) for item in value]
        return lambda value: None if value is None else dump(value)
    if kind is fields.List:
        inner = _converter(field.inner)  # type: ignore[attr-defined]
        if inner is None:
            return None
        return lambda value: None if value is None else [inner(item) for item in value]
    if kind is fields.Dict:
        return _mapping_converter(field)  # type: ignore[arg-type]
    return None


def _mapping_converter(field: fields.Dict) -> Converter | None:
    key_field, value_field = field.key_field, field.value_field
    to_key = _as_is if key_field is None else _converter(key_field)
    to_value = _as_is if value_field is None else _converter(value_field)
    if to_key is None or to_value is None:
        return None
    return lambda value: None if value is None else {to_key(k): to_value(v) for k, v in value.items()}


def _field_step(name: str, field: fields.Field) -> Callable[[Any, dict[str, Any]], None]:
    """Writes one field of obj into the output, as Schema._serialize would."""
    key = field.data_key if field.data_key is not None else name
    # isinstance for the type checker; the exact type, so that subclasses keep their own rules.
    if isinstance(field, fields.Function) and type(field) is fields.Function and field.serialize_func:
        compute = field.serialize_func

        def function_step(obj: Any, out: dict[str, Any]) -> None:
            out[key] = compute(obj)

        return function_step
    convert = _converter(field)
    if convert is None or field.dump_default is not missing:

        def generic_step(obj: Any, out: dict[str, Any]) -> None:
            value = field.serialize(name, obj)
            if value is not missing:
                out[key] = value

        return generic_step
    get = _getter(field.attribute if field.attribute is not None else name)

    def step(obj: Any, out: dict[str, Any]) -> None:
        value = get(obj)
        if value is not missing:
            out[key] = convert(value)

    return step


class Schema(marshmallow.Schema):
    """A marshmallow schema whose dump is compiled on first use (schemas with dump hooks or a
    nested attribute path keep marshmallow's own dump)."""

    def compiled(self) -> Dumper:
        dumper: Dumper | None = self.__dict__.get("_compiled_dump")
        if dumper is None:
            dumper = self._compile()
            self.__dict__["_compiled_dump"] = dumper
        return dumper

    def _compile(self) -> Dumper:
        if (
            self._hooks[PRE_DUMP]
            or self._hooks[POST_DUMP]
            or any("." in (f.attribute or name) for name, f in self.dump_fields.items())
        ):
            slow = super().dump
            return lambda obj: slow(obj, many=False)
        steps = [_field_step(name, field) for name, field in self.dump_fields.items()]
        dict_class = self.dict_class

        def dump(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = dict_class()
            for step in steps:
                step(obj, out)
            return out

        return dump

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        dump = self.compiled()
        if (self.many if many is None else many) and obj is not None:
            return [dump(item) for item in obj]
        return dump(obj)
