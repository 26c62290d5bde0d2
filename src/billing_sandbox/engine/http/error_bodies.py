"""An error body in a documented error schema, holding only what is true of the error.

Each property is filled by what its name means, when the error has it: the message
(``message``, ``msg``, ``detail``, ``error``, ... the first of these the schema has), the field
at fault (``param``, ``field``), the HTTP status (an integer ``status``, ``status_code``, ...),
the error's code and type (``api_error_code``, ``code``, ``type``: the most fitting value of
the documented enum), and per-field details (a ``detail`` list, an ``error_details`` object,
an ``errors`` list: one entry per validation issue, naming the field and saying what is
wrong). An optional property the error has nothing true to say about is left out. A required
one gets, in this order: its ``const``; the most fitting documented enum value; for a code or
type without an enum, the document's own example of it, else the engine's kind of error
(``not_found``, ``validation``, ...); for any other string, the message; for a number, the
HTTP status; an empty object or list.
"""

from __future__ import annotations

import random
import re
from typing import Any

from ..errors import MISSING, ApiError, Issue
from ..schema import formats
from ..schema.model import SchemaModel
from ..schema.resolution import COMBINATORS
from ..schema.views import declared_types
from .error_responses import DETAIL_FIELDS

MESSAGE_FIELDS = ("message", "msg", "detail", "error_message", "error_description", "error",
                  "description", "title", "reason")
_PARAM_FIELDS = ("param", "field", "parameter", "param_name", "field_name")
_CODE_FIELDS = ("api_error_code", "error_code", "code", "error_type", "type", "kind")
_STATUS_FIELDS = ("status", "status_code", "statuscode", "http_status", "http_status_code",
                  "httpstatus", "code")
_LOCATION_FIELDS = ("loc", "location", "path", "pointer", "field", "param", "parameter",
                    "name", "attribute", "property", "key")
_VALUE_FIELDS = ("input", "value", "received", "rejected_value", "given")
_MAX_DEPTH = 8

# Words that a documented code or type for each kind of error tends to contain.
KIND_WORDS = {
    "validation": ("validation", "param", "wrong", "value", "invalid", "request",
                   "unprocessable"),
    "bad_request": ("bad", "invalid", "request"),
    "malformed_body": ("malformed", "json", "parse", "invalid", "request"),
    "unsupported_media_type": ("media", "content", "unsupported", "invalid", "request"),
    "payload_too_large": ("large", "size", "too", "invalid", "request"),
    "unauthenticated": ("unauthenticated", "authentication", "unauthorized", "auth",
                        "credential", "failed"),
    "forbidden": ("forbidden", "authorization", "permission", "denied"),
    "not_found": ("not_found", "not", "found", "resource", "missing"),
    "route_not_found": ("not_found", "not", "found", "resource", "missing"),
    "method_not_allowed": ("method", "not_allowed", "allowed", "supported"),
    "invalid_state": ("state", "invalid", "conflict", "request"),
    "conflict": ("conflict", "duplicate", "exists", "state"),
    "duplicate": ("duplicate", "exists", "conflict"),
    "payment_failed": ("payment", "failed", "declined"),
    "rate_limited": ("rate", "limit", "exceeded", "too_many"),
    "unavailable": ("unavailable", "temporary", "maintenance"),
    "internal": ("internal", "error", "server"),
}

# Words naming the side at fault, for an enum that has no value for the kind of error itself
_CLIENT_WORDS = ("invalid_request", "request", "client")
_SERVER_WORDS = ("server", "internal", "api_error")


def error_body(error: ApiError, status: int, schema: Any, model: SchemaModel) -> Any:
    """A body for ``error`` sent with ``status``, shaped by ``schema`` (see the module's
    docstring); the caller checks it against the schema."""
    value = _Builder(error, status, model).value(schema, 0, required=True)
    return None if value is MISSING else value


