"""Chargebee's auth (HTTP Basic, API key as user name) and error format
``{"message", "type", "api_error_code", "param"}``; the official SDKs pick the exception class
from ``type`` (payment: PaymentError, invalid_request: InvalidRequestError, operation_failed:
OperationFailedError, as for 429, 500 and 503) and fail on a body without ``api_error_code``.
``type`` is ``untyped`` where the published document says so (401, 403)."""

from __future__ import annotations

from typing import Any

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.errors import ApiError, Issue
from billing_sandbox.engine.http.error_responses import NEAREST
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.http.security import Credentials

BASIC_SCHEME = "BasicAuth"

# kind -> (status, type, api_error_code)
_SHAPES = {
    "validation": (400, "invalid_request", "param_wrong_value"),
    "bad_request": (400, "invalid_request", "invalid_request"),
    "malformed_body": (400, "invalid_request", "invalid_request"),
    "unsupported_media_type": (400, "invalid_request", "invalid_request"),
    "duplicate": (400, "invalid_request", "duplicate_entry"),
    "unauthenticated": (401, "untyped", "api_authentication_failed"),
    "forbidden": (403, "untyped", "api_authorization_failed"),
    "not_found": (404, "invalid_request", "resource_not_found"),
    "route_not_found": (404, "invalid_request", "resource_not_found"),
    "method_not_allowed": (405, "invalid_request", "http_method_not_supported"),
    "invalid_state": (409, "invalid_request", "invalid_state_for_request"),
    "conflict": (409, "invalid_request", "invalid_state_for_request"),
    "payment_failed": (402, "payment", "payment_processing_failed"),
    "unprocessable": (422, "invalid_request", "unable_to_process_request"),
    "rate_limited": (429, "operation_failed", "api_request_limit_exceeded"),
    "internal": (500, "operation_failed", "internal_error"),
    "unavailable": (503, "operation_failed", "site_not_ready"),
    # no 413 is documented: a body over the limit is a bad request
    "payload_too_large": (400, "invalid_request", "invalid_request"),
}


class ChargebeeProfile:
    def __init__(self, tenants: TenantDirectory) -> None:
        self.tenants = tenants

    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        tenant = self.tenants.by_key(credentials.values.get(BASIC_SCHEME, ""))
        if tenant is None:
            raise ApiError("unauthenticated", "Sorry, authentication failed. Invalid api key")
        return tenant.id

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        status, error_type, code = _SHAPES.get(error.kind, (400, "invalid_request",
                                                            "invalid_request"))
        status = error.status if error.kind not in _SHAPES else status
        status = _documented(status, error.kind, operation)
        body: dict[str, Any] = {"message": _message(error), "api_error_code": error.code or code}
        if error_type:
            body["type"] = error_type
        param = error.param or (error.issues[0].field if error.issues else None)
        if param:
            body["param"] = _bracketed(error.issues[0]) if error.issues else param
        body["http_status_code"] = status
        return status, body


def _documented(status: int, kind: str, operation: Operation | None) -> int:
    """The status, or the nearest one the operation documents: a payment refusal is a 402
    where the operation documents one (the sandbox's own operations), else the 400 of
    Chargebee's published document, whose body takes ``type: payment``."""
    if operation is None or str(status) in operation.responses:
        return status
    return next((int(key) for key in NEAREST.get(kind, ()) if key in operation.responses),
                status)


def _message(error: ApiError) -> str:
    if error.kind != "validation" or not error.issues:
        return error.message
    return "; ".join(f"{_bracketed(i)} : {_chargebee_reason(i)}" for i in error.issues)


def _bracketed(issue: Issue) -> str:
    """Chargebee names nested params as sent: ``line_items[description][0]``."""
    parts = [p for p in issue.location[1:]]
    if not parts:
        return str(issue.location[0])
    name = str(parts[0])
    index = [p for p in parts[1:] if isinstance(p, int)]
    keys = [p for p in parts[1:] if not isinstance(p, int)]
    for key in keys:
        name += f"[{key}]"
    for position in index:
        name += f"[{position}]"
    return name


def _chargebee_reason(issue: Issue) -> str:
    if issue.kind == "required":
        return "cannot be blank"
    if issue.kind in ("minimum", "exclusiveMinimum"):
        return f"The value should be greater than or equal to {issue.expected}" \
            if issue.kind == "minimum" else f"The value should be greater than {issue.expected}"
    if issue.kind == "maxLength":
        return f"cannot be more than {issue.expected} characters"
    if issue.kind == "type":
        return f"invalid value ({issue.message})"
    return issue.message


def credentials(tenant: Tenant) -> dict[str, str]:
    """The API key as the HTTP Basic user name (the password is empty)."""
    return {BASIC_SCHEME: tenant.api_key or ""}
