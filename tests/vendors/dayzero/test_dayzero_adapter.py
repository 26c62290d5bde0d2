"""The DayZero adapter in-process: fixture records, ledger refusals as DayZero errors,
pagination rules, and every answer within the document."""

from __future__ import annotations

import copy

import pytest
from support.clients import AppClient
from vendors.dayzero.dayzero_demo import (
    BUSINESS,
    INVOICE_1,
    INVOICE_2,
    INVOICES,
    TX_1,
    TX_2,
    dayzero_demo,
    headers,
    write_fixtures,
)

from billing_sandbox.app import create_app
from billing_sandbox.fixtures import FixtureError
from billing_sandbox.settings import Settings

EUR_TX = "3f1d2c4b-0000-4000-8000-000000000481"
OUT_TX = "3f1d2c4b-0000-4000-8000-000000000482"
DRAFT = "3f1d2c4b-0000-4000-8000-000000000381"
VOID = "3f1d2c4b-0000-4000-8000-000000000382"


def demo_with(**extra_records) -> dict:
    document = copy.deepcopy(dayzero_demo())
    business = document["dayzero"][BUSINESS]
    for kind, records in extra_records.items():
        business.setdefault(kind, []).extend(records)
    return document


def sandbox_for(tmp_path, document: dict):
    return create_app(Settings(fixtures=[write_fixtures(tmp_path / "fixtures.yaml", document)]))


@pytest.fixture
def sandbox(tmp_path):
    document = demo_with(
        bank_transactions=[
            {"id": EUR_TX, "amount": 5000, "currency": "EUR", "date": "2026-02-04T12:00:00Z",
             "description": "SEPA", "counterparty": "Euro GmbH"},
            {"id": OUT_TX, "amount": -5000, "currency": "USD", "date": "2026-02-04"},
        ],
        invoices=[
            {"id": DRAFT, "invoice_number": "INV-D", "customer_name": "Acme Corp",
             "line_items": [{"description": "Seats", "quantity": 3, "unit_price": 1500,
                             "amount": 4500}],
             "status": "draft", "issue_date": "2026-01-20", "description": "Seats for Q1"},
            {"id": VOID, "customer_name": "Initech", "total": 700, "status": "void",
             "issue_date": "2026-01-21"},
        ],
    )
    built = sandbox_for(tmp_path, document)
    yield built
    assert [str(v) for v in built.monitor.violations()] == []
    built.close()


@pytest.fixture
def client(sandbox):
    return AppClient(sandbox.app)


def pay(client, invoice_id: str, transaction_id: str, amount: int, **extra):
    return client.post(f"{INVOICES}/{invoice_id}/payments", headers=headers(),
                       json={"transaction_id": transaction_id, "amount": amount, **extra})


def get(client, url: str, **params):
    return client.get(url, headers=headers(), params=params)


def test_fixture_invoices_read_back_as_documented(client):
    draft = get(client, f"{INVOICES}/{DRAFT}").json()
    assert (draft["status"], draft["invoice_number"], draft["description"]) == (
        "draft", None, "Seats for Q1")
    assert [(li["quantity"], li["unit_price"], li["amount"]) for li in draft["line_items"]] == [
        (3, 1500, 4500)]
    assert (draft["total"], draft["due_date"]) == (4500, "2026-02-19")  # 30 days by default
    acme = get(client, f"{INVOICES}/{INVOICE_1}").json()["customer_id"]
    assert draft["customer_id"] == acme  # one customer per name
    assert get(client, f"{INVOICES}/{VOID}").json()["status"] == "void"


def test_a_transaction_in_another_currency_is_refused(client):
    response = pay(client, INVOICE_1, EUR_TX, 100)

    assert response.status_code == 400
    assert response.json() == {"detail": (
        f"Invalid request parameters: transaction {EUR_TX} is in EUR but the invoice is in "
        "USD; pay it with a USD transaction")}


@pytest.mark.parametrize(("invoice_id", "transaction_id", "said"), [
    (DRAFT, TX_1, f"invoice {DRAFT} is draft"),
    (VOID, TX_1, f"invoice {VOID} is void"),
    (INVOICE_1, OUT_TX, f"transaction {OUT_TX} is outgoing"),
])
def test_money_cannot_move_on_drafts_voids_or_outgoing_transactions(client, invoice_id,
                                                                     transaction_id, said):
    response = pay(client, invoice_id, transaction_id, 100)

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"Invalid request parameters: {said}")


def test_a_fully_allocated_transaction_says_so(client):
    assert pay(client, INVOICE_1, TX_1, 30000).status_code == 201
    response = pay(client, INVOICE_2, TX_1, 1)
    assert response.status_code == 400
    assert "it is fully allocated; pay with another transaction" in response.json()["detail"]


