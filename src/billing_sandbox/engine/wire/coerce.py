"""Strings from the wire turned into the types a schema asks for.

Form bodies, query strings, path segments and headers all arrive as text; the schema says what
they mean. A `SchemaView` (schema/views.py, kept by the document's model) answers the
questions that coercion and bracket assembly ask: which JSON types are allowed, what a property
or an item is.

Choices where OpenAPI is silent:
- an empty value is ``None`` when the schema allows ``null`` (the Chargebee SDKs send ``None``
  as an empty value); otherwise it stays ``""`` for strings, becomes ``[]`` for arrays and is
  a type issue for integers, numbers, booleans and objects;
- when a schema allows ``string`` the text is kept as is, whatever else it allows, unless
  the types are alternatives (``anyOf``/``oneOf``): then the text becomes the first
  alternative, in the document's order, that it converts to and is valid against (a string
  alternative with an enum takes only its values, so ``404`` against
  ``anyOf: [{enum: [succeeded, failed]}, {type: integer}]`` is the integer 404);
- booleans are ``true``/``false`` in any case; integers are ASCII digits with an optional
  ``-``; numbers are decimal literals (``1e3`` is a number, not an integer);
- an object given as one value is read as JSON (``meta_data={"a":1}``); an array given as one
  value is a JSON list (``["a","b"]``), a bracketed list (``['a', 'b']``, what the Chargebee
  Python SDK sends for ``in`` filters) or one item; a parameter's single value is also split
  on commas (style ``form``/``simple``);
- a value that cannot be converted is returned unchanged, with an `Issue` of kind ``type``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import MISSING, Issue
from ..schema.model import model_for
from ..schema.views import SchemaView

_INTEGER = re.compile(r"-?[0-9]+").fullmatch
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?").fullmatch
_ARTICLE = {"integer": "an integer", "object": "an object", "array": "an array", "null": "null"}


def coerce_value(raw: str, view: SchemaView | None, location: tuple,
                 issues: list[Issue]) -> Any:
    """One text converted to what ``view`` allows; an `Issue` (kind ``type``) when it cannot be."""
    if view is None or not view.types:  # no type said, or none possible: the validator's call
        return raw
    types = view.types
    if raw == "" and "null" in types and location[:1] == ("body",):
        return None  # a form field sent empty by an SDK for None; a parameter stays "" (FastAPI)
    if view.branches:
        value = _first_branch(raw, view, location)
        if value is not MISSING:
            return value
    if "string" in types:
        return raw
    for kind in view.order:
        value = _CONVERT[kind](raw, view, location, issues)
        if value is not MISSING:
            return value
    names = sorted(t for t in types if t != "null") or ["null"]
    wanted = " or ".join(_ARTICLE.get(t, "a " + t) for t in names)
    issues.append(Issue(location, f"{raw!r} is not {wanted}", "type", raw,
                        names[0] if len(names) == 1 else names))
    return raw


def _first_branch(raw: str, view: SchemaView, location: tuple) -> Any:
    """The text as the first ``anyOf``/``oneOf`` branch it converts to and is valid against
    (a string branch with an enum takes only its values). When none is valid, the first
    conversion to something other than a string (``99`` against an integer branch with a
    minimum of 100), so the validator says what the value breaks; MISSING when there is none."""
    converted = MISSING
    for branch, schema in view.branches:
        problems: list[Issue] = []
        value = coerce_value(raw, branch, location, problems)
        if problems:
            continue
        if view.model.resolution.is_valid(schema, value):
            return value
        if converted is MISSING and not isinstance(value, str):
            converted = value
    return converted


def _to_boolean(raw: str, view, location, issues) -> Any:
    lowered = raw.lower()
    return True if lowered == "true" else False if lowered == "false" else MISSING


def _to_integer(raw: str, view, location, issues) -> Any:
    return int(raw) if _INTEGER(raw) else MISSING


def _to_number(raw: str, view, location, issues) -> Any:
    if not _NUMBER(raw):
        return MISSING
    return int(raw) if _INTEGER(raw) else float(raw)


def _to_object(raw: str, view, location, issues) -> Any:
    if not raw.startswith("{"):
        return MISSING
    try:
        value = json.loads(raw)
    except ValueError:
        return MISSING
    return value if isinstance(value, dict) else MISSING


def _to_array(raw: str, view, location, issues) -> Any:
    if raw == "":
        return []
    listed = split_bracketed(raw)
    if listed is None:
        return [coerce_value(raw, view.item, location + (0,), issues)]
    return [item if not isinstance(item, str) else coerce_value(
        item, view.item, location + (index,), issues) for index, item in enumerate(listed)]


_CONVERT = {"boolean": _to_boolean, "integer": _to_integer, "number": _to_number,
            "object": _to_object, "array": _to_array}


def split_bracketed(raw: str) -> list | None:
    """``["a","b"]`` (JSON) or ``['a', 'b']`` (a Python list's text) as a list, else ``None``."""
    if not (raw.startswith("[") and raw.endswith("]")):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        inner = raw[1:-1].strip()
        if not inner:
            return []
        return [part.strip().strip("'\"") for part in inner.split(",")]
    return value if isinstance(value, list) else None


def coerce_parameter(raw: str | list[str], schema: dict, document: dict,
                     location: tuple) -> tuple[Any, list[Issue]]:
    """A query, path or header parameter's text(s) as the schema's type.

    An array may come repeated (``ids=a&ids=b``), comma-separated (``a,b``, styles ``form``
    with explode false and ``simple``) or bracketed (``[a,b]``). Several values for a
    parameter that is not an array are returned as a list of texts, for the validator to
    refuse.
    """
    issues: list[Issue] = []
    return coerce_texts(raw, model_for(document).view(schema), location, issues), issues


def coerce_texts(raw: str | list[str], view: SchemaView | None, location: tuple,
                 issues: list[Issue]) -> Any:
    """`coerce_parameter` on a view, appending to ``issues``."""
    values = [raw] if isinstance(raw, str) else list(raw)
    if view is None or view.types is None:
        return values[0] if len(values) == 1 else values
    if view.is_array and "string" not in view.types:
        if len(values) == 1:
            text = values[0]
            if text == "" and "null" in view.types and location[:1] == ("body",):
                return None
            listed = split_bracketed(text)
            if listed is None:
                listed = text.split(",") if text else []
            values = listed
        item = view.item
        return [value if not isinstance(value, str) else coerce_value(
            value, item, location + (index,), issues) for index, value in enumerate(values)]
    if len(values) == 1:
        return coerce_value(values[0], view, location, issues)
    return values
