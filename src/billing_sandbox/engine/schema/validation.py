"""Compiled JSON Schema validators for one vendor document (OpenAPI 3.1 or 3.0 semantics).

openapi-core re-resolves the document on every call (~2 ms per request and per response here),
so validators are compiled once per schema location and reused. A schema is addressed by its
JSON pointer inside the document. Its local ``$ref``s are inlined when the validator is made
(see inline_refs): resolving them through the registry on every call was about half of the
validation time. A ``$ref`` that would recurse stays a reference to the document. When
jsonschema-rs is installed, a compiled check answers "valid" first (see fast_check.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from ..documents.reading import resolve_pointer
from ..errors import Issue
from .dialect import validator_class
from .fast_check import fast_check

DOCUMENT_URI = "urn:billing-sandbox:document"


class Validators:
    """Validators for the schemas of one document, by JSON pointer, made on first use and
    cached (the document's `SchemaModel` holds the one set)."""

    def __init__(self, document: dict) -> None:
        self.document = document
        self.is_30 = str(document.get("openapi", "3.1")).startswith("3.0")
        self._cls = validator_class(document)
        spec = DRAFT4 if self.is_30 else DRAFT202012
        resource = Resource(contents=document, specification=spec)
        self._registry = Registry().with_resource(DOCUMENT_URI, resource)
        self._validators: dict[str, tuple[Any, Callable[[Any], bool] | None]] = {}
        self._inlined_targets: dict[str, Any] = {}
        self._lock = threading.Lock()

    def validator(self, pointer: str):
        """The validator of the schema at ``pointer`` (``/paths/~1x/post/.../schema``)."""
        return self._checks(pointer)[0]

    def _checks(self, pointer: str) -> tuple[Any, Callable[[Any], bool] | None]:
        """The Python validator, and the compiled validity check in front of it if any."""
        found = self._validators.get(pointer)
        if found is None:
            with self._lock:
                found = self._validators.get(pointer)
                if found is None:
                    schema = self._inlined(pointer)
                    validator = self._cls(
                        schema,
                        registry=self._registry,
                        format_checker=self._cls.FORMAT_CHECKER,
                    )
                    fast = None if self.is_30 else fast_check(schema, self._cls.FORMAT_CHECKER)
                    found = self._validators[pointer] = (validator, fast)
        return found

    def _inlined(self, pointer: str) -> Any:
        """The schema at ``pointer`` with its local references inlined, or a reference to it
        where inlining could change what the schema means (see inline_refs)."""
        schema = resolve_pointer(self.document, pointer)
        try:
            return inline_refs(self.document, schema, self._inlined_targets)
        except (NotInlinable, LookupError, ValueError, TypeError):  # left to the registry
            return {"$ref": f"{DOCUMENT_URI}#{pointer}"}

    def issues(self, pointer: str, instance: Any, location: tuple,
               plain: bool = False) -> list[Issue]:
        """Every way ``instance`` breaks the schema at ``pointer``, as Issues under location
        (``plain``: the instance is JSON data as a decoder makes it)."""
        validator, fast = self._checks(pointer)
        if fast is not None and fast(instance, plain):
            return []
        issues: dict[tuple, Issue] = {}
        for error in validator.iter_errors(instance):
            for issue in to_issues(error, location):
                # jsonschema reports `required` once per missing name; keep each issue once
                issues.setdefault((issue.location, issue.kind), issue)
        return list(issues.values())

    def is_valid(self, pointer: str, instance: Any) -> bool:
        validator, fast = self._checks(pointer)
        return (fast is not None and fast(instance)) or validator.is_valid(instance)


class NotInlinable(Exception):
    """A schema whose references inline_refs leaves to the registry."""


# Keywords whose meaning depends on where a schema sits (base URIs, anchors, dynamic scopes,
# the OpenAPI discriminator's own "#/components/schemas/..." lookups): keep the reference.
_PLACE_BOUND = frozenset({"$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef",
                          "$recursiveAnchor", "discriminator"})
# Keywords whose values are data, not schemas: a "$ref" key in them is not a reference.
_DATA = frozenset({"const", "enum", "default", "example", "examples"})


def inline_refs(document: dict, schema: Any, done: dict[str, Any],
                inlining: tuple[str, ...] = ()) -> Any:
    """``schema`` with each local ``{"$ref": "#/..."}`` replaced by its target, inlined too.

    ``{"$ref": X, **siblings}`` becomes ``{"allOf": [X], **siblings}``: the same assertions,
    the same instance paths and messages. A reference back to a schema being inlined (a
    recursive schema) stays, made absolute against the document. ``done`` memoizes the
    targets by pointer. Raises NotInlinable for schemas using keywords that depend on their
    place in the document, and for references to other documents.
    """
    if isinstance(schema, list):
        return [inline_refs(document, item, done, inlining) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if _PLACE_BOUND.intersection(schema):
        raise NotInlinable
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#/") and ref != "#":
            raise NotInlinable
        pointer = ref[1:]
        if pointer in inlining:
            target = {"$ref": f"{DOCUMENT_URI}#{pointer}"}
        elif pointer in done:
            target = done[pointer]
        else:
            target = inline_refs(document, resolve_pointer(document, pointer), done,
                                 inlining + (pointer,))
            done[pointer] = target
        siblings = _inline_values(document, schema, done, inlining, skip="$ref")
        return {"allOf": [target], **siblings} if siblings else target
    return _inline_values(document, schema, done, inlining)


def _inline_values(document: dict, schema: dict, done: dict[str, Any],
                   inlining: tuple[str, ...], skip: str | None = None) -> dict:
    return {key: value if key in _DATA else inline_refs(document, value, done, inlining)
            for key, value in schema.items() if key != skip}


def to_issues(error: ValidationError, location: tuple) -> Iterable[Issue]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        specific = _most_specific(error)
        if specific:
            for inner in specific:
                yield from to_issues(inner, location)
            return
    path = location + tuple(error.absolute_path)
    if error.validator == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        for name in error.validator_value:
            if name not in instance:
                yield Issue(path + (name,), "Field required", "required")
        return
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        instance = error.instance if isinstance(error.instance, dict) else {}
        known = set((error.schema or {}).get("properties", {}))
        extras = [k for k in instance if k not in known] or [None]
        for name in extras:
            where = path + ((name,) if name is not None else ())
            value = instance.get(name) if name is not None else instance
            yield Issue(where, "Extra inputs are not permitted", "additionalProperties", value)
        return
    yield Issue(path, _message(error), str(error.validator), error.instance, error.validator_value)


def _most_specific(error: ValidationError) -> list[ValidationError]:
    """For ``anyOf: [X, {type: null}]`` report why X failed, not that null was expected."""
    candidates = [
        e for e in error.context
        if not (e.validator == "type" and e.validator_value in ("null", ["null"]))
    ]
    if not candidates or error.instance is None:
        return []
    branch_errors: dict[int, list[ValidationError]] = {}
    for candidate in candidates:
        branch_errors.setdefault(candidate.schema_path[0] if candidate.schema_path else 0,
                                 []).append(candidate)
    # A branch whose type the value does not have is a branch it was never meant for (its
    # other complaints, such as an enum of strings against a number, follow from that).
    typed = [errs for errs in branch_errors.values()
             if not any(e.validator == "type" and not e.path for e in errs)]
    if len(typed) == 1:
        return typed[0]
    pool = [e for errs in (typed or list(branch_errors.values())) for e in errs]
    return [best_match(pool)]


# pydantic's wording for each keyword whose message needs only the keyword's value
_TEMPLATES = {
    "const": "Input should be {!r}",
    "minimum": "Input should be greater than or equal to {}",
    "maximum": "Input should be less than or equal to {}",
    "exclusiveMinimum": "Input should be greater than {}",
    "exclusiveMaximum": "Input should be less than {}",
    "maxLength": "String should have at most {} characters",
    "minLength": "String should have at least {} characters",
    "pattern": "String should match pattern '{}'",
    "maxItems": "List should have at most {} items",
    "minItems": "List should have at least {} items",
    "multipleOf": "Input should be a multiple of {}",
}
# OpenAPI 3.0 writes ``exclusiveMinimum: true`` beside ``minimum``: the bound is there
_BOOLEAN_BOUNDS = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}


def _message(error: ValidationError) -> str:
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "type":
        names = expected if isinstance(expected, list) else [expected]
        return "Input should be a valid " + " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    if keyword == "format":
        return f"Input should be a valid {expected} ({value!r} is not)"
    if keyword == "enum":
        return "Input should be " + ", ".join(repr(v) for v in expected)
    if keyword in _BOOLEAN_BOUNDS and isinstance(expected, bool):
        expected = error.schema.get(_BOOLEAN_BOUNDS[keyword])
    template = _TEMPLATES.get(keyword)
    return template.format(expected) if template else error.message


_TYPE_NAMES = {
    "integer": "integer",
    "number": "number",
    "string": "string",
    "boolean": "boolean",
    "object": "dictionary or object",
    "array": "list",
    "null": "null",
}
