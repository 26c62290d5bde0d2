"""Zenskar's events (its documents describe no webhooks; the sandbox's envelope): the ledger's
names, ``data`` exactly as the API answers for the resource; nothing for a refused call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from support.clients import AppClient
from support.server import DEMO_FIXTURES

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings

DEMO = {"x-api-key": "zk_test_demo", "organisation": "demo"}
CUSTOMER = "7a1c0d2e-0000-4000-8000-000000000101"
CONTRACT = "7a1c0d2e-0000-4000-8000-000000000201"
INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"  # approved, 500.00 due since January
NOW = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def sandbox():
    sandbox = create_app(Settings(fixtures=[DEMO_FIXTURES]))
    sandbox.clock.freeze(NOW)
    yield sandbox
    assert [str(v) for v in sandbox.monitor.violations()] == []
    sandbox.close()


@pytest.fixture
def client(sandbox):
    return AppClient(sandbox.app)


@pytest.fixture
def published(sandbox):
    def events() -> list[dict]:
        found = [logged.as_dict() for logged in sandbox.control.events.entries()]
        sandbox.control.events.forget()
        return found

    return events


def invoice_now(client, invoice_id: str = INVOICE) -> dict:
    return client.get(f"/zenskar/invoices/{invoice_id}", params={"include_line_items": "true"},
                      headers=DEMO).json()


def credit(client, amount: float, **fields):
    return client.post(f"/zenskar/invoices/{INVOICE}/credit_note", headers=DEMO,
                       json={"credit_note_amount": amount, "reason": "Outage", **fields})


def charge(client, **body):
    return client.post(f"/zenskar/payments/invoice/{INVOICE}/charge", json=body, headers=DEMO)


def test_the_envelope_and_a_generated_invoice(client, published):
    answer = client.post("/zenskar/invoices/generate_invoice", headers=DEMO, json={
        "customer_id": CUSTOMER, "contract_id": CONTRACT,
        "from_date": "2026-02-01T00:00:00Z", "to_date": "2026-03-01T00:00:00Z"})
    [created] = published()
    assert created["type"] == "invoice.created" and created["tenant"] == "demo"
    body = created["payload"]
    assert body == {"id": created["id"], "type": "invoice.created",
                    "created_at": "2026-02-10T12:00:00Z", "organisation": "demo",
                    "data": answer.json()}


def test_a_charge_sends_the_payment_and_the_paid_invoice(client, published):
    payment = charge(client).json()
    succeeded, paid = published()
    assert (succeeded["type"], paid["type"]) == ("payment.succeeded", "invoice.paid")
    assert succeeded["payload"]["data"] == payment
    assert paid["payload"]["data"] == invoice_now(client)


def test_a_declined_charge_is_recorded_and_sent_as_a_failed_payment(client, published):
    answer = charge(client, source="pm_card_declined", skip_invoice_due_date_check=True)
    assert answer.status_code == 400
    failed, updated = published()
    assert (failed["type"], updated["type"]) == ("payment.failed", "invoice.updated")
    assert failed["payload"]["data"]["status"] == "failed"
    assert updated["payload"]["data"] == invoice_now(client)


def test_a_credit_note_sends_the_note_and_the_invoice_it_lowered(client, published):
    note = credit(client, 25.5).json()
    created, updated = published()
    assert (created["type"], updated["type"]) == ("credit_note.created", "invoice.updated")
    assert created["payload"]["data"] == note
    assert updated["payload"]["data"]["amount_due"] == 474.5


def test_a_credit_note_for_the_whole_balance_voids_the_invoice(client, published):
    credit(client, 500)
    assert [event["type"] for event in published()] == ["credit_note.created", "invoice.voided"]
    assert invoice_now(client)["status"] == "void"


def test_a_refunding_credit_note_sends_the_refund_as_payments_list_it(client, published):
    charge(client)
    published()
    credit(client, 100, refund_destination="original_payment_method")
    refund, created, updated = published()
    assert (refund["type"], created["type"], updated["type"]) == (
        "refund.created", "credit_note.created", "invoice.updated")
    listed = client.get("/zenskar/payments", params={"type": "refund"}, headers=DEMO).json()
    assert refund["payload"]["data"] in listed["results"]


@pytest.mark.parametrize("amount, status", [(600, 400), (0, 422)])
def test_a_refused_call_sends_nothing(client, published, amount, status):
    assert credit(client, amount).status_code == status
    assert published() == []
