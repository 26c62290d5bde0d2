"""Responses that break the documented contract are sandbox bugs: logged and counted."""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass

log = logging.getLogger("billing_sandbox.contract")


@dataclass(frozen=True)
class Violation:
    vendor: str
    operation_id: str
    status: int
    path: str
    message: str

    def __str__(self) -> str:
        return (f"contract violation: {self.vendor} {self.operation_id} answered {self.status}: "
                f"{self.path or '$'}: {self.message}")


class ContractMonitor:
    def __init__(self, limit: int = 1000) -> None:
        self._violations: deque[Violation] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self.total = 0

    def record(self, violation: Violation) -> None:
        log.error("%s", violation)
        with self._lock:
            self._violations.append(violation)
            self.total += 1

    def violations(self) -> list[Violation]:
        with self._lock:
            return list(self._violations)

    def clear(self) -> None:
        with self._lock:
            self._violations.clear()
            self.total = 0
