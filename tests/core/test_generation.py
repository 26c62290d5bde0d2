import pytest

from billing_sandbox.core import (
    Duplicate,
    InvalidInput,
    InvalidState,
    NotFound,
    child_ids,
    create_contract,
    create_customer,
    generate_invoice,
    void_invoice,
)


@pytest.fixture
def contract(books, customer):
    return create_contract(
        books,
        id="con_1",
        customer_id=customer["id"],
        prices=[
            {"description": "Platform fee", "amount": 310000},
            {"description": "Support", "amount": 31000},
        ],
        start_date="2026-01-01",
        end_date="2026-07-01",
    )


def generate(books, **fields):
    values = {
        "customer_id": "cus_a",
        "contract_id": "con_1",
        "from_date": "2026-01-01",
        "to_date": "2026-02-01",
        **fields,
    }
    return generate_invoice(books, **values)


def test_a_full_month_bills_each_price_once(books, contract):
    invoice = generate(books)
    assert [
        (li["description"], li["quantity"], li["unit_amount"], li["amount"])
        for li in invoice["line_items"]
    ] == [
        ("Platform fee", 1, 310000, 310000),
        ("Support", 1, 31000, 31000),
    ]
    assert invoice["line_items"][0]["period_start"] == "2026-01-01"
    assert invoice["line_items"][0]["period_end"] == "2026-02-01"
    assert invoice["line_items"][0]["proration"] is None
    assert (invoice["total"], invoice["amount_due"], invoice["status"]) == (341000, 341000, "open")
    assert (invoice["period_start"], invoice["period_end"]) == ("2026-01-01", "2026-02-01")
    assert invoice["recurring"] is True and invoice["contract_id"] == "con_1"
    assert invoice["invoice_number"] == "1"
    for kind, owner_id in (("contract", "con_1"), ("customer", "cus_a")):
        owner = books.get(kind, owner_id)
        assert child_ids(books, kind, owner, "invoice") == [invoice["id"]]


def test_invoice_date_defaults_to_today_and_is_due_after_net_terms(books, contract):
    invoice = generate(books)
    assert (invoice["date"], invoice["due_date"]) == ("2026-01-10", "2026-02-09")
    later = generate(
        books,
        from_date="2026-02-01",
        to_date="2026-03-01",
        bill_for_date="2026-03-01T00:00:00Z",
        net_terms_days=15,
    )
    assert (later["date"], later["due_date"]) == ("2026-03-01", "2026-03-16")


def test_partial_months_are_prorated_and_the_term_clips_the_period(books, contract):
    invoice = generate(books, from_date="2026-06-15", to_date="2026-08-01")
    # The contract ends on Jul 1: Jun 15..Jul 1 is 16 of June's 30 days.
    assert [(li["amount"], li["proration"]) for li in invoice["line_items"]] == [
        (165333, {"days": 16, "cycle_days": 30}),
        (16533, {"days": 16, "cycle_days": 30}),
    ]
    assert (invoice["period_start"], invoice["period_end"]) == ("2026-06-15", "2026-08-01")


def test_the_cycle_day_splits_the_period(books, contract):
    invoice = generate(
        books, from_date="2026-02-01", to_date="2026-04-01", billing_cycle_start_day=15
    )
    periods = [
        (li["period_start"], li["period_end"], li["quantity"]) for li in invoice["line_items"][::2]
    ]
    assert periods == [
        ("2026-02-01", "2026-02-15", 1),
        ("2026-02-15", "2026-03-15", 1),
        ("2026-03-15", "2026-04-01", 1),
    ]
    assert invoice["line_items"][2]["proration"] is None


def test_unix_timestamps_are_accepted_for_the_period(books, contract):
    invoice = generate(books, from_date=1767225600, to_date=1769904000)  # Jan 1 .. Feb 1 2026
    assert (invoice["period_start"], invoice["period_end"]) == ("2026-01-01", "2026-02-01")


def test_the_same_period_twice_is_a_duplicate_naming_the_invoice(books, contract, refuses):
    first = generate(books)
    with refuses(Duplicate) as caught:
        generate(books)
    assert caught["error"].existing_id == first["id"]
    assert first["id"] in caught["error"].message
    assert generate(books, check_duplicate=False)["id"] != first["id"]


def test_a_void_invoice_does_not_block_regenerating_its_period(books, contract):
    first = generate(books)
    void_invoice(books, first["id"])
    assert generate(books)["status"] == "open"


def test_customer_and_contract_must_exist_and_belong_together(books, contract, refuses):
    with refuses(NotFound) as caught:
        generate(books, customer_id="nobody")
    assert caught["error"].kind == "customer"
    with refuses(NotFound) as caught:
        generate(books, contract_id="con_missing")
    assert caught["error"].kind == "contract"
    create_customer(books, id="cus_b", name="Other")
    with refuses(NotFound) as caught:
        generate(books, customer_id="cus_b")
    assert caught["error"].kind == "contract" and "cus_b" in caught["error"].message


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to_date": "2026-01-01"}, "to_date"),
        ({"to_date": "2025-12-01"}, "to_date"),
        ({"from_date": "2026-08-01", "to_date": "2026-09-01"}, "from_date"),
        ({"from_date": "2025-11-01", "to_date": "2025-12-01"}, "from_date"),
        ({"billing_cycle_start_day": 0}, "billing_cycle_start_day"),
        ({"from_date": "someday"}, "from_date"),
        ({"net_terms_days": -1}, "net_terms_days"),
    ],
)
def test_bad_periods_name_the_field(books, contract, refuses, fields, field):
    with refuses(InvalidInput) as caught:
        generate(books, **fields)
    assert caught["error"].field == field


def test_a_draft_contract_cannot_be_invoiced(books, customer, refuses):
    create_contract(
        books,
        id="con_draft",
        customer_id=customer["id"],
        status="draft",
        prices=[{"description": "x", "amount": 1}],
        start_date="2026-01-01",
    )
    with refuses(InvalidState) as caught:
        generate(books, contract_id="con_draft")
    assert caught["error"].state == "draft"


def test_a_draft_invoice_can_be_asked_for(books, contract):
    assert generate(books, status="draft")["status"] == "draft"
