"""How a vendor authenticates and shapes its errors. Vendor adapters provide their own; a
folder dropped into specs/ with no adapter gets GenericProfile, driven by its document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..documents.vendors import Operation
from ..errors import ApiError
from .security import Credentials


class VendorProfile(Protocol):
    def authenticate(self, credentials: Credentials, operation: Operation) -> str:
        """The tenant the credentials belong to; ApiError unauthenticated/forbidden if none."""

    def render_error(self, error: ApiError, operation: Operation | None) -> tuple[int, Any]:
        """(status, body) in the vendor's documented error shape."""


@dataclass
class Tenant:
    id: str
    api_key: str | None = None


@dataclass
class TenantDirectory:
    """The tenants of one vendor, from the fixtures, found by their secret key."""

    tenants: dict[str, Tenant] = field(default_factory=dict)

    def by_key(self, key: str) -> Tenant | None:
        for tenant in self.tenants.values():
            if tenant.api_key == key:
                return tenant
        return None

    def __bool__(self) -> bool:
        return bool(self.tenants)
