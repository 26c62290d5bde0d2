import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    NotFound,
    create_contract,
    create_customer,
    import_invoice,
    linked_records,
)


def test_a_bare_total_becomes_one_line_item(books, customer):
    invoice = import_invoice(
        books,
        id="inv_1",
        customer_id=customer["id"],
        total=50000,
        date="2026-01-15",
        due_date="2026-02-14",
        invoice_number="INV-0301",
        description="Onboarding",
        extra={"customer_name": "Acme"},
    )
    assert [(li["description"], li["amount"]) for li in invoice["line_items"]] == [
        ("Onboarding", 50000)
    ]
    assert (invoice["total"], invoice["amount_due"], invoice["status"]) == (50000, 50000, "open")
    assert (invoice["date"], invoice["due_date"], invoice["invoice_number"]) == (
        "2026-01-15",
        "2026-02-14",
        "INV-0301",
    )
    assert invoice["extra"] == {"customer_name": "Acme"}


def test_due_date_defaults_to_net_terms_after_the_date(books):
    create_customer(books, id="cus_n", net_terms_days=7)
    assert (
        import_invoice(books, customer_id="cus_n", total=1, date="2026-01-01")["due_date"]
        == "2026-01-08"
    )


def test_line_items_are_checked_against_the_total(books, customer, refuses):
    invoice = import_invoice(
        books,
        customer_id=customer["id"],
        line_items=[
            {"description": "Seats", "quantity": 3, "unit_amount": 1000},
            {
                "description": "Setup",
                "amount": 500,
                "period_start": "2026-01-01",
                "period_end": "2026-02-01",
            },
        ],
        total=3500,
    )
    assert invoice["sub_total"] == 3500
    with refuses(InvalidInput) as caught:
        import_invoice(
            books,
            customer_id=customer["id"],
            line_items=[{"description": "x", "amount": 1}],
            total=2,
        )
    assert caught["error"].field == "total"


def test_a_paid_invoice_imports_its_payment(books, customer):
    invoice = import_invoice(
        books, id="inv_p", customer_id=customer["id"], total=900, status="paid", date="2026-01-02"
    )
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == ("paid", 900, 0)
    assert invoice["paid_at"] == "2026-01-02T00:00:00Z"
    [payment] = linked_records(books, invoice)["payments"]
    assert (payment["origin"], payment["amount"], payment["paid_at"]) == (
        "import",
        900,
        "2026-01-02T00:00:00Z",
    )


def test_statuses_import_as_given(books, customer):
    part = import_invoice(
        books, customer_id=customer["id"], total=900, status="partially_paid", amount_paid=300
    )
    assert (part["status"], part["amount_due"]) == ("partially_paid", 600)
    failed = import_invoice(books, customer_id=customer["id"], total=900, status="payment_failed")
    assert failed["status"] == "payment_failed"
    void = import_invoice(books, customer_id=customer["id"], total=900, status="void")
    assert void["status"] == "void"


def test_numbers_continue_after_numeric_fixture_numbers(books, customer):
    import_invoice(books, customer_id=customer["id"], total=1, invoice_number="17")
    assert import_invoice(books, customer_id=customer["id"], total=1)["invoice_number"] == "18"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "total"),
        ({"total": -1}, "total"),
        ({"total": 100, "status": "approved"}, "status"),
        ({"total": 100, "status": "paid", "amount_paid": 50}, "amount_paid"),
        ({"total": 100, "status": "partially_paid"}, "status"),
        ({"total": 100, "status": "open", "amount_paid": 10}, "amount_paid"),
        ({"total": 100, "date": "soon"}, "date"),
        ({"total": 100, "due_date": "soon"}, "due_date"),
        ({"line_items": []}, "line_items"),
        (
            {"line_items": [{"description": "x", "quantity": 2, "amount": 10}]},
            "line_items[0].unit_amount",
        ),
        (
            {"line_items": [{"description": "x", "quantity": 2, "unit_amount": 10, "amount": 5}]},
            "line_items[0].amount",
        ),
        ({"line_items": [{"amount": 10}]}, "line_items[0].description"),
        ({"total": 100, "period_start": "2026-02-01", "period_end": "2026-01-01"}, "period_end"),
    ],
)
def test_a_bad_invoice_names_the_field(books, customer, refuses, fields, field):
    with refuses(InvalidInput) as caught:
        import_invoice(books, customer_id=customer["id"], **fields)
    assert caught["error"].field == field


def test_parents_must_exist_belong_and_share_the_currency(books, customer, refuses):
    with refuses(NotFound):
        import_invoice(books, customer_id="nobody", total=1)
    with refuses(NotFound) as caught:
        import_invoice(books, customer_id=customer["id"], contract_id="con_x", total=1)
    assert caught["error"].kind == "contract"
    create_customer(books, id="cus_b")
    create_contract(
        books,
        id="con_b",
        customer_id="cus_b",
        prices=[{"description": "x", "amount": 1}],
        start_date="2026-01-01",
    )
    with refuses(NotFound):
        import_invoice(books, customer_id=customer["id"], contract_id="con_b", total=1)
    with refuses(CurrencyMismatch):
        import_invoice(books, customer_id=customer["id"], currency="EUR", total=1)
