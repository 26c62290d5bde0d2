import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    InvalidState,
    LimitExceeded,
    NotFound,
    charge_invoice,
    child_ids,
    import_invoice,
    record_payment,
    void_invoice,
)


@pytest.fixture
def due_invoice(books, card_customer):
    return import_invoice(
        books,
        id="inv_1",
        customer_id=card_customer["id"],
        total=10000,
        date="2025-12-01",
        due_date="2026-01-10",
    )


def test_a_charge_pays_the_whole_amount_due_with_the_source_on_file(books, due_invoice):
    payment = charge_invoice(books, "inv_1")
    assert (payment["amount"], payment["currency"], payment["status"]) == (
        10000,
        "USD",
        "succeeded",
    )
    assert (payment["method"], payment["source"], payment["origin"]) == (
        "card",
        "pm_card_1",
        "charge",
    )
    assert payment["paid_at"] == "2026-01-10T12:00:00Z"
    invoice = books.get("invoice", "inv_1")
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == ("paid", 10000, 0)
    assert child_ids(books, "invoice", invoice, "payment") == [payment["id"]]
    assert invoice["paid_at"] == "2026-01-10T12:00:00Z"


def test_a_charge_may_name_its_source_and_reference(books, due_invoice):
    payment = charge_invoice(
        books, "inv_1", source="pm_other", method="ach", reference="stripe:cus_x"
    )
    assert (payment["source"], payment["method"], payment["reference"]) == (
        "pm_other",
        "ach",
        "stripe:cus_x",
    )


def test_a_declined_charge_is_recorded_and_leaves_the_invoice_unpaid(books, due_invoice):
    payment = charge_invoice(books, "inv_1", decline_reason="card_declined")
    assert (payment["status"], payment["failure_reason"], payment["paid_at"]) == (
        "failed",
        "card_declined",
        None,
    )
    invoice = books.get("invoice", "inv_1")
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == (
        "payment_failed",
        0,
        10000,
    )
    retry = charge_invoice(books, "inv_1")
    assert retry["status"] == "succeeded"
    assert books.get("invoice", "inv_1")["status"] == "paid"


def test_a_paid_invoice_cannot_be_charged_again(books, due_invoice, refuses):
    charge_invoice(books, "inv_1")
    with refuses(InvalidState) as caught:
        charge_invoice(books, "inv_1")
    assert caught["error"].state == "paid"
    assert caught["error"].message == "invoice inv_1 is already paid"


def test_a_void_or_draft_invoice_cannot_be_charged(books, card_customer, refuses):
    import_invoice(
        books, id="inv_void", customer_id=card_customer["id"], total=500, due_date="2026-01-01"
    )
    void_invoice(books, "inv_void")
    import_invoice(
        books, id="inv_draft", customer_id=card_customer["id"], total=500, status="draft"
    )
    for invoice_id, state in (("inv_void", "void"), ("inv_draft", "draft")):
        with refuses(InvalidState) as caught:
            charge_invoice(books, invoice_id, skip_due_date_check=True)
        assert caught["error"].state == state and state in caught["error"].message


def test_an_invoice_not_yet_due_needs_the_due_date_check_skipped(
    books, card_customer, refuses, clock
):
    import_invoice(
        books, id="inv_later", customer_id=card_customer["id"], total=500, due_date="2026-01-11"
    )
    with refuses(InvalidState) as caught:
        charge_invoice(books, "inv_later")
    assert "not due until 2026-01-11" in caught["error"].message
    assert charge_invoice(books, "inv_later", skip_due_date_check=True)["status"] == "succeeded"


def test_the_due_date_is_compared_with_the_sandbox_clock(books, card_customer, clock):
    import_invoice(
        books, id="inv_later", customer_id=card_customer["id"], total=500, due_date="2026-01-11"
    )
    clock.advance(days=1)
    assert charge_invoice(books, "inv_later")["status"] == "succeeded"


def test_a_charge_needs_a_payment_source(books, customer, refuses):
    import_invoice(books, id="inv_x", customer_id=customer["id"], total=500, due_date="2026-01-01")
    with refuses(InvalidState) as caught:
        charge_invoice(books, "inv_x")
    assert caught["error"].kind == "customer" and "no payment source" in caught["error"].message
    assert charge_invoice(books, "inv_x", source="pm_given")["source"] == "pm_given"


def test_charging_an_unknown_invoice_is_not_found(books, refuses):
    with refuses(NotFound) as caught:
        charge_invoice(books, "inv_missing")
    assert caught["error"].record_id == "inv_missing"


def test_recorded_payments_may_be_partial(books, due_invoice):
    payment = record_payment(books, "inv_1", amount=4000, method="cheque", paid_at="2026-01-05")
    assert (payment["origin"], payment["method"], payment["paid_at"]) == (
        "manual",
        "cheque",
        "2026-01-05T00:00:00Z",
    )
    invoice = books.get("invoice", "inv_1")
    assert (invoice["status"], invoice["amount_due"]) == ("partially_paid", 6000)


def test_recorded_payments_are_refused_past_the_amount_due_unless_allowed(
    books, due_invoice, refuses
):
    with refuses(LimitExceeded) as caught:
        record_payment(books, "inv_1", amount=10001)
    assert (caught["error"].field, caught["error"].limit) == ("amount", 10000)
    record_payment(books, "inv_1", amount=10001, allow_overpayment=True)
    assert books.get("invoice", "inv_1")["amount_due"] == -1
    with refuses(InvalidState):
        record_payment(books, "inv_1", amount=1)


def test_recorded_payments_check_amount_and_currency(books, due_invoice, refuses):
    with refuses(InvalidInput) as caught:
        record_payment(books, "inv_1", amount=0)
    assert caught["error"].field == "amount"
    with refuses(CurrencyMismatch):
        record_payment(books, "inv_1", amount=100, currency="EUR")


def test_a_charge_may_collect_part_of_what_is_due(books, due_invoice, refuses):
    payment = charge_invoice(books, due_invoice["id"], amount=400)
    invoice = books.get("invoice", due_invoice["id"])
    assert (payment["amount"], invoice["status"]) == (400, "partially_paid")
    with refuses(LimitExceeded) as caught:
        charge_invoice(books, due_invoice["id"], amount=invoice["amount_due"] + 1)
    assert caught["error"].field == "amount"
