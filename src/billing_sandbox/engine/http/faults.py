"""Failures on demand: the next N calls that match a vendor and/or operationId get a status,
an added latency, or a dropped connection. Rules are taken in the order they were added."""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass


@dataclass
class Fault:
    id: str
    vendor: str | None
    operation_id: str | None
    count: int
    remaining: int
    status: int | None = None
    latency_ms: int = 0
    drop: bool = False
    message: str | None = None
    taken: int = 0

    def matches(self, vendor: str, operation_id: str | None) -> bool:
        return ((self.vendor is None or self.vendor == vendor)
                and (self.operation_id is None or self.operation_id == operation_id))

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


class FaultBook:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, vendor: str | None, operation_id: str | None, count: int,
            status: int | None = None, latency_ms: int = 0, drop: bool = False,
            message: str | None = None) -> Fault:
        fault = Fault(f"fault_{next(self._ids)}", vendor, operation_id, count, count, status,
                      latency_ms, drop, message)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, vendor: str, operation_id: str | None) -> Fault | None:
        """The first armed rule matching this call, with one use taken; None if none."""
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.matches(vendor, operation_id):
                    fault.remaining -= 1
                    fault.taken += 1
                    return fault
        return None

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self, vendor: str | None = None) -> int:
        """Remove every rule (or those of one vendor); how many were removed."""
        with self._lock:
            kept = [f for f in self._faults if vendor is not None and f.vendor != vendor]
            removed = len(self._faults) - len(kept)
            self._faults = kept
        return removed
