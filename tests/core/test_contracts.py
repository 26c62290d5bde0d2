import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    NotFound,
    child_ids,
    create_contract,
)


def test_a_contract_belongs_to_its_customer(books, customer):
    contract = create_contract(
        books,
        id="con_1",
        customer_id=customer["id"],
        prices=[
            {"description": "Platform fee", "amount": 100000},
            {"name": "Seats", "amount": 500},
        ],
        start_date="2026-01-01",
    )
    assert contract["currency"] == "USD"
    assert [p["description"] for p in contract["prices"]] == ["Platform fee", "Seats"]
    assert all(p["id"] for p in contract["prices"])
    assert contract["status"] == "active" and contract["end_date"] is None
    customer = books.get("customer", customer["id"])
    assert child_ids(books, "customer", customer, "contract") == ["con_1"]


def test_a_contract_of_an_unknown_customer_is_not_found(books, refuses):
    with refuses(NotFound) as caught:
        create_contract(
            books,
            customer_id="nobody",
            prices=[{"description": "x", "amount": 1}],
            start_date="2026-01-01",
        )
    assert caught["error"].kind == "customer"


def test_a_contract_in_another_currency_is_refused(books, customer, refuses):
    with refuses(CurrencyMismatch):
        create_contract(
            books,
            customer_id=customer["id"],
            currency="EUR",
            prices=[{"description": "x", "amount": 1}],
            start_date="2026-01-01",
        )
    with refuses(CurrencyMismatch) as caught:
        create_contract(
            books,
            customer_id=customer["id"],
            start_date="2026-01-01",
            prices=[{"description": "x", "amount": 1, "currency": "GBP"}],
        )
    assert caught["error"].field == "prices[0].currency"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"prices": []}, "prices"),
        ({"prices": [{"description": "x", "amount": 10.5}]}, "prices[0].amount"),
        ({"prices": [{"amount": 10}]}, "prices[0].description"),
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"status": "live"}, "status"),
        ({"prices": [{"description": "x", "amount": 1, "interval": "year"}]}, "prices[0].interval"),
        ({"billing_cycle_start_day": 32}, "billing_cycle_start_day"),
        ({"start_date": "soon"}, "start_date"),
    ],
)
def test_a_bad_contract_names_the_field(books, customer, refuses, fields, field):
    values = {"prices": [{"description": "x", "amount": 1}], "start_date": "2026-01-01", **fields}
    with refuses(InvalidInput) as caught:
        create_contract(books, customer_id=customer["id"], **values)
    assert caught["error"].field == field
