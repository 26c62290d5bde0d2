"""Strings from the wire turned into the types a schema asks for.

Form bodies, query strings, path segments and headers all arrive as text; the schema says what
they mean. A `SchemaView` answers, once per schema and then from a cache, the questions that
coercion and bracket assembly ask: which JSON types are allowed, what a property or an item
is. `$ref` (local only), `allOf`, `anyOf` and `oneOf` are folded into that answer.

Choices where OpenAPI is silent:
- an empty value is ``None`` when the schema allows ``null`` (the Chargebee SDKs send ``None``
  as an empty value); otherwise it stays ``""`` for strings, becomes ``[]`` for arrays and is
  a type issue for integers, numbers, booleans and objects;
- when a schema allows ``string`` the text is kept as is, whatever else it allows;
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

from ..documents.reading import resolve_pointer
from ..errors import MISSING, Issue

_INTEGER = re.compile(r"-?[0-9]+").fullmatch
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?").fullmatch
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number",
               type(None): "null", dict: "object", list: "array"}
# The order in which a text is tried against the types a schema allows (string wins outright).
_TRY_ORDER = ("boolean", "integer", "number", "object", "array")
_ARTICLE = {"integer": "an integer", "object": "an object", "array": "an array", "null": "null"}
_MAX_REF_DEPTH = 32
_MAX_VIEWS = 100_000

_views: dict[tuple[int, int], SchemaView] = {}


class SchemaView:
    """What a schema says about a value; children are looked up lazily and kept."""

    __slots__ = ("schema", "document", "types", "properties", "additional", "items",
                 "default", "is_object", "is_array", "order", "_children", "_item",
                 "_columns", "paths")

    def __init__(self, schema: Any, document: dict, parts: dict) -> None:
        self.schema = schema  # kept so that id(schema) is not reused while cached
        self.document = document
        self.types: frozenset[str] | None = parts["types"]
        self.properties: dict[str, Any] = parts["properties"]
        self.additional: Any = parts["additional"]
        self.items: Any = parts["items"]
        self.default: Any = parts["default"]
        types = self.types
        self.is_object = ("object" in types) if types is not None else bool(
            self.properties or isinstance(self.additional, dict))
        self.is_array = ("array" in types) if types is not None else self.items is not None
        self.order = () if types is None else tuple(t for t in _TRY_ORDER if t in types)
        self._children: dict[str, SchemaView | None] = {}
        self._item: Any = MISSING
        self._columns: bool | None = None
        self.paths: dict[str, Any] = {}  # form keys already mapped to value paths (forms.py)

    def child(self, name: str) -> SchemaView | None:
        """The view of property ``name``; ``None`` when the schema says nothing about it."""
        view = self._children.get(name, MISSING)
        if view is not MISSING:
            return view
        schema = self.properties.get(name)
        if schema is None:
            return schema_view(self.additional, self.document) if isinstance(
                self.additional, dict) else None
        view = self._children[name] = schema_view(schema, self.document)
        return view

    @property
    def item(self) -> SchemaView | None:
        if self._item is MISSING:
            self._item = schema_view(self.items, self.document) if isinstance(
                self.items, dict) else None
        return self._item

    @property
    def is_columns(self) -> bool:
        """An object whose properties are all arrays: Chargebee v1 sends a list of records as
        parallel arrays (``addons[id][0]``, ``addons[quantity][0]``), aligned by index."""
        if self._columns is None:
            children = [self.child(name) for name in self.properties]
            self._columns = self.is_object and bool(children) and all(
                child is not None and child.is_array for child in children)
        return self._columns


def schema_view(schema: Any, document: dict) -> SchemaView | None:
    """The cached view of ``schema`` (a schema of ``document``); ``None`` for a missing one."""
    if not isinstance(schema, dict):
        return None
    key = (id(schema), id(document))
    view = _views.get(key)
    if view is None:
        if len(_views) >= _MAX_VIEWS:  # schemas built per request would otherwise pile up
            _views.clear()
        view = _views[key] = SchemaView(schema, document, _fold(schema, document, 0))
    return view


def _fold(schema: Any, document: dict, depth: int) -> dict:
    """The parts of a schema that coercion needs, with $ref and composition folded in."""
    if not isinstance(schema, dict) or depth > _MAX_REF_DEPTH:
        return _parts(None, {}, None, None, MISSING)
    own = _parts(_own_types(schema), dict(schema.get("properties") or {}),
                 schema.get("additionalProperties"), schema.get("items"),
                 schema.get("default", MISSING))
    every = [own]
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = None
        if ref.startswith("#/"):
            try:
                target = resolve_pointer(document, ref)
            except (KeyError, IndexError, ValueError, TypeError):
                target = None
        every.append(_fold(target, document, depth + 1))
    for branch in schema.get("allOf") or ():
        every.append(_fold(branch, document, depth + 1))
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if branches:
            every.append(_any([_fold(b, document, depth + 1) for b in branches], keyword))
    return _all(every)


def _parts(types, properties, additional, items, default) -> dict:
    return {"types": types, "properties": properties, "additional": additional,
            "items": items, "default": default}


def _own_types(schema: dict) -> frozenset[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = set(declared)
    elif "enum" in schema and isinstance(schema["enum"], list):
        types = {_JSON_TYPES.get(type(v), "string") for v in schema["enum"]}
    elif "const" in schema:
        types = {_JSON_TYPES.get(type(schema["const"]), "string")}
    else:
        return None
    if schema.get("nullable") is True:  # OpenAPI 3.0
        types.add("null")
    return frozenset(types)


def _all(every: list[dict]) -> dict:
    """Parts that hold together (allOf, and a schema's own keywords beside $ref)."""
    types: frozenset[str] | None = None
    for parts in every:
        other = parts["types"]
        if other is None:
            continue
        if types is None:
            types = other
        else:
            both = set(types & other)
            if ("integer" in types and "number" in other) or (
                    "number" in types and "integer" in other):
                both.add("integer")
            types = frozenset(both)
    return _parts(types, *_merge_shapes(every, "allOf"))


def _any(every: list[dict], keyword: str) -> dict:
    """Parts that are alternatives (anyOf, oneOf)."""
    types: set[str] | None = set()
    for parts in every:
        if parts["types"] is None:
            types = None
            break
        types |= parts["types"]
    return _parts(None if types is None else frozenset(types), *_merge_shapes(every, keyword))


def _merge_shapes(every: list[dict], keyword: str) -> tuple:
    properties: dict[str, Any] = {}
    additional = items = None
    default = MISSING
    for parts in every:
        for name, schema in parts["properties"].items():
            known = properties.get(name)
            properties[name] = schema if known is None or known is schema else {
                keyword: [known, schema]}
        if parts["items"] is not None:
            items = parts["items"] if items is None else {keyword: [items, parts["items"]]}
        if additional is None:
            additional = parts["additional"]
        if default is MISSING:
            default = parts["default"]
    return properties, additional, items, default


def coerce_value(raw: str, view: SchemaView | None, location: tuple,
                 issues: list[Issue]) -> Any:
    """One text converted to what ``view`` allows; an `Issue` (kind ``type``) when it cannot be."""
    if view is None or not view.types:  # no type said, or none possible: the validator's call
        return raw
    types = view.types
    if raw == "" and "null" in types and location[:1] == ("body",):
        return None  # a form field sent empty by an SDK for None; a parameter stays "" (FastAPI)
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
    return coerce_texts(raw, schema_view(schema, document), location, issues), issues


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
