"""Handlers registered explicitly by (vendor, operationId); everything else is generated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..documents.vendors import Operation


@dataclass
class Request:
    """A request that passed auth and validation, as a handler sees it."""

    vendor: str
    tenant: str
    operation: Operation
    path_params: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any
    raw_body: bytes = b""
    context: dict[str, Any] = field(default_factory=dict)
    path: str = ""  # as it arrived, mount prefix included

    def base_url(self) -> str:
        """Where the operation's documented paths start for this client:
        ``http://<host><mount prefix>``."""
        segments = self.path.rstrip("/").split("/")
        depth = len(self.operation.path.strip("/").split("/"))
        prefix = "/".join(segments[:max(len(segments) - depth, 1)])
        return f"http://{self.headers.get('host', '127.0.0.1')}{prefix}".rstrip("/")


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Reply]
# A preparer may rewrite a parsed body before validation (e.g. accept unix seconds where the
# document says date-time, as a vendor's prose documents). It gets the body and returns it.
Preparer = Callable[[Any], Any]


class HandlerRegistry:
    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], Handler] = {}
        self._preparers: dict[tuple[str, str], Preparer] = {}

    def handler(self, vendor: str, operation_id: str) -> Callable[[Handler], Handler]:
        def register(function: Handler) -> Handler:
            key = (vendor, operation_id)
            if key in self._handlers:
                raise ValueError(f"a handler for {vendor} {operation_id} is already registered")
            self._handlers[key] = function
            return function

        return register

    def preparer(self, vendor: str, operation_id: str) -> Callable[[Preparer], Preparer]:
        def register(function: Preparer) -> Preparer:
            self._preparers[(vendor, operation_id)] = function
            return function

        return register

    def handler_for(self, vendor: str, operation_id: str) -> Handler | None:
        return self._handlers.get((vendor, operation_id))

    def preparer_for(self, vendor: str, operation_id: str) -> Preparer | None:
        return self._preparers.get((vendor, operation_id))

    def handled(self, vendor: str) -> set[str]:
        return {op for (v, op) in self._handlers if v == vendor}
