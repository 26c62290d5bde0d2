"""The event log in bounds: the newest events kept, the dropped counted, a scope forgotten."""

from __future__ import annotations

from datetime import UTC, datetime

from billing_sandbox.control.event_log import EventLog
from billing_sandbox.engine.observe.events import VendorEvent

AT = datetime(2026, 3, 1, tzinfo=UTC)


def event(number: int) -> VendorEvent:
    return VendorEvent(f"ev_{number}", "invoice_generated", AT, {"id": f"ev_{number}"})


def test_the_newest_events_are_kept_and_the_oldest_dropped_and_counted():
    log = EventLog(capacity=3)
    log.publish("chargebee", "demo", [event(1), event(2)])
    log.publish("chargebee", "demo", [event(3), event(4), event(5)])
    assert [e.event.id for e in log.entries()] == ["ev_3", "ev_4", "ev_5"]
    assert log.dropped == 2


def test_subscribers_get_each_published_batch():
    log, batches = EventLog(), []
    log.subscribers.append(batches.append)
    log.publish("zenskar", "demo", [event(1)])
    assert [[(e.vendor, e.tenant, e.event.id) for e in batch] for batch in batches] == [
        [("zenskar", "demo", "ev_1")]]


def test_forgetting_a_tenant_keeps_the_rest():
    log = EventLog()
    log.publish("chargebee", "demo", [event(1)])
    log.publish("chargebee", "other", [event(2)])
    log.publish("zenskar", "demo", [event(3)])
    assert log.forget("chargebee", "demo") == 1
    assert [e.event.id for e in log.entries()] == ["ev_2", "ev_3"]
    assert log.forget("chargebee") == 1
    assert log.forget() == 1 and log.entries() == []