def test_ids_are_read_in_any_case_and_minted_as_uuid4(client):
    response = pay(client, INVOICE_1.upper(), TX_2.upper(), 100)

    assert response.status_code == 201, response.text
    payment = response.json()
    assert (payment["invoice_id"], payment["transaction_id"]) == (INVOICE_1, TX_2)
    assert payment["id"][14] == "4" and payment["transaction"] is None
    assert get(client, f"{INVOICES}/{INVOICE_1.upper()}").json()["amount_paid"] == 100


def test_paid_on_accepts_an_offset_and_answers_utc(client):
    response = pay(client, INVOICE_1, TX_1, 100, paid_on="2026-02-05T10:00:00+02:00")
    assert response.json()["paid_on"] == "2026-02-05T08:00:00Z"
    explicit_null = pay(client, INVOICE_1, TX_1, 100, paid_on=None)
    assert explicit_null.json()["paid_on"] == "2026-02-01T00:00:00Z"


def test_payments_page_through_with_cursors(client):
    amounts = [1000, 2000, 3000, 4000, 5000]
    created = [pay(client, INVOICE_1, TX_2, amount).json()["id"] for amount in amounts]

    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = get(client, f"{INVOICES}/{INVOICE_1}/payments", **query).json()
        seen += [p["id"] for p in page["items"]]
        pages += 1
        assert page["has_more"] is (page["next_cursor"] is not None)
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    assert (seen, pages) == (created[::-1], 3)  # newest first

    back = get(client, f"{INVOICES}/{INVOICE_1}/payments", limit=2, cursor=page["prev_cursor"],
               direction="prev").json()
    assert [p["id"] for p in back["items"]] == created[::-1][2:4]
    by_amount = get(client, f"{INVOICES}/{INVOICE_1}/payments", sort_by="amount",
                    descending="false", limit=1000).json()
    assert [p["amount"] for p in by_amount["items"]] == amounts


def test_pagination_refuses_foreign_cursors_and_unknown_columns(client):
    for amount in (300, 100, 200):
        assert pay(client, INVOICE_1, TX_2, amount).status_code == 201
    url = f"{INVOICES}/{INVOICE_1}/payments"
    first = get(client, url, limit=1, sort_by="amount", descending="false").json()
    assert [p["amount"] for p in first["items"]] == [100]

    mismatch = get(client, url, cursor=first["next_cursor"])  # made for another sort
    assert mismatch.status_code == 400
    assert "reset the cursor when changing the sort" in mismatch.json()["detail"]
    garbage = get(client, url, cursor="not-a-cursor")
    assert (garbage.status_code, garbage.json()["detail"].split(":")[0]) == (
        400, "Invalid request parameters")
    column = get(client, url, sort_by="colour")
    assert column.status_code == 400
    assert "use one of amount, created_at, paid_on, updated_at" in column.json()["detail"]
    too_many = get(client, url, limit=1001)
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["query", "limit"]


def test_prev_pages_walk_back_to_the_start(client):
    ids = [pay(client, INVOICE_1, TX_2, 100).json()["id"] for _ in range(5)]
    url = f"{INVOICES}/{INVOICE_1}/payments"
    last = get(client, url, limit=2, descending="false", cursor=None).json()
    while last["next_cursor"]:
        last = get(client, url, limit=2, descending="false", cursor=last["next_cursor"]).json()
    assert [p["id"] for p in last["items"]] == ids[4:]

    walked = []
    page = last
    while page["prev_cursor"]:
        page = get(client, url, limit=2, descending="false", cursor=page["prev_cursor"],
                   direction="prev").json()
        walked = [p["id"] for p in page["items"]] + walked
    assert walked == ids[:4]
    assert page["has_more"] is False and page["next_cursor"] is not None


@pytest.mark.parametrize(("change", "where"), [
    ({"invoices": [{"id": "301", "total": 1}]}, "invoices[2].id: must be a UUID"),
    ({"invoices": [{"id": DRAFT, "total": 1, "colour": "red"}]}, "invoices[2].colour"),
    ({"invoices": [{"id": DRAFT, "total": 1, "currency": "JPY"}]}, "invoices[2].currency"),
    ({"invoices": [{"id": DRAFT, "total": 1, "status": "paid"}]}, "invoices[2].status"),
    ({"invoices": [{"id": DRAFT, "total": "a lot"}]}, "invoices[2].total"),
    ({"invoices": [{"id": DRAFT, "total": 1, "issue_date": "soon"}]}, "invoices[2].issue_date"),
    ({"invoices": [{"id": INVOICE_1, "total": 1}]}, "invoices[2]: invoice"),  # duplicate id
    ({"bank_transactions": [{"id": EUR_TX, "amount": 0, "date": "2026-02-01"}]},
     "bank_transactions[2].amount"),
    ({"bank_transactions": [{"id": EUR_TX, "amount": 5, "date": "someday"}]},
     "bank_transactions[2].date"),
])
def test_bad_fixture_records_are_named(tmp_path, change, where):
    with pytest.raises(FixtureError) as raised:
        sandbox_for(tmp_path, demo_with(**change))
    assert f"dayzero.{BUSINESS}.{where}" in str(raised.value)
