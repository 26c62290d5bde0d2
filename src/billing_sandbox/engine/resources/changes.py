"""What a change to a resource's record announces: by default the engine's envelope
``{id, type: "<resource>.<change>", created_at, tenant, data}``; a vendor whose API names its
own events gives a hook that makes its events of the change instead (its names, its event
object, the related records it sends along).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ..observe.events import VendorEvent
from ..schema import formats
from .model import Resource
from .storage import CallScope


@dataclass(frozen=True)
class Change:
    """One record's change in one call (read related records through ``scope.repo``)."""

    scope: CallScope
    resource: Resource
    change: str  # "created", "updated", "deleted", or the status an action set ("cancelled")
    data: dict  # the record as the API answers it


# A vendor's events of a change; None: the engine's envelope
ChangeEvents = Callable[[Change], "list[VendorEvent] | None"]


def envelope_events(change: Change) -> list[VendorEvent]:
    """The engine's own envelope, for documents that name no events."""
    scope = change.scope
    event_id = formats.seeded_uuid(random.Random(scope.draw(16)))
    event_type = f"{change.resource.name}.{change.change}"
    payload = {"id": event_id, "type": event_type,
               "created_at": scope.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
               "tenant": scope.tenant, "data": change.data}
    return [VendorEvent(event_id, event_type, scope.now, payload)]
