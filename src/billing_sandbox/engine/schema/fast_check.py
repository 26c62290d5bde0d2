"""A compiled validity check in front of the Python validators (jsonschema-rs, when installed).

Most requests and nearly all responses are valid, and the Python validator spends 0.2-1.5 ms
to say so; jsonschema-rs says it in microseconds. It only ever answers "valid": anything else
goes to the Python validator, which makes the messages and has the last word. So it must never
accept what the Python validator refuses, and is made only for schemas where the two agree:

- OpenAPI 3.1 documents (JSON Schema 2020-12) only, with every ``$ref`` inlined (validation.py);
- ``format``: the Python format checker's own functions are handed to jsonschema-rs for every
  format it knows. jsonschema-rs calls them for strings only, so the OpenAPI integer formats
  (int32, int64) are also written as bounds that apply to integers;
- ``pattern``: the two regex engines differ, so each pattern is handed over as a format of
  its own whose function is Python's ``re.search``, as the Python validator applies it (to
  strings only, like formats), on the expression the document meant (documents/patterns.py);
- no ``patternProperties``, no ``multipleOf`` (float arithmetic differs), no ``$schema``,
  ``$ref`` or dynamic references;
- plain JSON data only (a tuple is an array to jsonschema-rs, not to the Python validator).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..documents.patterns import meant_pattern

try:
    import jsonschema_rs
except ImportError:  # optional: without it every check is the Python validator's
    jsonschema_rs = None

_UNSUPPORTED = frozenset({"$ref", "$schema", "$dynamicRef", "$recursiveRef",
                          "patternProperties", "multipleOf", "discriminator"})
_PATTERN_FORMAT = "x-billing-sandbox-pattern-{}"
_DATA = frozenset({"const", "enum", "default", "example", "examples"})
# openapi-schema-validator's int32 / int64: -2**31 <= n < 2**31, -2**63 <= n < 2**63
_INTEGER_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def fast_check(schema: Any, format_checker: Any) -> Callable[[Any, bool], bool] | None:
    """``check(instance, plain=False) -> True`` when the instance is certainly valid (False:
    ask the Python validator); None when jsonschema-rs is missing or the schema is not one it
    may check. ``plain``: the caller knows the instance is JSON data as a decoder makes it
    (a decoded reply), which spares walking it to make sure."""
    if jsonschema_rs is None or not _supported(schema):
        return None
    formats = {name: _format(format_checker, name) for name in format_checker.checkers}
    patterns: dict[str, str] = {}
    try:
        prepared = _prepared(schema, patterns)
    except re.error:  # the Python validator reports the broken pattern
        return None
    for pattern, name in patterns.items():
        formats[name] = _search(pattern)
    validator = jsonschema_rs.Draft202012Validator(prepared, formats=formats,
                                                   validate_formats=True)

    def check(instance: Any, plain: bool = False) -> bool:
        if not plain and not _plain(instance):  # a tuple: an array to jsonschema-rs only
            return False
        try:
            return validator.is_valid(instance)
        except Exception:  # a value it cannot take: the Python validator decides
            return False

    return check


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    """JSON data as json.loads makes it: dicts with string keys, lists, scalars."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in _SCALARS


# Strings that certainly conform, recognised without a Python call chain; others are asked of
# the Python format function. Each is a subset of what that function accepts: a hyphenated
# UUID in hex (what uuid.UUID reads and jsonschema's is_uuid then accepts); a date-time or a
# date of a year 1000-9999 and a day 01-28, which every month has (rfc3339_validator and
# date.fromisoformat then only look up the month's length).
_DATE = r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
_CERTAIN = {
    "uuid": re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}").fullmatch,
    "date-time": re.compile(_DATE + r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                            r"(?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])").fullmatch,
    "date": re.compile(_DATE).fullmatch,
}


def _format(checker: Any, name: str) -> Callable[[str], bool]:
    """The format checker's own function for one format, as FormatChecker.conforms applies it
    (a falsy result or one of its declared exceptions: does not conform)."""
    function, raises = checker.checkers[name]
    certain = _CERTAIN.get(name)

    def conforms(value: str) -> bool:
        if certain is not None and certain(value):
            return True
        try:
            return bool(function(value))
        except raises:
            return False

    return conforms


def _search(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: compiled.search(value) is not None


def _supported(schema: Any) -> bool:
    if isinstance(schema, list):
        return all(_supported(item) for item in schema)
    if not isinstance(schema, dict):
        return True
    if _UNSUPPORTED.intersection(schema):
        return False
    return all(_supported(value) for key, value in schema.items() if key not in _DATA)


def _prepared(schema: Any, patterns: dict[str, str]) -> Any:
    """A copy of the schema where ``format: int32|int64`` also bounds integers and each
    ``pattern`` is a format named in ``patterns`` (pattern -> format name)."""
    if isinstance(schema, list):
        return [_prepared(item, patterns) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: value if key in _DATA else _prepared(value, patterns)
            for key, value in schema.items()}
    rules = []
    bounds = _INTEGER_BOUNDS.get(schema.get("format")) if isinstance(schema.get("format"),
                                                                     str) else None
    if bounds is not None:
        low, high = bounds
        rules.append({"if": {"type": "integer"}, "then": {"minimum": low, "maximum": high}})
    pattern = copy.pop("pattern", None)
    if pattern is not None:
        if not isinstance(pattern, str):
            raise re.error("pattern is not a string")
        pattern = meant_pattern(pattern)
        re.compile(pattern)
        name = patterns.setdefault(pattern, _PATTERN_FORMAT.format(len(patterns)))
        rules.append({"format": name})
    if rules:
        copy["allOf"] = [*copy.get("allOf", []), *rules]
    return copy
