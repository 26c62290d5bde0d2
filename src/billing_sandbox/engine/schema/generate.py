"""Response bodies from the document: its documented example, else a value synthesized from the
schema that validates against it (OpenAPI 3.0 or 3.1, local ``$ref`` only).

Synthesis is deterministic per seed (one ``random.Random`` walks the schema in order). Recursive
or very large schemas terminate: past a small depth, inside a recursive ``$ref`` or once a node
budget is spent, only required properties and ``minItems`` items are produced, and nullable
containers become null.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from ..documents.reading import resolve_pointer
from . import formats
from .model import model_for
from .resolution import COMBINATORS, Resolution, as_list

_OPTIONAL_DEPTH = 4  # optional properties are filled in down to this object depth
_MAX_DEPTH = 24  # a schema whose required properties nest deeper is answered with a stub
_NODE_BUDGET = 1500  # values per body before only required ones are generated


def generate_value(schema: dict, document: dict, seed: str, name: str | None = None,
                   minimal: bool = False) -> Any:
    """A value valid against ``schema`` (a node of ``document``); the same seed gives the same
    value, another seed other ids and values. ``name`` is the property it is for (``email``
    gets an address); ``minimal`` leaves optional properties out."""
    return _Generator(model_for(document).resolution, seed).value(schema, name, 0, minimal)


def example_names(media_type: dict) -> list[str]:
    examples = media_type.get("examples")
    return list(examples) if isinstance(examples, dict) else []


def pick_example(media_type: dict, document: dict, name: str | None = None) -> tuple[bool, Any]:
    """``(found, value)``: the named example of a media type object, else its ``example``, else
    its first ``examples`` entry, else the schema's own example. ``null`` counts as no example."""
    examples = media_type.get("examples")
    if name is not None:
        if isinstance(examples, dict) and name in examples:
            return _example_value(examples[name], document)
        return False, None
    if media_type.get("example") is not None:
        return True, media_type["example"]
    entries = examples.values() if isinstance(examples, dict) else examples or []
    for entry in entries:
        found, value = _example_value(entry, document)
        if found:
            return found, value
    schema = media_type.get("schema")
    if isinstance(schema, dict):
        eff, _ = model_for(document).resolution.effective(schema)
        for value in [eff.get("example"), *(as_list(eff.get("examples")))]:
            if value is not None:
                return True, value
    return False, None


def generate_body(media_type: dict, document: dict, seed: str, example: str | None = None) -> Any:
    """The documented example (the named one if given) when it validates, else a synthesized
    value of the media type's schema."""
    index = model_for(document).resolution
    schema = media_type.get("schema", {})
    found, value = pick_example(media_type, document, example)
    if found and index.example_is_valid(media_type, example, schema, value):
        return copy.deepcopy(value)
    return generate_value(schema, document, seed)


def _example_value(entry: Any, document: dict) -> tuple[bool, Any]:
    for _ in range(16):  # an Example Object, possibly behind a chain of $refs
        if not isinstance(entry, dict) or "$ref" not in entry:
            break
        entry = resolve_pointer(document, entry["$ref"])
    if isinstance(entry, dict) and entry.get("value") is not None:
        return True, entry["value"]
    return False, None


# --- synthesis ---------------------------------------------------------------------------------

_STRING_HINTS = ("minLength", "maxLength", "pattern")
_NUMBER_HINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_ARRAY_HINTS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems")
_FORMAT_TYPES = {"int32": "integer", "int64": "integer", "unix-time": "integer",
                 "float": "number", "double": "number"}


