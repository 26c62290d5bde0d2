"""One call through the engine, as the journal, the contract report and the events see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import ApiError
from ..http.registry import Reply
from .monitor import Violation

# Refusals that mean the client broke the documented contract (as opposed to a business rule
# such as "invoice already paid", or credentials a test chose to leave out).
CONTRACT_KINDS = frozenset({"validation", "malformed_body", "unsupported_media_type",
                            "route_not_found", "method_not_allowed"})


@dataclass
class Call:
    vendor: str
    method: str
    path: str
    query_string: str
    request_headers: dict[str, str]
    request_body: bytes
    operation_id: str | None = None
    tenant: str | None = None
    reply: Reply | None = None
    response_body: bytes = b""  # the reply as sent
    refusal: ApiError | None = None
    violations: list[Violation] = field(default_factory=list)  # of the reply: sandbox bugs
    fault: dict[str, Any] | None = None
    started_at: float = 0.0  # wall clock, seconds since the epoch
    # the sandbox clock when the call arrived (as text only when the journal is read)
    clock_at: datetime | None = None
    duration_ms: float = 0.0

    @property
    def status(self) -> int:
        return self.reply.status if self.reply else 0

    @property
    def client_broke_contract(self) -> bool:
        return self.refusal is not None and self.refusal.kind in CONTRACT_KINDS

    def client_issues(self) -> list[dict[str, Any]]:
        """What the client did wrong, one entry per problem: where, what, which rule."""
        if not self.client_broke_contract:
            return []
        refusal = self.refusal
        if not refusal.issues:
            return [{"field": refusal.param, "message": refusal.message, "rule": refusal.kind}]
        return [{"field": ".".join(str(p) for p in issue.location), "message": issue.message,
                 "rule": issue.kind} for issue in refusal.issues]
