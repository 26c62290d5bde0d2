"""DayZero invoice payments through a real server: split, partial and over-payments, the
unallocated-amount limit, auth, 404s and business isolation, read back through the API."""

from __future__ import annotations

import httpx
import pytest
from vendors.dayzero.dayzero_demo import (
    BUSINESS,
    INVOICE_1,
    INVOICE_2,
    INVOICES,
    OTHER_BUSINESS,
    OTHER_INVOICE,
    OTHER_TOKEN,
    TX_1,
    TX_2,
    headers,
)


@pytest.fixture
def client(sandbox):
    """A client of a fresh server: the test may change the demo data."""
    with httpx.Client(base_url=sandbox.url, headers=headers(), timeout=10) as http:
        yield http


@pytest.fixture
def reader(shared_sandbox):
    """A client of the module's shared server: the test must change nothing."""
    with httpx.Client(base_url=shared_sandbox.url, headers=headers(), timeout=10) as http:
        yield http


def pay(client: httpx.Client, invoice_id: str, transaction_id: str, amount: int,
        **extra) -> httpx.Response:
    return client.post(f"{INVOICES}/{invoice_id}/payments",
                       json={"transaction_id": transaction_id, "amount": amount, **extra})


def invoice(client: httpx.Client, invoice_id: str) -> dict:
    response = client.get(f"{INVOICES}/{invoice_id}")
    assert response.status_code == 200, response.text
    return response.json()


def payments(client: httpx.Client, invoice_id: str, **query) -> dict:
    response = client.get(f"{INVOICES}/{invoice_id}/payments", params=query)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_demo_invoice_reads_back_open_with_its_totals(reader):
    body = invoice(reader, INVOICE_1)
    assert body["business_id"] == BUSINESS
    assert (body["status"], body["currency"], body["total"], body["subtotal"]) == (
        "open", "USD", 50000, 50000)
    assert (body["amount_paid"], body["amount_due"]) == (0, 50000)
    assert (body["invoice_number"], body["customer_name"]) == ("INV-0301", "Acme Corp")
    assert (body["issue_date"], body["due_date"]) == ("2026-01-15", "2026-02-14")
    assert payments(reader, INVOICE_1) == {
        "items": [], "next_cursor": None, "prev_cursor": None, "has_more": False,
        "total_count": None}


def test_split_one_transaction_pays_both_invoices(sandbox, client):
    first = pay(client, INVOICE_1, TX_2, 50000)
    second = pay(client, INVOICE_2, TX_2, 20000)

    assert first.status_code == 201, first.text
    assert second.status_code == 201, second.text
    created = second.json()
    assert created["invoice_id"] == INVOICE_2 and created["transaction_id"] == TX_2
    assert (created["amount"], created["currency"], created["business_id"]) == (
        20000, "USD", BUSINESS)
    assert created["paid_on"] == "2026-02-03T00:00:00Z"  # the transaction's date
    for invoice_id in (INVOICE_1, INVOICE_2):
        assert (invoice(client, invoice_id)["status"], invoice(client, invoice_id)["amount_due"]
                ) == ("paid", 0)
    listed = payments(client, INVOICE_2)["items"]
    assert [p["id"] for p in listed] == [created["id"]]
    assert listed[0]["transaction"]["unallocated_amount"] == 30000  # 100,000 - 50,000 - 20,000
    other = httpx.get(f"{sandbox.url}{INVOICES}/{OTHER_INVOICE}",
                      headers=headers(OTHER_TOKEN, OTHER_BUSINESS)).json()
    assert (other["status"], other["amount_paid"]) == ("open", 0)  # the other business


def test_partial_payments_from_two_transactions_pay_one_invoice(client):
    assert pay(client, INVOICE_1, TX_1, 30000).status_code == 201
    partly = invoice(client, INVOICE_1)
    assert (partly["status"], partly["amount_paid"], partly["amount_due"]) == (
        "partially_paid", 30000, 20000)

    assert pay(client, INVOICE_1, TX_2, 20000).status_code == 201
    paid = invoice(client, INVOICE_1)
    assert (paid["status"], paid["amount_paid"], paid["amount_due"]) == ("paid", 50000, 0)
    listed = payments(client, INVOICE_1, include_total_count="true")
    assert listed["total_count"] == 2 and listed["has_more"] is False
    by_transaction = {p["transaction_id"]: p for p in listed["items"]}
    assert by_transaction[TX_1]["paid_on"] == "2026-02-01T00:00:00Z"
    assert by_transaction[TX_1]["transaction"] == {
        "id": TX_1, "amount": 30000, "currency": "USD", "datetime": "2026-02-01T00:00:00Z",
        "description": "ACH ACME CORP", "counterparty": None, "unallocated_amount": 0}
    assert by_transaction[TX_2]["transaction"]["unallocated_amount"] == 80000
    # newest first by default
    assert [p["transaction_id"] for p in listed["items"]] == [TX_2, TX_1]


