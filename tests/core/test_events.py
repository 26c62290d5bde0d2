"""The domain events ledger operations record on their books: what happened, once, by its most
telling name; nothing for a refused operation or a fixture import."""

import pytest

from billing_sandbox.core import (
    InvalidState,
    allocate_transaction,
    apply_credits,
    child_ids,
    create_contract,
    create_one_off_invoice,
    finalize_invoice,
    generate_invoice,
    grant_credits,
    import_bank_transaction,
    import_invoice,
    issue_credit_note,
    record_payment,
    refund_payment,
    void_invoice,
)


def happened(books) -> list[tuple[str, str]]:
    """The events so far as (name, record id), and start afresh (one operation per request)."""
    events = [(event.name, event.record_id) for event in books.events]
    books.events.clear()
    return events


@pytest.fixture
def invoice(books, customer):
    invoice = import_invoice(books, id="inv_1", customer_id=customer["id"], total=10000)
    books.events.clear()
    return invoice


def test_a_collected_one_off_charge_is_created_paid_and_its_payment_succeeded(books,
                                                                               card_customer):
    invoice = create_one_off_invoice(books, customer_id="cus_card", amount=500,
                                     description="Setup")
    [payment_id] = child_ids(books, "invoice", invoice, "payment")
    assert happened(books) == [("invoice.created", invoice["id"]),
                               ("payment.succeeded", payment_id),
                               ("invoice.paid", invoice["id"])]


def test_an_uncollected_charge_is_only_created(books, customer):
    invoice = create_one_off_invoice(books, customer_id="cus_a", amount=500, description="x")
    assert happened(books) == [("invoice.created", invoice["id"])]


def test_a_declined_charge_records_a_failed_payment_and_no_separate_invoice_update(
        books, card_customer):
    invoice = create_one_off_invoice(books, customer_id="cus_card", amount=500,
                                     description="x", decline_reason="card expired")
    assert invoice["status"] == "payment_failed"
    [payment_id] = child_ids(books, "invoice", invoice, "payment")
    assert happened(books) == [("invoice.created", invoice["id"]),
                               ("payment.failed", payment_id)]


def test_a_partial_payment_updates_the_invoice_and_the_rest_pays_it(books, invoice):
    first = record_payment(books, "inv_1", amount=4000)
    assert happened(books) == [("payment.succeeded", first["id"]), ("invoice.updated", "inv_1")]
    rest = record_payment(books, "inv_1", amount=6000)
    assert happened(books) == [("payment.succeeded", rest["id"]), ("invoice.paid", "inv_1")]


def test_a_credit_note_that_settles_the_invoice_voids_it_without_an_update_event(books,
                                                                                 invoice):
    record_payment(books, "inv_1", amount=4000)
    happened(books)
    note = issue_credit_note(books, "inv_1", amount=6000, reason="r", void_if_settled=True)
    assert happened(books) == [("credit_note.created", note["id"]),
                               ("invoice.voided", "inv_1")]


def test_a_credit_note_refunding_payments_announces_each_refund(books, invoice):
    first = record_payment(books, "inv_1", amount=3000)
    second = record_payment(books, "inv_1", amount=7000)
    happened(books)
    note = issue_credit_note(books, "inv_1", amount=8000, reason="r",
                             refund_destination="original_payment_method")
    refunds = books.get("credit_note", note["id"])["refund_ids"]
    assert [books.get("refund", r)["payment_id"] for r in refunds] == [first["id"],
                                                                         second["id"]]
    assert happened(books) == [("refund.created", refunds[0]), ("refund.created", refunds[1]),
                               ("credit_note.created", note["id"]),
                               ("invoice.updated", "inv_1")]


def test_a_refund_reopens_the_balance(books, invoice):
    payment = record_payment(books, "inv_1", amount=10000)
    happened(books)
    refund = refund_payment(books, payment["id"], amount=2500)
    assert happened(books) == [("refund.created", refund["id"]), ("invoice.updated", "inv_1")]
    assert books.get("invoice", "inv_1")["status"] == "partially_paid"


def test_generating_finalizing_crediting_and_voiding(books, customer):
    create_contract(books, id="con_1", customer_id="cus_a", start_date="2026-01-01",
                    prices=[{"description": "Fee", "amount": 1000}])
    invoice = generate_invoice(books, customer_id="cus_a", contract_id="con_1",
                               from_date="2026-01-01", to_date="2026-02-01", status="draft")
    assert happened(books) == [("invoice.created", invoice["id"])]
    finalize_invoice(books, invoice["id"])
    assert happened(books) == [("invoice.finalized", invoice["id"])]
    grant_credits(books, "cus_a", 1000)
    assert happened(books) == []  # a customer's balance is not one of the events
    apply_credits(books, invoice["id"])
    assert happened(books) == [("invoice.paid", invoice["id"])]
    other = generate_invoice(books, customer_id="cus_a", contract_id="con_1",
                             from_date="2026-02-01", to_date="2026-03-01")
    happened(books)
    void_invoice(books, other["id"])
    assert happened(books) == [("invoice.voided", other["id"])]


def test_a_bank_allocation_is_a_payment_on_the_invoice(books, invoice):
    import_bank_transaction(books, id="txn_1", amount=2500, date="2026-01-05")
    payment = allocate_transaction(books, "inv_1", "txn_1", 2500)
    assert happened(books) == [("payment.succeeded", payment["id"]), ("invoice.updated", "inv_1")]


def test_a_refused_operation_emits_nothing(books, invoice, refuses):
    record_payment(books, "inv_1", amount=10000)
    happened(books)
    with refuses(InvalidState):
        record_payment(books, "inv_1", amount=1)
    assert happened(books) == []


def test_importing_fixtures_emits_nothing_and_leaves_the_books_announcing(books, customer):
    import_invoice(books, id="inv_paid", customer_id="cus_a", total=10000, status="paid")
    import_invoice(books, id="inv_void", customer_id="cus_a", total=100, status="void")
    assert happened(books) == []
    assert books.muted is False
    payment = record_payment(books, "inv_paid", amount=5, allow_overpayment=True)
    assert happened(books) == [("payment.succeeded", payment["id"]),
                               ("invoice.updated", "inv_paid")]
