"""What a schema says about a value arriving as text: the allowed JSON types, the properties,
the items; ``$ref`` (local only), ``allOf``, ``anyOf`` and ``oneOf`` folded in. Coercion and
bracket assembly (engine/wire) ask these questions once per schema; the document's
`SchemaModel` keeps the answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..documents.reading import resolve_pointer
from ..errors import MISSING

if TYPE_CHECKING:
    from .model import SchemaModel

JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number",
              type(None): "null", dict: "object", list: "array"}
# The order in which a text is tried against the types a schema allows (string wins outright).
_TRY_ORDER = ("boolean", "integer", "number", "object", "array")
_MAX_REF_DEPTH = 32


class SchemaView:
    """What a schema says about a value; children are looked up lazily and kept."""

    __slots__ = ("schema", "model", "types", "properties", "additional", "items",
                 "default", "is_object", "is_array", "order", "_children", "_item",
                 "_columns", "_branches", "paths")

    def __init__(self, schema: Any, model: SchemaModel, parts: dict) -> None:
        self.schema = schema  # kept so that id(schema) is not reused while cached
        self.model = model
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
        self._branches: tuple[tuple[SchemaView, Any], ...] | None = None
        self.paths: dict[str, Any] = {}  # form keys already mapped to value paths (wire/forms.py)

    def child(self, name: str) -> SchemaView | None:
        """The view of property ``name``; ``None`` when the schema says nothing about it."""
        view = self._children.get(name, MISSING)
        if view is not MISSING:
            return view
        schema = self.properties.get(name)
        if schema is None:
            return self.model.view(self.additional) if isinstance(
                self.additional, dict) else None
        view = self._children[name] = self.model.view(schema)
        return view

    @property
    def item(self) -> SchemaView | None:
        if self._item is MISSING:
            self._item = self.model.view(self.items) if isinstance(
                self.items, dict) else None
        return self._item

    @property
    def branches(self) -> tuple[tuple[SchemaView, Any], ...]:
        """The ``anyOf``/``oneOf`` alternatives, in the document's order, as (view, schema)
        pairs (each with the keywords around the combinator), when a text could mean a
        string or something else; empty otherwise (the folded types decide alone)."""
        if self._branches is None:
            self._branches = ()
            types = self.types or frozenset()
            if "string" in types and len(types - {"null", "string"}) > 0:
                eff = self.model.effective(self.schema)
                for kind in ("anyOf", "oneOf"):
                    options = eff.get(kind)
                    if isinstance(options, list) and len(options) > 1:
                        branches = [self.model.resolution.branch(eff, kind, index)
                                    for index in range(len(options))]
                        self._branches = tuple((self.model.view(b), b) for b in branches
                                               if isinstance(b, dict))
                        break
        return self._branches

    @property
    def is_columns(self) -> bool:
        """An object whose properties are all arrays: Chargebee v1 sends a list of records as
        parallel arrays (``addons[id][0]``, ``addons[quantity][0]``), aligned by index."""
        if self._columns is None:
            children = [self.child(name) for name in self.properties]
            self._columns = self.is_object and bool(children) and all(
                child is not None and child.is_array for child in children)
        return self._columns


def fold(schema: Any, document: dict, depth: int = 0) -> dict:
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
        every.append(fold(target, document, depth + 1))
    for branch in schema.get("allOf") or ():
        every.append(fold(branch, document, depth + 1))
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if branches:
            every.append(_any([fold(b, document, depth + 1) for b in branches], keyword))
    return _all(every)


def _parts(types, properties, additional, items, default) -> dict:
    return {"types": types, "properties": properties, "additional": additional,
            "items": items, "default": default}


def declared_types(schema: dict) -> frozenset[str]:
    """The JSON types a resolved schema gives its values: its ``type``, else the one its
    keywords imply (properties: object; items: array); empty when it says nothing."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(declared)
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return frozenset({"object"})
    if "items" in schema:
        return frozenset({"array"})
    return frozenset()


def _own_types(schema: dict) -> frozenset[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = set(declared)
    elif "enum" in schema and isinstance(schema["enum"], list):
        types = {JSON_TYPES.get(type(v), "string") for v in schema["enum"]}
    elif "const" in schema:
        types = {JSON_TYPES.get(type(schema["const"]), "string")}
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


