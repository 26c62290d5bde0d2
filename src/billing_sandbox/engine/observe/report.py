"""The contract report for CI: per operation, how many calls were checked, the requests that
broke the documented contract (the client's fault) and the answers that did (the sandbox's)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .calls import Call

SAMPLES_PER_OPERATION = 20
# Calls to paths no operation documents get a case per path up to this many paths; the rest
# share one case, so a client probing random paths cannot grow the report without bound.
UNDOCUMENTED_PATHS = 100
UNDOCUMENTED = "(not in the document)"  # ends the name of a case of undocumented calls
OTHER_UNDOCUMENTED = f"other paths {UNDOCUMENTED}"


@dataclass
class _Operation:
    vendor: str
    operation: str
    calls: int = 0
    client_violations: int = 0
    sandbox_violations: int = 0
    samples: list[dict] = field(default_factory=list)


class ContractReport:
    def __init__(self, samples_per_operation: int = SAMPLES_PER_OPERATION) -> None:
        self.samples_per_operation = samples_per_operation
        self._operations: dict[tuple[str, str], _Operation] = {}
        self._lock = threading.Lock()
        self.since = datetime.now(UTC)

    def observe(self, call: Call) -> None:
        name = call.operation_id or f"{call.method} {call.path} {UNDOCUMENTED}"
        issues = call.client_issues()
        with self._lock:
            entry = self._operations.get((call.vendor, name))
            if (entry is None and call.operation_id is None
                    and self._undocumented_paths() >= UNDOCUMENTED_PATHS):
                name = OTHER_UNDOCUMENTED
                entry = self._operations.get((call.vendor, name))
            if entry is None:
                entry = self._operations[(call.vendor, name)] = _Operation(call.vendor, name)
            entry.calls += 1
            if issues:
                entry.client_violations += 1
            if call.violations:
                entry.sandbox_violations += 1
            if (issues or call.violations) and len(entry.samples) < self.samples_per_operation:
                entry.samples.append(_sample(call, issues))

    def clear(self, vendor: str | None = None) -> None:
        with self._lock:
            if vendor is None:
                self._operations.clear()
                self.since = datetime.now(UTC)
            else:
                self._operations = {k: v for k, v in self._operations.items() if k[0] != vendor}

    def _undocumented_paths(self) -> int:
        """Cases of one undocumented path each (counted only when a new path arrives)."""
        return sum(1 for _, name in self._operations
                   if name.endswith(UNDOCUMENTED) and name != OTHER_UNDOCUMENTED)

    def as_json(self, vendor: str | None = None) -> dict[str, Any]:
        with self._lock:
            operations = [o for o in self._operations.values()
                          if vendor is None or o.vendor == vendor]
            cases = [{
                "vendor": o.vendor, "operation": o.operation, "calls": o.calls,
                "client_violations": o.client_violations,
                "sandbox_violations": o.sandbox_violations,
                "passed": not (o.client_violations or o.sandbox_violations),
                "failures": list(o.samples),
            } for o in sorted(operations, key=lambda o: (o.vendor, o.operation))]
        checked = sum(c["calls"] for c in cases)
        client = sum(c["client_violations"] for c in cases)
        sandbox = sum(c["sandbox_violations"] for c in cases)
        summary = (f"{checked} call(s) checked against the documented contract: "
                   f"{client} broke it on the client's side, {sandbox} on the sandbox's")
        return {"since": self.since.isoformat(), "calls_checked": checked,
                "client_violations": client, "sandbox_violations": sandbox,
                "passed": client == 0 and sandbox == 0, "summary": summary,
                "operations": cases}

    def as_junit(self, vendor: str | None = None) -> str:
        return junit_xml(self.as_json(vendor))


def junit_xml(report: dict[str, Any]) -> str:
    """One test case per operation; a failure lists each request that broke the contract."""
    from xml.etree import ElementTree  # here: ~15 ms of start-up for a report rarely asked for

    cases = report["operations"]
    suite = ElementTree.Element("testsuite", {
        "name": "billing-sandbox contract", "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if not c["passed"])), "errors": "0",
        "timestamp": report["since"]})
    ElementTree.SubElement(ElementTree.SubElement(suite, "properties"), "property",
                           {"name": "calls_checked", "value": str(report["calls_checked"])})
    for case in cases:
        element = ElementTree.SubElement(suite, "testcase", {
            "classname": case["vendor"], "name": case["operation"]})
        ElementTree.SubElement(element, "system-out").text = f"{case['calls']} call(s) checked"
        if not case["passed"]:
            failure = ElementTree.SubElement(element, "failure", {
                "message": f"{case['client_violations']} request(s) broke the contract; "
                           f"{case['sandbox_violations']} answer(s) broke it",
                "type": "contract_violation"})
            failure.text = "\n\n".join(describe_failure(s) for s in case["failures"])
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def describe_failure(sample: dict) -> str:
    lines = [f"{sample['method']} {sample['path']} -> {sample['status']}"]
    if sample.get("body") is not None:
        lines.append(f"  request body: {sample['body']}")
    for issue in sample.get("validation_errors", []):
        lines.append(f"  client: {issue['field'] or '(request)'}: {issue['message']}")
    for violation in sample.get("contract_violations", []):
        lines.append(f"  sandbox (a bug; please report): {violation['path']}: "
                     f"{violation['message']}")
    return "\n".join(lines)


def _sample(call: Call, issues: list[dict]) -> dict:
    path = call.path + (f"?{call.query_string}" if call.query_string else "")
    return {
        "time": datetime.fromtimestamp(call.started_at, UTC).isoformat(),
        "method": call.method, "path": path, "status": call.status,
        "body": call.request_body[:2000].decode("utf-8", "replace") or None,
        "validation_errors": issues,
        "contract_violations": [{"path": v.path or "$", "message": v.message}
                                for v in call.violations],
    }
