"""Objects made to fit a schema: what a stored record lacks for a documented shape is filled in,
what the shape does not allow is left out, so that an answer built from state is always within
the document.

A required field the record does not hold starts at the value a new record of a real API holds:
its default, the first value of its enum (``active`` for a status that has it), zero within the
bounds for a number, ``false``, an empty list; a text or an object is generated. Generation is
seeded by the record and the field, so the same record always gets the same value.
"""

from __future__ import annotations

import copy
from typing import Any

from ..schema.generate import generate_value
from ..schema.model import SchemaModel
from . import naming

ACTIVE = "active"


_GENERATED = object()  # the field's starting value is generated (seeded by the record)
_starting: dict[tuple[int, int, str], tuple[Any, Any]] = {}  # see initial_value
_MAX_STARTING = 10_000


def initial_value(model: SchemaModel, name: str, schema: Any, seed: str) -> Any:
    """The value a required field ``name`` of a new record starts with."""
    # Which of the fixed candidates a schema takes is the same for every record: worked out
    # once per (document, schema, name); only a generated value depends on the record.
    if not isinstance(schema, dict) or not schema:  # no schema (a fresh {} each time)
        value = _fixed_initial_value(model, name, schema)
    else:
        key = (id(model), id(schema), name)
        hit = _starting.get(key)
        if hit is None or hit[0] is not schema:
            if len(_starting) >= _MAX_STARTING:
                _starting.clear()
            hit = _starting[key] = (schema, _fixed_initial_value(model, name, schema))
        value = hit[1]
    if value is _GENERATED:
        return generate_value(schema, model.document, f"{seed}/{name}", name=name,
                              minimal=True)
    # a record's own list or object, never one shared with other records
    return copy.deepcopy(value) if isinstance(value, list | dict) else value


def _fixed_initial_value(model: SchemaModel, name: str, schema: Any) -> Any:
    """initial_value where it does not depend on the record; _GENERATED where it does."""
    eff = model.effective(schema) if isinstance(schema, dict) else {}
    resolution = model.resolution
    if "const" in eff:
        return eff["const"]
    if "default" in eff and eff["default"] is not None and resolution.is_valid(
            schema, eff["default"]):
        return eff["default"]
    if resolution.is_valid(schema, None):
        return None  # not yet: a cancellation date before any cancellation
    choices = [v for v in eff.get("enum") or () if v is not None]
    if choices:
        return ACTIVE if naming.snake(name) == "status" and ACTIVE in choices else choices[0]
    kind = _type_of(eff)
    value: Any = None
    if kind == "boolean":
        value = False
    elif kind in ("integer", "number"):
        value = _least_number(eff, kind)
    elif kind == "array" and not eff.get("minItems"):
        value = []
    if value is not None and resolution.is_valid(schema, value):
        return value
    return _GENERATED


def conform(model: SchemaModel, schema: Any, value: Any, seed: str) -> Any:
    """``value`` (an object) fitted to ``schema``: properties the schema forbids dropped, a
    required one missing filled in, one of the wrong shape replaced (required) or dropped."""
    if not isinstance(schema, dict):
        return value
    resolution = model.resolution
    if resolution.is_valid(schema, value):
        return value
    eff = model.effective(schema)
    if not isinstance(value, dict) or not (eff.get("properties") or eff.get("required")):
        return generate_value(schema, model.document, seed, minimal=True)
    properties = eff.get("properties") or {}
    required = set(eff.get("required") or ())
    extra = eff.get("additionalProperties", True)
    fitted: dict[str, Any] = {}
    for key, item in value.items():
        sub = properties.get(key, extra if isinstance(extra, dict) else None)
        if sub is None and extra is False:
            continue
        if sub is not None and not resolution.is_valid(sub, item):
            item = conform(model, sub, item, f"{seed}/{key}") if isinstance(item, dict) else None
            if item is None or not resolution.is_valid(sub, item):
                if key not in required:
                    continue
                item = initial_value(model, key, sub, seed)
        fitted[key] = item
    for key in eff.get("required") or ():
        if key not in fitted:
            fitted[key] = initial_value(model, key, properties.get(key, {}), seed)
    if resolution.is_valid(schema, fitted):
        return fitted
    return generate_value(schema, model.document, seed, minimal=True)


def complete(model: SchemaModel, schema: Any, record: dict, seed: str) -> dict:
    """A new record with every required field of its schema (filled in once, then stored)."""
    eff = model.effective(schema) if isinstance(schema, dict) else {}
    properties = eff.get("properties") or {}
    for key in eff.get("required") or ():
        if key not in record:
            record[key] = initial_value(model, key, properties.get(key, {}), seed)
    return record


def _type_of(eff: dict) -> str | None:
    declared = eff.get("type")
    options = declared if isinstance(declared, list) else [declared]
    return next((t for t in options if t and t != "null"), None)


def _least_number(eff: dict, kind: str) -> Any:
    low, high = eff.get("minimum"), eff.get("maximum")
    exclusive = eff.get("exclusiveMinimum")
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        low = exclusive + (1 if kind == "integer" else 0.01)
    elif exclusive is True and low is not None:
        low = low + (1 if kind == "integer" else 0.01)
    value = 0
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return int(value) if kind == "integer" else value