class _Generator:
    def __init__(self, index: Resolution, seed: str) -> None:
        self.index = index
        self.rng = random.Random(seed)  # str seeds are hashed with SHA-512: stable across runs
        self.active: dict[str, int] = {}
        self.budget = _NODE_BUDGET

    def value(self, schema: Any, name: str | None, depth: int, minimal: bool) -> Any:
        if schema is True:
            schema = {}
        if not isinstance(schema, dict):
            return None  # the `false` schema: nothing is valid
        eff, refs = self.index.effective(schema)
        if any(ref in self.active for ref in refs):
            minimal = True
        for ref in refs:
            self.active[ref] = self.active.get(ref, 0) + 1
        try:
            return self._value(schema, eff, name, depth, minimal)
        finally:
            for ref in refs:
                self.active[ref] -= 1
                if not self.active[ref]:
                    del self.active[ref]

    def _value(self, schema: dict, eff: dict, name: str | None, depth: int, minimal: bool) -> Any:
        self.budget -= 1
        if "const" in eff:
            return copy.deepcopy(eff["const"])
        found, example = self.index.documented(schema, eff)
        if found:
            if not _is_id(name, eff):
                return copy.deepcopy(example)
            if isinstance(example, str) and eff.get("format") != "uuid":
                shaped = formats.mimic(example, self.rng)
                if formats.string_fits(eff, shaped) and shaped != example:
                    return shaped
        for kind in COMBINATORS:
            if kind in eff:
                return self._choice(schema, eff, kind, name, depth, minimal)
        if "enum" in eff:
            options = [item for item in eff["enum"] if item is not None]
            return copy.deepcopy(self.rng.choice(options)) if options else None
        kind = self._type(eff, minimal or depth > _MAX_DEPTH)
        if kind == "object":
            return self._object(eff, depth, minimal) if depth <= _MAX_DEPTH else {}
        if kind == "array":
            return self._array(eff, name, depth, minimal) if depth <= _MAX_DEPTH else []
        if kind == "string":
            return formats.string_value(eff, name, self.rng, self.index.conforms)
        if kind == "integer":
            return formats.integer_value(eff, name, self.rng)
        if kind == "number":
            return formats.number_value(eff, name, self.rng)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return None

    def _type(self, eff: dict, minimal: bool) -> str:
        declared = eff.get("type")
        options = declared if isinstance(declared, list) else [declared] if declared else []
        chosen = next((t for t in options if t != "null"), None)
        if options and chosen is None:
            return "null"
        if chosen is None:
            chosen = _infer_type(eff)
        nullable = "null" in options or eff.get("nullable") is True
        if minimal and nullable and chosen in ("object", "array"):
            return "null"
        return chosen

    def _choice(self, schema: dict, eff: dict, kind: str, name: str | None, depth: int,
                minimal: bool) -> Any:
        options = eff[kind]
        nulls = [i for i, option in enumerate(options) if self.index.is_null(option)]
        if minimal and nulls:
            order = nulls
        else:
            order = [i for i in range(len(options)) if i not in nulls] + nulls
        first: Any = None
        for attempt, index in enumerate(order):
            value = self.value(self.index.branch(eff, kind, index), name, depth, minimal)
            discriminated = self._discriminate(eff, options[index], value)
            if kind == "anyOf" and not discriminated:
                return value
            if self.index.is_valid(schema, value):
                return value
            if attempt == 0:
                first = value
        return first

    def _discriminate(self, eff: dict, option: Any, value: Any) -> bool:
        """Set the discriminator property to the name of the branch chosen; True if it did."""
        discriminator = eff.get("discriminator")
        if not isinstance(discriminator, dict) or not isinstance(value, dict):
            return False
        ref = option.get("$ref") if isinstance(option, dict) else None
        prop = discriminator.get("propertyName")
        if not ref or not prop:
            return False
        mapping = discriminator.get("mapping") or {}
        value[prop] = next((k for k, v in mapping.items() if v == ref), ref.rsplit("/", 1)[-1])
        return True

    def _object(self, eff: dict, depth: int, minimal: bool) -> dict:
        properties = eff.get("properties") or {}
        required = eff.get("required") or []
        extra_schema = eff.get("additionalProperties", True)
        result: dict[str, Any] = {}
        for key, sub in properties.items():
            if key in required or self._wants_optional(sub, depth, minimal):
                result[key] = self.value(sub, key, depth + 1, minimal)
        for key in required:
            if key not in result:
                result[key] = self.value(properties.get(key, _schema_of(extra_schema)), key,
                                         depth + 1, minimal)
        for key in list(result):
            for needed in (eff.get("dependentRequired") or {}).get(key, []):
                if needed not in result:
                    result[needed] = self.value(properties.get(needed, _schema_of(extra_schema)),
                                                needed, depth + 1, minimal)
        least = eff.get("minProperties", 0)
        for key, sub in properties.items():
            if len(result) >= least:
                break
            if key not in result:
                result[key] = self.value(sub, key, depth + 1, minimal)
        counter = 1
        while len(result) < least and extra_schema is not False:
            key = f"property{counter}"
            counter += 1
            if key not in result and key not in properties:
                result[key] = self.value(_schema_of(extra_schema), key, depth + 1, minimal)
        most = eff.get("maxProperties")
        if most is not None:
            for key in [k for k in reversed(result) if k not in required][:len(result) - most]:
                del result[key]
        return result

    def _wants_optional(self, sub: Any, depth: int, minimal: bool) -> bool:
        if minimal or depth >= _OPTIONAL_DEPTH or self.budget <= 0:
            return False
        sub_eff, _ = self.index.effective(sub)
        if sub_eff.get("writeOnly") is True:  # bodies generated here are responses
            return False
        return not any(ref in self.active for ref in self.index.near_refs(sub))

    def _array(self, eff: dict, name: str | None, depth: int, minimal: bool) -> list:
        count = eff.get("minItems", 0)
        if not minimal and self.budget > 0:
            count = max(count, 1)
        if eff.get("maxItems") is not None:
            count = min(count, eff["maxItems"])
        prefix = as_list(eff.get("prefixItems"))
        items = eff.get("items", {})
        item_name = name[:-1] if name and name.endswith("s") else name
        result: list[Any] = []
        for index in range(count):
            sub = prefix[index] if index < len(prefix) else items
            if sub is False:
                break
            value = self.value(sub, item_name, depth + 1, minimal)
            for _ in range(8):
                if not eff.get("uniqueItems") or value not in result:
                    break
                value = self.value(sub, item_name, depth + 1, minimal)
            result.append(value)
        return result


def _schema_of(additional: Any) -> Any:
    return additional if isinstance(additional, dict) else {}


def _is_id(name: str | None, eff: dict) -> bool:
    return eff.get("format") == "uuid" or name == "id" or bool(name and name.endswith("_id"))


def _infer_type(eff: dict) -> str:
    """The type a schema without ``type`` most likely means (``{}`` gives an empty object)."""
    fmt = eff.get("format")
    if fmt in _FORMAT_TYPES:
        return _FORMAT_TYPES[fmt]
    if fmt in formats.STRING_FORMATS or any(k in eff for k in _STRING_HINTS):
        return "string"
    if any(k in eff for k in _NUMBER_HINTS):
        return "number"
    if any(k in eff for k in _ARRAY_HINTS):
        return "array"
    return "object"