def test_overpaying_an_invoice_is_allowed(client):
    response = pay(client, INVOICE_2, TX_2, 100000, paid_on="2026-02-10T09:30:00Z")

    assert response.status_code == 201, response.text
    assert response.json()["paid_on"] == "2026-02-10T09:30:00Z"
    body = invoice(client, INVOICE_2)
    assert (body["status"], body["amount_paid"], body["amount_due"]) == ("paid", 100000, 0)


def test_an_amount_above_what_is_unallocated_is_refused_and_nothing_is_stored(client):
    assert pay(client, INVOICE_1, TX_1, 20000).status_code == 201

    refused = pay(client, INVOICE_2, TX_1, 10001)

    assert refused.status_code == 400
    assert refused.json() == {"detail": (
        f"Invalid request parameters: amount 10001 exceeds the 10000 cents left unallocated on "
        f"transaction {TX_1}; allocate at most 10000")}
    assert invoice(client, INVOICE_2)["amount_paid"] == 0
    assert payments(client, INVOICE_2)["items"] == []
    kept = payments(client, INVOICE_1)["items"]
    assert len(kept) == 1 and kept[0]["transaction"]["unallocated_amount"] == 10000
    assert pay(client, INVOICE_2, TX_1, 10000).status_code == 201  # exactly what is left


def test_validation_errors_are_fastapi_422s_naming_the_field(reader):
    zero = pay(reader, INVOICE_1, TX_1, 0)
    assert zero.status_code == 422
    assert zero.json() == {"detail": [{"loc": ["body", "amount"],
                                       "msg": "Input should be greater than 0",
                                       "type": "greater_than", "input": 0, "ctx": {"gt": 0}}]}

    missing = reader.post(f"{INVOICES}/{INVOICE_1}/payments", json={"amount": 100})
    assert missing.status_code == 422
    [problem] = missing.json()["detail"]
    assert (problem["loc"], problem["type"]) == (["body", "transaction_id"], "missing")

    bad_path = reader.get(f"{INVOICES}/not-a-uuid")
    assert bad_path.status_code == 422
    assert bad_path.json()["detail"][0]["loc"] == ["path", "invoice_id"]
    assert invoice(reader, INVOICE_1)["amount_paid"] == 0


def test_requests_without_valid_credentials_are_refused(shared_sandbox, reader):
    url = f"{shared_sandbox.url}{INVOICES}/{INVOICE_1}"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url).json() == {"detail": "Not authenticated"}
    unknown = httpx.get(url, headers=headers(token="dz_test_nobody"))
    assert (unknown.status_code, unknown.json()) == (401, {"detail": "Not authenticated"})
    other_business = httpx.post(f"{url}/payments", headers=headers(business=OTHER_BUSINESS),
                                json={"transaction_id": TX_1, "amount": 100})
    assert (other_business.status_code, other_business.json()) == (
        403, {"detail": "Not enough permissions"})
    assert invoice(reader, INVOICE_1)["amount_paid"] == 0


def test_unknown_invoice_or_transaction_is_404(reader):
    unknown = "3f1d2c4b-0000-4000-8000-00000000dead"
    for response in (reader.get(f"{INVOICES}/{unknown}"),
                     reader.get(f"{INVOICES}/{unknown}/payments"),
                     pay(reader, unknown, TX_1, 100)):
        assert response.status_code == 404
        assert response.json() == {
            "detail": f"Resource not found: no invoice {unknown} in business {BUSINESS}"}
    no_transaction = pay(reader, INVOICE_1, unknown, 100)
    assert no_transaction.status_code == 404
    assert no_transaction.json() == {
        "detail": f"Resource not found: no bank transaction {unknown} in business {BUSINESS}"}
    assert invoice(reader, INVOICE_1)["amount_paid"] == 0


def test_businesses_are_isolated(shared_sandbox, reader):
    other = httpx.Client(base_url=shared_sandbox.url, headers=headers(OTHER_TOKEN, OTHER_BUSINESS))
    with other:
        assert other.get(f"{INVOICES}/{OTHER_INVOICE}").json()["business_id"] == OTHER_BUSINESS
        assert other.get(f"{INVOICES}/{INVOICE_1}").status_code == 404
        assert other.get(f"{INVOICES}/{INVOICE_1}/payments").status_code == 404
        assert pay(other, OTHER_INVOICE, TX_1, 100).status_code == 404  # not its transaction
        assert reader.get(f"{INVOICES}/{OTHER_INVOICE}").status_code == 404
        assert pay(reader, OTHER_INVOICE, TX_1, 100).status_code == 404
        assert other.get(f"{INVOICES}/{OTHER_INVOICE}").json()["amount_paid"] == 0
    assert invoice(reader, INVOICE_1)["amount_paid"] == 0
