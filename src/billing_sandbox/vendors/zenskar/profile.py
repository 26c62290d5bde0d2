"""Zenskar's auth (``x-api-key`` names the tenant, ``organisation`` must be that tenant) and
error shapes (FastAPI: 422 ``{"detail": [{loc, msg, type}]}``, else ``{"detail": "..."}``)."""

from __future__ import annotations

from typing import Any

from billing_sandbox.engine.documents.vendors import Operation
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.http.security import Credentials
from billing_sandbox.vendors.fastapi_errors import render_fastapi_error

API_KEY_SCHEME = "ApiTokenAuth"
ORGANISATION_SCHEME = "OrganisationAuth"


class ZenskarProfile:
    def __init__(self, tenants: TenantDirectory) -> None:
        self.tenants = tenants

    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        tenant = self.tenants.by_key(credentials.values.get(API_KEY_SCHEME, ""))
        if tenant is None:
            raise ApiError("unauthenticated", "Invalid API key")
        organisation = credentials.values.get(ORGANISATION_SCHEME)
        if organisation != tenant.id:
            raise ApiError("forbidden",
                           f"This API key does not belong to organisation {organisation!r}")
        return tenant.id

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        return render_fastapi_error(error, with_input=False)


def credentials(tenant: Tenant) -> dict[str, str]:
    """x-api-key and the organisation it belongs to."""
    return {API_KEY_SCHEME: tenant.api_key or "", ORGANISATION_SCHEME: tenant.id}
