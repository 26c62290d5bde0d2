"""What the schemas of one OpenAPI document resolve to, cached (generation and resource
inference read it through the document's `SchemaModel`).

A schema is "flattened" by following its ``$ref`` chain (3.1 siblings of ``$ref`` apply) and
merging ``allOf`` into one schema; ``anyOf``/``oneOf`` stay, and a branch is merged with the
keywords around it on demand. Caches are keyed by the id of a schema object and hold the object
itself, so an id cannot be reused while its entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from referencing import Registry

from ..documents.reading import resolve_pointer
from .dialect import validator_class
from .fast_check import fast_check
from .validation import NotInlinable, inline_refs

COMBINATORS = ("oneOf", "anyOf")
NON_CONSTRAINTS = frozenset({"description", "title", "deprecated", "$comment", "externalDocs",
                             "xml", "summary"})
_LOWER_BOUNDS = ("minimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "maxLength", "maxItems", "maxProperties")


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


class Resolution:
    """What one document's schemas resolve to, and its validator. Caches are keyed by the id of a
    schema object and hold the object itself, so an id is never reused while cached."""

    def __init__(self, document: dict) -> None:
        self.document = document
        cls = validator_class(document)
        # Rooted at the document, so '#/components/...' resolves from any schema evolved from it.
        self.root = cls(document, registry=Registry(), format_checker=cls.FORMAT_CHECKER)
        self.conforms = cls.FORMAT_CHECKER.conforms
        self.format_checker = cls.FORMAT_CHECKER
        self.is_30 = str(document.get("openapi", "3.1")).startswith("3.0")
        self._inlined_targets: dict[str, Any] = {}
        self._effective: dict[int, tuple[Any, dict, tuple[str, ...]]] = {}
        self._documented: dict[int, tuple[Any, bool, Any]] = {}
        self._branches: dict[tuple[int, str, int], tuple[Any, dict]] = {}
        self._near_refs: dict[int, tuple[Any, frozenset[str]]] = {}
        self._validators: dict[int, tuple[Any, Any, Callable[[Any], bool] | None]] = {}
        self._examples: dict[tuple[int, str | None], tuple[Any, Any, bool]] = {}

    def is_valid(self, schema: Any, value: Any) -> bool:
        """Whether ``value`` is valid against ``schema`` (a schema object of the document):
        a compiled check says "valid" first where it may (see fast_check.py), and the Python
        validator decides the rest."""
        hit = self._validators.get(id(schema))
        if hit is None or hit[0] is not schema:
            hit = (schema, self.root.evolve(schema=schema), self._fast_check(schema))
            self._validators[id(schema)] = hit
        fast = hit[2]
        return (fast is not None and fast(value)) or hit[1].is_valid(value)

    def _fast_check(self, schema: Any) -> Callable[[Any], bool] | None:
        if self.is_30 or not isinstance(schema, dict):
            return None
        try:
            inlined = inline_refs(self.document, schema, self._inlined_targets)
        except (NotInlinable, LookupError, ValueError, TypeError):
            return None
        return fast_check(inlined, self.format_checker)

    def example_is_valid(self, media_type: dict, name: str | None, schema: Any, value: Any) -> bool:
        hit = self._examples.get((id(media_type), name))
        if hit is None or hit[0] is not media_type or hit[1] is not value:
            hit = (media_type, value, self.is_valid(schema, value))
            self._examples[(id(media_type), name)] = hit
        return hit[2]

    def effective(self, schema: Any) -> tuple[dict, tuple[str, ...]]:
        """The schema with its ``$ref`` chain followed and ``allOf`` merged, and the refs passed."""
        hit = self._effective.get(id(schema))
        if hit is None or hit[0] is not schema:
            hit = (schema, *self._flatten(schema, ()))
            self._effective[id(schema)] = hit
        return hit[1], hit[2]

    def _flatten(self, schema: Any, seen: tuple[str, ...]) -> tuple[dict, tuple[str, ...]]:
        if not isinstance(schema, dict):
            return {}, ()
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:  # a $ref chain that loops
                return {}, ()
            target, refs = self._flatten(resolve_pointer(self.document, ref), (*seen, ref))
            siblings = {k: v for k, v in schema.items() if k != "$ref" and k not in
                        NON_CONSTRAINTS and not (k == "example" and v is None)}
            if siblings:
                extra, more = self._flatten(siblings, seen)
                return merge_schemas(target, extra), (ref, *refs, *more)
            return target, (ref, *refs)
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            refs: tuple[str, ...] = ()
            for part in schema["allOf"]:
                flat, more = self._flatten(part, seen)
                merged, refs = merge_schemas(merged, flat), refs + more
            return merged, refs
        return schema, ()

    def documented(self, schema: Any, eff: dict) -> tuple[bool, Any]:
        """The schema's first valid example, examples entry or default."""
        hit = self._documented.get(id(schema))
        if hit is None or hit[0] is not schema:
            hit = (schema, False, None)
            for value in [eff.get("example"), *as_list(eff.get("examples")), eff.get("default")]:
                if value is not None and self.is_valid(schema, value):
                    hit = (schema, True, value)
                    break
            self._documented[id(schema)] = hit
        return hit[1], hit[2]

    def branch(self, eff: dict, kind: str, index: int) -> dict:
        """Branch ``index`` of ``eff[kind]`` together with the keywords around the combinator."""
        key = (id(eff), kind, index)
        hit = self._branches.get(key)
        if hit is None or hit[0] is not eff:
            rest = {k: v for k, v in eff.items() if k != kind and k not in NON_CONSTRAINTS
                    and k not in ("example", "examples", "default", "discriminator")}
            option = eff[kind][index]
            hit = (eff, {"allOf": [rest, option]} if rest else option)
            self._branches[key] = hit
        return hit[1]

    def near_refs(self, schema: Any) -> frozenset[str]:
        """Refs reached from ``schema`` without entering an object's properties (through $ref,
        allOf, anyOf/oneOf branches and array items): what a recursive property points back to."""
        hit = self._near_refs.get(id(schema))
        if hit is None or hit[0] is not schema:
            eff, refs = self.effective(schema)
            found = set(refs)
            for kind in COMBINATORS:
                for option in as_list(eff.get(kind)):
                    found.update(self.effective(option)[1])
            if isinstance(eff.get("items"), dict):
                found.update(self.effective(eff["items"])[1])
            hit = (schema, frozenset(found))
            self._near_refs[id(schema)] = hit
        return hit[1]

    def is_null(self, schema: Any) -> bool:
        eff, _ = self.effective(schema)
        kind = eff.get("type")
        return kind == "null" or kind == ["null"] or eff.get("enum") == [None] or (
            "const" in eff and eff["const"] is None)


