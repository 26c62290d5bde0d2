"""Chargebee's events as its webhooks send them: names, the event object, content shaped like
the API's resources; nothing for a refused, declined or replayed charge."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from support.clients import AppClient

from billing_sandbox.app import create_app
from billing_sandbox.core import (
    Books,
    create_one_off_invoice,
    issue_credit_note,
    record_payment,
)
from billing_sandbox.settings import Settings
from billing_sandbox.vendors.chargebee.events import chargebee_events
from billing_sandbox.vendors.chargebee.ids import id_minter

FROZEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def published(sandbox):
    """``published()`` -> the events the calls of this test published, oldest first."""
    sandbox.control.events.forget()
    return lambda: [logged.event for logged in sandbox.control.events.entries()]


def test_a_collected_charge_sends_invoice_generated_and_payment_succeeded(demo, published):
    answer = demo.charge(customer_id="demo_customer", amount=1500, description="Setup")
    assert answer.status_code == 200
    invoice = answer.json()["invoice"]
    generated, succeeded = published()
    assert (generated.type, succeeded.type) == ("invoice_generated", "payment_succeeded")
    body = generated.payload
    assert body["id"].startswith("ev_") and body["id"] == generated.id
    assert {k: body[k] for k in ("source", "object", "api_version", "event_type")} == {
        "source": "api", "object": "event", "api_version": "v2",
        "event_type": "invoice_generated"}
    assert isinstance(body["occurred_at"], int)
    assert body["content"] == {"invoice": demo.get(f"/invoices/{invoice['id']}").json()["invoice"]}
    content = succeeded.payload["content"]
    assert content["invoice"] == invoice
    transaction = content["transaction"]
    assert transaction["id"] == invoice["linked_payments"][0]["txn_id"]
    assert (transaction["type"], transaction["status"], transaction["amount"]) == (
        "payment", "success", 1500)
    assert transaction["linked_invoices"][0]["invoice_id"] == invoice["id"]
    assert content["customer"] == demo.get("/customers/demo_customer").json()["customer"]


def test_an_uncollected_charge_sends_invoice_generated_only(demo, published):
    answer = demo.charge(customer_id="demo_customer_offline", amount=700, description="x")
    [generated] = published()
    assert generated.type == "invoice_generated"
    assert generated.payload["content"]["invoice"]["status"] == answer.json()["invoice"]["status"]


def test_a_subscription_charge_carries_the_subscription(demo, published):
    demo.charge(subscription_id="demo_subscription", amount=700, description="x")
    succeeded = published()[1]
    subscription = demo.get("/subscriptions/demo_subscription").json()["subscription"]
    assert succeeded.payload["content"]["subscription"] == subscription


@pytest.mark.parametrize("fields, status", [
    ({"customer_id": "demo_customer_declined", "amount": 700, "description": "x"}, 402),
    ({"customer_id": "demo_customer", "amount": 700, "description": "x",
      "coupon": "FOREVER5"}, 400),
    ({"customer_id": "nobody", "amount": 700, "description": "x"}, 404),
])
def test_a_refused_or_declined_charge_sends_nothing(demo, published, fields, status):
    assert demo.charge(**fields).status_code == status
    assert published() == []


def test_a_replayed_charge_sends_nothing_more(demo, published):
    key = {"chargebee-idempotency-key": "retry-1"}
    fields = {"customer_id": "demo_customer", "amount": 700, "description": "x"}
    first = demo.post("/invoices/charge", data=fields, headers=key)
    replay = demo.post("/invoices/charge", data=fields, headers=key)
    assert replay.headers["chargebee-idempotency-replayed"] == "true"
    assert replay.json() == first.json()
    assert [event.type for event in published()] == ["invoice_generated", "payment_succeeded"]


def test_seeded_event_ids_repeat_across_runs(chargebee_demo):
    def run() -> list[dict]:
        sandbox = create_app(Settings(fixtures=[chargebee_demo], seed="7"))
        sandbox.clock.freeze(FROZEN)
        client = AppClient(sandbox.app)
        client.post("/chargebee/api/v2/invoices/charge", auth=("cb_test_demo", ""),
                    data={"customer_id": "demo_customer", "amount": 900, "description": "x"})
        payloads = [logged.event.payload for logged in sandbox.control.events.entries()]
        sandbox.close()
        # the customer's timestamps are those of the fixture load, before the clock froze
        return [{**body, "content": {k: v for k, v in body["content"].items()
                                     if k != "customer"}} for body in payloads]

    first, second = run(), run()
    assert first == second
    # the seeded fixtures started 2026-01-01: the subscription renewed on Feb 1 and Mar 1
    # (at the first call after the clock froze), then the charge
    assert [body["event_type"] for body in first] == [
        "subscription_renewed", "invoice_generated", "payment_succeeded"] * 2 + [
        "invoice_generated", "payment_succeeded"]
    assert first[-1]["occurred_at"] == int(FROZEN.timestamp())
    assert first[0]["occurred_at"] == int(datetime(2026, 2, 1, tzinfo=UTC).timestamp())


def test_credit_notes_and_refunds_are_shaped_as_chargebee_sends_them(sandbox):
    """No Chargebee endpoint of the sandbox issues them yet; the ledger can, and the adapter
    names and shapes them."""
    with sandbox.store.transaction("chargebee/demo") as repo:
        books = Books(repo, now=sandbox.clock.now, new_id=id_minter(repo))
        invoice = create_one_off_invoice(books, customer_id="demo_customer_offline",
                                         amount=1000, description="x")
        payment = record_payment(books, invoice["id"], amount=1000)
        books.events.clear()
        note = issue_credit_note(books, invoice["id"], amount=400,
                                 refund_destination="original_payment_method")
        events = chargebee_events(books, os.urandom)
    assert [event.type for event in events] == ["payment_refunded", "credit_note_created",
                                                "invoice_updated"]
    refunded, created, updated = (event.payload["content"] for event in events)
    assert created["credit_note"]["id"] == note["id"]
    assert (created["credit_note"]["type"], created["credit_note"]["status"]) == (
        "refundable", "refunded")
    assert created["credit_note"]["amount_refunded"] == 400
    assert refunded["transaction"]["type"] == "refund"
    assert refunded["transaction"]["refunded_txn_id"] == payment["id"]
    assert refunded["credit_note"] == created["credit_note"]
    assert updated["invoice"]["id"] == invoice["id"]
