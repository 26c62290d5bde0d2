"""``/_sandbox/requests`` (the journal) and ``/_sandbox/report`` (the contract report)."""

from __future__ import annotations

from datetime import datetime

from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request

from .plane import ControlPlane
from .state import vendor_filter

JUNIT = "application/xml"


def register(registry: HandlerRegistry, plane: ControlPlane, vendor: str) -> None:
    @registry.handler(vendor, "listRequests")
    def list_requests(request: Request) -> Reply:
        query = request.query
        entries = plane.journal.entries(
            vendor=vendor_filter(plane, query.get("vendor")), tenant=query.get("tenant"),
            operation_id=query.get("operation_id"), status=query.get("status"),
            since=_time(query.get("since")), until=_time(query.get("until")),
            limit=query.get("limit"))
        return Reply(200, {"entries": entries, "count": len(entries),
                           "capacity": plane.journal.capacity, "dropped": plane.journal.dropped})

    @registry.handler(vendor, "clearRequests")
    def clear_requests(request: Request) -> Reply:
        return Reply(200, {"cleared": plane.journal.clear()})

    @registry.handler(vendor, "getReport")
    def get_report(request: Request) -> Reply:
        vendor_name = vendor_filter(plane, request.query.get("vendor"))
        if request.query.get("format") == "junit":
            return Reply(200, plane.report.as_junit(vendor_name), {"content-type": JUNIT})
        return Reply(200, plane.report.as_json(vendor_name))


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.upper().replace("Z", "+00:00")) if text else None
