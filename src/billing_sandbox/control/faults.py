"""``/_sandbox/faults``: the next N matching calls fail with a documented status, wait, or
lose their connection."""

from __future__ import annotations

from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request

from .plane import ControlPlane


def documented_gaps(plane: ControlPlane, vendor: str | None, operation_id: str | None,
                    status: int) -> list[str]:
    """The matching operations that do not document ``status`` ("vendor operationId")."""
    gaps = []
    for name, api in plane.apis.items():
        if vendor is not None and name != vendor:
            continue
        for op_id in api.operations:
            if operation_id is not None and op_id != operation_id:
                continue
            if api.compiled(op_id).response_for(status) is None:
                gaps.append(f"{name} {op_id}")
    return gaps


def register(registry: HandlerRegistry, plane: ControlPlane, vendor_name: str) -> None:
    @registry.handler(vendor_name, "addFault")
    def add_fault(request: Request) -> Reply:
        body = request.body
        vendor, operation_id = body.get("vendor"), body.get("operation_id")
        status, latency, drop = body.get("status"), body.get("latency_ms", 0), body.get("drop")
        if vendor is not None and vendor not in plane.apis:
            raise ApiError("not_found", f"no vendor {vendor!r}; vendors: "
                                        f"{', '.join(plane.vendors)}", param="vendor")
        if operation_id is not None and not any(
                operation_id in api.operations for name, api in plane.apis.items()
                if vendor is None or name == vendor):
            raise ApiError("not_found", f"no operation {operation_id!r}"
                           + (f" in {vendor}" if vendor else ""), param="operation_id")
        if status is None and not latency and not drop:
            raise ApiError("bad_request", "give status, latency_ms or drop", param="status")
        if drop and status is not None:
            raise ApiError("bad_request", "a dropped connection has no status", param="drop")
        if status is not None:
            gaps = documented_gaps(plane, vendor, operation_id, status)
            if gaps:
                shown = ", ".join(gaps[:5]) + (f" and {len(gaps) - 5} more" if len(gaps) > 5
                                               else "")
                raise ApiError("bad_request", f"status {status} is not documented by {shown}; "
                                              "the sandbox never answers outside the contract",
                               param="status")
        fault = plane.faults.add(vendor, operation_id, body.get("count", 1), status, latency,
                                 bool(drop), body.get("message"))
        return Reply(201, fault.as_dict())

    @registry.handler(vendor_name, "listFaults")
    def list_faults(request: Request) -> Reply:
        return Reply(200, {"faults": [f.as_dict() for f in plane.faults.list()]})

    @registry.handler(vendor_name, "clearFaults")
    def clear_faults(request: Request) -> Reply:
        return Reply(200, {"cleared": plane.faults.clear()})
