"""The profile of a vendor folder with no adapter: credentials of its documented schemes, and
errors shaped by the error responses its document declares."""

from __future__ import annotations

from typing import Any

from .compiled import compile_operation, is_json
from .contract import SchemaBook
from .errors import ApiError
from .generate import generate_value
from .profile import TenantDirectory
from .security import Credentials
from .specs import Operation

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
}


class GenericProfile:
    def __init__(self, document: dict, tenants: TenantDirectory | None = None) -> None:
        self.document = document
        self.tenants = tenants or TenantDirectory()
        self.schemas = SchemaBook(document)

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
        compiled = compile_operation(self.document, operation)
        status = str(error.status)
        if status not in compiled.responses:
            for candidate in _FALLBACKS.get(error.kind, ()):
                if candidate in compiled.responses:
                    status = candidate
                    break
        slots = compiled.responses.get(status)
        slot = next((s for s in slots or [] if is_json(s.media_type)), None)
        if slot is None or not slot.schema_pointer:
            return int(status), fallback
        body = generate_value(slot.definition.get("schema", {}), self.document,
                              seed=f"{operation.operation_id}:{status}")
        filled = _fill(body, error)
        if self.schemas.is_valid(slot.schema_pointer, filled):
            return int(status), filled
        return int(status), body


def _fill(body: Any, error: ApiError) -> Any:
    if not isinstance(body, dict):
        return body
    filled = dict(body)
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
