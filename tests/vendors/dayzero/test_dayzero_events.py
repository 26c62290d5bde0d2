"""DayZero's events (its document describes no webhooks; the sandbox's envelope): a payment is
payment.created, its invoice invoice.updated or invoice.paid, ``data`` as the API answers."""

from __future__ import annotations

import pytest
from support.clients import AppClient
from vendors.dayzero.dayzero_demo import (
    BUSINESS,
    INVOICE_1,
    INVOICES,
    TX_1,
    TX_2,
    headers,
    write_fixtures,
)

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings


@pytest.fixture
def sandbox(tmp_path):
    sandbox = create_app(Settings(fixtures=[write_fixtures(tmp_path / "dayzero.yaml")]))
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


def pay(client, transaction: str, amount: int):
    return client.post(f"{INVOICES}/{INVOICE_1}/payments", headers=headers(),
                       json={"transaction_id": transaction, "amount": amount})


def test_a_partial_payment_sends_the_payment_and_the_updated_invoice(client, published):
    payment = pay(client, TX_1, 20000)
    created, updated = published()
    assert (created["type"], updated["type"]) == ("payment.created", "invoice.updated")
    assert created["tenant"] == BUSINESS
    body = created["payload"]
    assert body == {"id": created["id"], "type": "payment.created",
                    "created_at": created["occurred_at"], "business_id": BUSINESS,
                    "data": payment.json()}
    invoice = client.get(f"{INVOICES}/{INVOICE_1}", headers=headers()).json()
    assert updated["payload"]["data"] == invoice
    assert invoice["status"] == "partially_paid"


def test_the_payment_that_settles_it_sends_invoice_paid(client, published):
    pay(client, TX_1, 20000)
    published()
    pay(client, TX_2, 30000)
    assert [event["type"] for event in published()] == ["payment.created", "invoice.paid"]


def test_a_refused_payment_or_a_read_sends_nothing(client, published):
    assert pay(client, TX_1, 30001).status_code == 400
    assert client.get(f"{INVOICES}/{INVOICE_1}", headers=headers()).status_code == 200
    assert published() == []