def merge_schemas(base: dict, extra: dict) -> dict:
    """One schema demanding what both demand (the ``allOf`` of two flattened schemas)."""
    out = dict(base)
    for key, value in extra.items():
        if key not in out or out[key] is None:
            out[key] = value
            continue
        current = out[key]
        if key == "properties":
            merged = dict(current)
            for name, sub in value.items():
                merged[name] = {"allOf": [merged[name], sub]} if name in merged else sub
            out[key] = merged
        elif key == "required":
            out[key] = list(dict.fromkeys([*current, *value]))
        elif key == "type":
            out[key] = intersect_types(current, value)
        elif key == "enum":
            out[key] = [item for item in current if item in value] or current
        elif key in _LOWER_BOUNDS:
            out[key] = max(current, value)
        elif key in _UPPER_BOUNDS:
            out[key] = min(current, value)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(current, bool):
            out[key] = current or value
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            out[key] = max(current, value) if key == "exclusiveMinimum" else min(current, value)
        elif key in ("items", "additionalProperties"):
            both = [current, value]
            out[key] = False if False in both else {"allOf": [s for s in both if s is not True]}
        elif key in COMBINATORS:  # (a1|a2) & (b1|b2) == (a1 & (b1|b2)) | (a2 & (b1|b2))
            out[key] = [{"allOf": [option, {key: value}]} for option in current]
    return out


def intersect_types(first: Any, second: Any) -> Any:
    a = set(first) if isinstance(first, list) else {first}
    b = set(second) if isinstance(second, list) else {second}
    both = (a & b) | ({"integer"} if ("integer" in a and "number" in b) or (
        "number" in a and "integer" in b) else set())
    ordered = [t for t in (first if isinstance(first, list) else [first]) if t in both]
    ordered += [t for t in both if t not in ordered]
    return ordered[0] if len(ordered) == 1 else ordered or first
