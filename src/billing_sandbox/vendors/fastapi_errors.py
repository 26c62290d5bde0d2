"""Error bodies of vendors whose APIs are FastAPI applications (Zenskar, DayZero):
``{"detail": "..."}`` for HTTP errors and pydantic's ``{"detail": [{loc, msg, type}]}`` for 422.
"""

from __future__ import annotations

from typing import Any

from billing_sandbox.engine.errors import MISSING, ApiError, Issue

# JSON Schema keyword -> pydantic v2 error type
_TYPE_BY_KEYWORD = {
    "required": "missing",
    "enum": "enum",
    "const": "literal_error",
    "minimum": "greater_than_equal",
    "exclusiveMinimum": "greater_than",
    "maximum": "less_than_equal",
    "exclusiveMaximum": "less_than",
    "minLength": "string_too_short",
    "maxLength": "string_too_long",
    "pattern": "string_pattern_mismatch",
    "minItems": "too_short",
    "maxItems": "too_long",
    "multipleOf": "multiple_of",
    "additionalProperties": "extra_forbidden",
    "unevaluatedProperties": "extra_forbidden",
    "json": "json_invalid",
    "malformed": "value_error",
}
_TYPE_BY_JSON_TYPE = {
    "string": "string_type",
    "integer": "int_type",
    "number": "float_type",
    "boolean": "bool_type",
    "object": "dict_type",
    "array": "list_type",
    "null": "none_required",
}
_TYPE_BY_FORMAT = {
    "uuid": "uuid_parsing",
    "date-time": "datetime_from_date_parsing",
    "date": "date_from_datetime_parsing",
    "email": "value_error",
}
_CTX_KEY = {
    "minimum": "ge",
    "exclusiveMinimum": "gt",
    "maximum": "le",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "multipleOf": "multiple_of",
    "enum": "expected",
    "format": "error",
}


def pydantic_type(issue: Issue) -> str:
    if issue.kind == "type":
        expected = issue.expected if isinstance(issue.expected, str) else (
            (issue.expected or ["string"])[0])
        return _TYPE_BY_JSON_TYPE.get(expected, "value_error")
    if issue.kind == "format":
        return _TYPE_BY_FORMAT.get(str(issue.expected), "value_error")
    return _TYPE_BY_KEYWORD.get(issue.kind, "value_error")


def detail_item(issue: Issue, with_input: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "loc": [str(p) if not isinstance(p, int) else p for p in issue.location],
        "msg": issue.message,
        "type": pydantic_type(issue),
    }
    if with_input:
        item["input"] = None if issue.value is MISSING else issue.value
        ctx = _ctx(issue)
        if ctx:
            item["ctx"] = ctx
    return item


def _ctx(issue: Issue) -> dict | None:
    if isinstance(issue.expected, dict):
        return issue.expected
    key = _CTX_KEY.get(issue.kind)
    if key is None or issue.expected is None:
        return None
    if issue.kind == "enum":
        return {"expected": ", ".join(repr(v) for v in issue.expected)}
    if issue.kind in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(issue.expected, bool):
        return None
    if issue.kind == "format":
        return {"error": f"invalid {issue.expected}"}
    return {key: issue.expected}


def validation_body(error: ApiError, with_input: bool) -> dict:
    issues = error.issues or [Issue(("body",), error.message, "malformed")]
    return {"detail": [detail_item(issue, with_input) for issue in issues]}


def render_fastapi_error(error: ApiError, with_input: bool,
                         messages: dict[str, str] | None = None) -> tuple[int, Any]:
    """FastAPI's answers: 422 with pydantic details, else ``{"detail": message}``."""
    if error.kind in ("validation", "malformed_body"):
        return 422, validation_body(error, with_input)
    if error.kind == "unsupported_media_type":
        issue = Issue(("body",), "Input should be a valid dictionary or object to extract "
                      f"fields from ({error.message})", "type", expected="object")
        return 422, {"detail": [detail_item(issue, with_input)]}
    messages = messages or {}
    defaults = {"route_not_found": "Not Found", "method_not_allowed": "Method Not Allowed"}
    message = messages.get(error.kind) or defaults.get(error.kind) or error.message
    if error.kind in messages and error.message and error.kind not in ("unauthenticated",
                                                                       "forbidden"):
        message = f"{message}: {error.message}"
    return int(error.status or 400), {"detail": message}
