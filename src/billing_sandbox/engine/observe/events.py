"""Events a vendor API sends (its webhooks), and where a call's events go once it committed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class VendorEvent:
    """A domain event as the vendor names and sends it; ``payload`` is the webhook body."""

    id: str
    type: str
    occurred_at: datetime  # on the sandbox clock
    payload: dict


# (vendor, tenant, events): called once the call's transaction committed, never for a call
# that was refused or rolled back
EventSink = Callable[[str, str, list[VendorEvent]], None]


def discard_events(vendor: str, tenant: str, events: list[VendorEvent]) -> None:
    """The sink when nothing listens (fixture loading, in-process adapter tests)."""
