"""The profile of a vendor folder with no adapter: credentials of its documented schemes, and
errors shaped by the error responses its document declares."""

from __future__ import annotations

from typing import Any

from ..documents.vendors import Operation, deref
from ..errors import ApiError
from ..schema.generate import generate_value
from ..schema.model import SchemaModel
from ..schema.operations import is_json
from .profile import TenantDirectory
from .security import Credentials

_MESSAGE_FIELDS = ("message", "msg", "detail", "error_description", "error", "description",
                   "title")
_PARAM_FIELDS = ("param", "field", "parameter")
_CODE_FIELDS = ("api_error_code", "code", "error_code")
# When the exact status is not documented, the nearest documented one, in this order.
_FALLBACKS = {
    "validation": ("422", "400"),
    "malformed_body": ("400", "422"),
    "unsupported_media_type": ("415", "400", "422"),
    "bad_request": ("400", "422"),
    "not_found": ("422", "400"),  # a body field naming no record, where 404 is not documented
    "duplicate": ("409", "422", "400"),
}


class GenericProfile:
    def __init__(self, schemas: SchemaModel, tenants: TenantDirectory | None = None) -> None:
        self.schemas = schemas
        self.document = schemas.document
        self.tenants = tenants or TenantDirectory()

    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        if not credentials.values:
            return "default"
        if not self.tenants:
            return "default"
        for value in credentials.values.values():
            tenant = self.tenants.by_key(value)
            if tenant is not None:
                return tenant.id
        raise ApiError("unauthenticated", "Invalid credentials")

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        fallback = {"message": error.message, "type": error.kind}
        if error.param:
            fallback["param"] = error.param
        if operation is None:
            return error.status, fallback
        compiled = self.schemas.compiled(operation)
        status = self._status(error, compiled.responses)
        slots = compiled.responses.get(status)
        slot = next((s for s in slots or [] if is_json(s.media_type)), None)
        if slot is None or not slot.schema_pointer:
            return int(status), fallback
        body = generate_value(slot.definition.get("schema", {}), self.document,
                              seed=f"{operation.operation_id}:{status}")
        schema = deref(self.document, slot.definition.get("schema") or {})
        filled = _fill(body, error, schema, self.document)
        if self.schemas.is_valid(slot.schema_pointer, filled):
            return int(status), filled
        return int(status), body


    def _status(self, error: ApiError, responses: dict) -> str:
        """The documented status for this error. A validation error goes to a documented 422
        only when it looks like FastAPI's (a ``detail`` list); otherwise to 400."""
        if error.kind == "validation":
            if "422" in responses and _has_detail(responses["422"], self.document):
                return "422"
            if "400" in responses:
                return "400"
        status = str(error.status)
        if status in responses:
            return status
        for candidate in _FALLBACKS.get(error.kind, ()):
            if candidate in responses:
                return candidate
        return status


def _has_detail(slots, document: dict) -> bool:
    for slot in slots:
        schema = deref(document, slot.definition.get("schema") or {})
        if "detail" in (schema.get("properties") or {}):
            return True
    return False


# Words that a documented error code or type for each kind of error tends to contain.
_KIND_WORDS = {
    "validation": ("param", "wrong", "value", "invalid", "request"),
    "bad_request": ("invalid", "request"),
    "malformed_body": ("invalid", "request"),
    "unsupported_media_type": ("invalid", "request"),
    "unauthenticated": ("authentication", "failed", "unauthorized", "invalid"),
    "forbidden": ("authorization", "forbidden", "permission"),
    "not_found": ("resource", "not", "found"),
    "route_not_found": ("resource", "not", "found"),
    "method_not_allowed": ("method", "not", "supported", "allowed"),
    "invalid_state": ("invalid", "state", "request"),
    "rate_limited": ("limit", "exceeded", "rate"),
    "internal": ("internal", "error"),
}


def _fill(body: Any, error: ApiError, schema: dict, document: dict) -> Any:
    if not isinstance(body, dict):
        return body
    filled = dict(body)
    words = _KIND_WORDS.get(error.kind, ())
    for key, prop in (schema.get("properties") or {}).items():
        prop = deref(document, prop)
        choices = [c for c in prop.get("enum") or [] if isinstance(c, str)]
        if key in filled and choices and words:
            filled[key] = max(choices, key=lambda c: sum(w in c for w in words))
    for key in _MESSAGE_FIELDS:
        if key in filled and isinstance(filled[key], str):
            filled[key] = error.message
            break
    for key in _PARAM_FIELDS:
        if key in filled and error.param:
            filled[key] = error.param
    for key in _CODE_FIELDS:
        if key in filled and error.code:
            filled[key] = error.code
    return filled
