"""Zenskar fixture records: loaded into the ledger in minor units, or refused naming the field."""

from __future__ import annotations

import copy

import pytest

from billing_sandbox.core import CONTRACT, CUSTOMER, INVOICE, Books
from billing_sandbox.core.clock import Clock
from billing_sandbox.store import Store
from billing_sandbox.vendors.adapter import RecordError, Services
from billing_sandbox.vendors.zenskar.adapter import ADAPTER
from billing_sandbox.vendors.zenskar.ids import uuid_minter

CUSTOMER_ID = "7a1c0d2e-0000-4000-8000-000000000101"
CONTRACT_ID = "7a1c0d2e-0000-4000-8000-000000000201"
INVOICE_ID = "7a1c0d2e-0000-4000-8000-000000000301"
RECORDS = {
    "customers": [{"id": CUSTOMER_ID, "name": "Demo", "email": "a@b.example"}],
    "contracts": [{"id": CONTRACT_ID, "customer_id": CUSTOMER_ID, "status": "active",
                   "currency": "EUR", "start_date": "2026-01-01",
                   "prices": [{"description": "Fee", "amount": 1000.05, "interval": "month"}]}],
    "invoices": [{"id": INVOICE_ID, "customer_id": CUSTOMER_ID, "contract_id": CONTRACT_ID,
                  "status": "partially_paid", "total": 500.00, "amount_paid": 120.5,
                  "invoice_date": "2026-01-01", "due_date": "2026-01-31",
                  "period_start": "2026-01-01", "period_end": "2026-02-01"}],
}


@pytest.fixture
def services():
    store = Store.open(None)
    yield Services(store=store, clock=Clock())
    store.close()


def read(services, kind, record_id):
    with services.store.transaction("zenskar/demo") as repo:
        return Books(repo, now=services.clock.now, new_id=uuid_minter()).get(kind, record_id)


def test_records_load_in_minor_units_with_zenskar_statuses_mapped(services):
    ADAPTER.load_records(services, "demo", RECORDS)
    customer = read(services, CUSTOMER, CUSTOMER_ID)
    assert customer["currency"] == "EUR"  # the currency of the customer's contract
    assert customer["payment_source_id"] == "pm_card_visa"  # the connector's card on file
    assert read(services, CONTRACT, CONTRACT_ID)["prices"][0]["amount"] == 100005
    invoice = read(services, INVOICE, INVOICE_ID)
    assert (invoice["total"], invoice["amount_paid"], invoice["amount_due"]) == (
        50000, 12050, 37950)
    assert (invoice["status"], invoice["due_date"]) == ("partially_paid", "2026-01-31")


@pytest.mark.parametrize(("kind", "field", "value", "named"), [
    ("customers", "id", "cust-1", "customers[0].id: must be a UUID"),
    ("customers", "colour", "red", "customers[0].colour: unknown field"),
    ("customers", "email", "nobody", "customers[0].email: must be an email address"),
    ("contracts", "customer_id", "7a1c0d2e-0000-4000-8000-000000000999",
     "contracts[0].customer_id: customer 7a1c0d2e-0000-4000-8000-000000000999 not found"),
    ("contracts", "prices", [{"description": "Fee", "amount": 10, "interval": "year"}],
     "contracts[0].prices[0].interval: only monthly prices"),
    ("contracts", "prices", [{"description": "Fee", "amount": "lots"}],
     "contracts[0].prices[0].amount: must be a number"),
    ("invoices", "status", "upcoming", "invoices[0].status: must be one of draft, approved"),
    ("invoices", "period_end", None, "invoices[0].period_end: required"),
    ("invoices", "invoice_date", "someday", "invoices[0].invoice_date: must be an ISO 8601"),
    ("invoices", "amount_paid", 600, "invoices[0].amount_paid: partially_paid needs"),
])
def test_a_bad_record_is_refused_naming_the_record_and_field(services, kind, field, value,
                                                             named):
    records = copy.deepcopy(RECORDS)
    records[kind][0][field] = value
    with pytest.raises(RecordError) as caught:
        ADAPTER.load_records(services, "demo", records)
    assert str(caught.value).startswith(named)
