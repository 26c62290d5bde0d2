"""DayZero's auth (the bearer token names the tenant, ``x-business-id`` must be that business)
and error shapes (documented messages; 422 with pydantic v2 ``input`` and ``ctx``)."""

from __future__ import annotations

from typing import Any

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.http.security import Credentials
from billing_sandbox.vendors.fastapi_errors import render_fastapi_error

BEARER_SCHEME = "HTTPBearer"
BUSINESS_SCHEME = "BusinessId"
DOCUMENTED_MESSAGES = {
    "bad_request": "Invalid request parameters",
    "invalid_state": "Invalid request parameters",
    "unauthenticated": "Not authenticated",
    "forbidden": "Not enough permissions",
    "not_found": "Resource not found",
}


class DayZeroProfile:
    def __init__(self, tenants: TenantDirectory) -> None:
        self.tenants = tenants

    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        tenant = self.tenants.by_key(credentials.values.get(BEARER_SCHEME, ""))
        if tenant is None:
            raise ApiError("unauthenticated", "Not authenticated")
        if credentials.values.get(BUSINESS_SCHEME, "").lower() != tenant.id.lower():
            raise ApiError("forbidden", "Not enough permissions")
        return tenant.id

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        return render_fastapi_error(error, with_input=True, messages=DOCUMENTED_MESSAGES)


def credentials(tenant: Tenant) -> dict[str, str]:
    """The bearer token and the business it belongs to."""
    return {BEARER_SCHEME: tenant.api_key or "", BUSINESS_SCHEME: tenant.id}
