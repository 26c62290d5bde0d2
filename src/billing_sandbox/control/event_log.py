"""The events the vendor APIs published, newest last, bounded in size.

Adapters publish a call's events once its transaction committed (``publish`` is the
Services' event sink). The log keeps the newest ``capacity`` events of all vendors and tenants
together (the oldest are dropped and counted) and hands every published batch to its
subscribers (the webhook deliveries).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from billing_sandbox.core.dates import iso_datetime
from billing_sandbox.engine.observe.events import VendorEvent

DEFAULT_CAPACITY = 1000


@dataclass(frozen=True)
class LoggedEvent:
    vendor: str
    tenant: str
    event: VendorEvent

    def as_dict(self) -> dict:
        return {"id": self.event.id, "vendor": self.vendor, "tenant": self.tenant,
                "type": self.event.type, "occurred_at": iso_datetime(self.event.occurred_at),
                "payload": self.event.payload}


class EventLog:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self.dropped = 0
        self.subscribers: list[Callable[[list[LoggedEvent]], None]] = []
        self._events: deque[LoggedEvent] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def publish(self, vendor: str, tenant: str, events: list[VendorEvent]) -> None:
        logged = [LoggedEvent(vendor, tenant, event) for event in events]
        with self._lock:
            self.dropped += max(0, len(self._events) + len(logged) - self.capacity)
            self._events.extend(logged)
        for subscriber in self.subscribers:
            subscriber(logged)

    def entries(self, vendor: str | None = None, tenant: str | None = None,
                type: str | None = None, since: datetime | None = None,
                limit: int | None = None) -> list[LoggedEvent]:
        """Oldest first; ``since`` (inclusive) compares with the sandbox time it occurred at;
        ``limit`` keeps the newest N that match."""
        with self._lock:
            kept = list(self._events)
        found = [
            e for e in kept
            if (vendor is None or e.vendor == vendor)
            and (tenant is None or e.tenant == tenant)
            and (type is None or e.event.type == type)
            and (since is None or e.event.occurred_at >= since)
        ]
        return found[-limit:] if limit else found

    def forget(self, vendor: str | None = None, tenant: str | None = None) -> int:
        """Drop the events of a vendor (or one of its tenants; all with no vendor)."""
        with self._lock:
            kept = [e for e in self._events
                    if (vendor is not None and e.vendor != vendor)
                    or (tenant is not None and e.tenant != tenant)]
            forgotten = len(self._events) - len(kept)
            self._events = deque(kept, maxlen=self.capacity)
            if vendor is None:
                self.dropped = 0
        return forgotten