class _Builder:
    def __init__(self, error: ApiError, status: int, model: SchemaModel) -> None:
        self.error = error
        self.status = status
        self.model = model
        self.words = KIND_WORDS.get(error.kind, ())

    # -- by schema ---------------------------------------------------------------------------

    def value(self, schema: Any, depth: int, required: bool, name: str = "") -> Any:
        """What the error says for a value of ``schema`` (MISSING: nothing true to say)."""
        if schema is True or not isinstance(schema, dict):
            schema = {}
        eff = self.model.effective(schema)
        if depth > _MAX_DEPTH:
            return MISSING
        for kind in COMBINATORS:
            options = eff.get(kind)
            if isinstance(options, list) and options:
                return self._alternatives(eff, kind, depth, required, name)
        if "const" in eff:
            return eff["const"]
        types = declared_types(eff)
        if "object" in types:
            return self._object(eff, depth)
        if "array" in types:
            return [] if required else MISSING
        if "enum" in eff:
            return self._enum(eff["enum"]) if required else MISSING
        if "string" in types:
            return _clip(self._text_for(name, eff), eff) if required else MISSING
        if types & {"integer", "number"}:
            return self._number(eff) if required else MISSING
        if "boolean" in types:
            return False if required else MISSING
        if "null" in types:
            return None if required else MISSING
        return _clip(self.error.message, eff) if required else MISSING

    def _alternatives(self, eff: dict, kind: str, depth: int, required: bool,
                      name: str) -> Any:
        first = MISSING
        for index in range(len(eff[kind])):
            branch = self.model.resolution.branch(eff, kind, index)
            value = self.value(branch, depth + 1, required, name)
            if value is MISSING:
                continue
            if self.model.resolution.is_valid(branch, value):
                return value
            if first is MISSING:
                first = value
        return first

    def _object(self, eff: dict, depth: int) -> dict:
        properties = eff.get("properties") or {}
        required = [r for r in eff.get("required") or [] if isinstance(r, str)]
        message_key = _message_key(properties, self.model)
        out: dict[str, Any] = {}
        for name, sub in properties.items():
            value = self._field(name, sub, name == message_key, depth)
            if value is MISSING and name in required:
                value = self.value(sub, depth + 1, True, name)
            if value is not MISSING:
                out[name] = value
        for name in required:
            if name not in out:
                value = self.value(_additional(eff), depth + 1, True, name)
                if value is not MISSING:
                    out[name] = value
        return out

    def _field(self, name: str, schema: Any, is_message: bool, depth: int) -> Any:
        """The true value of property ``name``, or MISSING."""
        eff = self.model.effective(schema if isinstance(schema, dict) else {})
        key = name.lower()
        types = declared_types(eff)
        if key in DETAIL_FIELDS and types & {"array", "object"}:
            return self._details(eff, depth)
        if is_message:
            return _clip(self.error.message, eff)
        if key in _STATUS_FIELDS and types & {"integer", "number"}:
            return self._number(eff)
        if key in _PARAM_FIELDS and "string" in types and self.error.param:
            return _clip(self.error.param, eff)
        if key in _CODE_FIELDS and "string" in types:
            if "enum" in eff:
                return self._enum(eff["enum"])
            if self.error.code and key in ("api_error_code", "error_code", "code"):
                return _clip(self.error.code, eff)
        if "object" in types and depth < _MAX_DEPTH:  # an envelope: {"error": {...}}
            inner = self._object(eff, depth + 1)
            return inner if inner else MISSING
        return MISSING

    # -- per-field details ---------------------------------------------------------------------

    def _details(self, eff: dict, depth: int) -> Any:
        issues = self.error.issues
        types = declared_types(eff)
        if not issues:  # an error of the whole request: a list of texts holds its message
            items = self.model.effective(eff.get("items") if isinstance(
                eff.get("items"), dict) else {})
            texts = "array" in types and declared_types(items) <= {"string"}
            return [_clip(self.error.message, items)] if texts else MISSING
        if "array" in types:
            items = eff.get("items") if isinstance(eff.get("items"), dict) else {}
            listed = [self._issue_entry(items, issue, depth + 1, alone=True)
                      for issue in issues]
            return [entry for entry in listed if entry is not MISSING]
        entries: dict[str, Any] = {}  # field -> its issues (a list, or one entry)
        shape = self.model.effective(_additional(eff))
        as_list = "array" in declared_types(shape) or not declared_types(shape)
        items = shape.get("items") if isinstance(shape.get("items"), dict) else {
            "type": "string"}
        for issue in issues:
            field = issue.field or str(issue.location[0])
            entry = self._issue_entry(items if as_list else shape, issue, depth + 1)
            if entry is MISSING:
                continue
            if as_list:
                entries.setdefault(field, []).append(entry)
            else:
                entries.setdefault(field, entry)
        return entries

    def _issue_entry(self, schema: Any, issue: Issue, depth: int, alone: bool = False) -> Any:
        """One issue as an entry of the details: an object naming the field, or a text (the
        message; in a list, the field first unless the list is already under its name)."""
        eff = self.model.effective(schema if isinstance(schema, dict) else {})
        types = declared_types(eff)
        if "object" not in types:
            if types and "string" not in types:
                return MISSING
            field = issue.field or str(issue.location[0])
            return f"{field}: {issue.message}" if alone else issue.message
        properties = eff.get("properties") or {}
        message_key = _message_key(properties, self.model)
        entry: dict[str, Any] = {}
        for name, sub in properties.items():
            value = self._issue_field(name, sub, issue, name == message_key)
            if value is not MISSING:
                entry[name] = value
        for name in eff.get("required") or []:
            if name not in entry:
                value = self.value(properties.get(name, {}), depth + 1, True, name)
                if value is not MISSING:
                    entry[name] = value
        return entry

    def _issue_field(self, name: str, schema: Any, issue: Issue, is_message: bool) -> Any:
        eff = self.model.effective(schema if isinstance(schema, dict) else {})
        key = name.lower()
        types = declared_types(eff)
        if is_message:
            return _clip(issue.message, eff)
        if key in _LOCATION_FIELDS:
            if "array" in types:
                return [p if isinstance(p, int) else str(p) for p in issue.location]
            if "string" in types:
                return issue.field or str(issue.location[0])
        if key in _CODE_FIELDS and "string" in types:
            if "enum" in eff:
                return self._enum(eff["enum"], (issue.kind, *self.words))
            return issue.kind
        if key in _VALUE_FIELDS and issue.value is not MISSING:
            return issue.value
        return MISSING

    # -- scalars -----------------------------------------------------------------------------

    def _text_for(self, name: str, eff: dict) -> str:
        """A required string the error has no field for: a code or type is the document's
        example of it, else the engine's kind of error; anything else is the message."""
        if name.lower() in _CODE_FIELDS:
            examples = eff.get("examples") if isinstance(eff.get("examples"), list) else []
            example = next((e for e in [eff.get("example"), *examples]
                            if isinstance(e, str) and e), None)
            return example or self.error.kind
        if isinstance(eff.get("format"), str) and eff["format"] in formats.STRING_FORMATS:
            # a link or an id the error has none of (documentation_url): a value of the format
            return formats.string_value(eff, name, random.Random(self.error.message),
                                        self.model.resolution.conforms)
        return self.error.message

    def _number(self, eff: dict) -> Any:
        choices = eff.get("enum")
        if isinstance(choices, list) and choices:
            numbers = [c for c in choices if isinstance(c, int | float) and not isinstance(
                c, bool)]
            return min(numbers, key=lambda c: abs(c - self.status)) if numbers else choices[0]
        return self.status

    def _enum(self, choices: list, words: tuple[str, ...] | None = None) -> Any:
        """The documented value that fits the error best: its exact code, else the one
        sharing the most words with its kind, else the first."""
        if not choices:
            return MISSING
        if self.error.code in choices:
            return self.error.code
        words = self.words if words is None else words
        texts = [c for c in choices if isinstance(c, str)]
        if not texts:
            return choices[0]
        if not any(_fit(c, words)[0] for c in texts):  # no value names this kind of error:
            # the one naming its side (the request's, or the server's), else the first
            words = _CLIENT_WORDS if self.status < 500 else _SERVER_WORDS
        return max(texts, key=lambda c: _fit(c, words) + (-texts.index(c),))


def _fit(choice: str, words: tuple[str, ...]) -> tuple[int, int]:
    """How well a documented value names the error: the words of its kind it contains, then
    (among values that contain some) the fewer other words the better:
    ``api_request_limit_exceeded`` before ``third_party_api_request_limit_exceeded``. Values
    that contain none keep the document's order."""
    text = choice.lower()
    matches = sum(w in text for w in words)
    if not matches:
        return 0, 0
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    return matches, -sum(not any(w in t or t in w for w in words) for t in tokens)


def _message_key(properties: dict, model: SchemaModel) -> str | None:
    """The property that carries the message: the first of MESSAGE_FIELDS the schema has as a
    string."""
    for key in MESSAGE_FIELDS:
        for name, sub in properties.items():
            if name.lower() == key and "string" in declared_types(model.effective(
                    sub if isinstance(sub, dict) else {})):
                return name
    return None


def _additional(eff: dict) -> Any:
    extra = eff.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def _clip(text: str, eff: dict) -> str:
    most = eff.get("maxLength")
    return text[:most] if isinstance(most, int) and most >= 0 else text
