import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    InvalidState,
    LimitExceeded,
    apply_credits,
    child_ids,
    grant_credits,
    import_invoice,
    issue_credit_note,
    record_payment,
    refund_payment,
)


@pytest.fixture
def invoice(books, customer):
    return import_invoice(books, id="inv_1", customer_id=customer["id"], total=10000)


def test_a_credit_note_on_an_unpaid_invoice_reduces_the_amount_due(books, invoice):
    note = issue_credit_note(books, "inv_1", amount=2550, reason="Service outage")
    assert (note["amount"], note["applied_amount"], note["refunded_amount"]) == (2550, 2550, 0)
    assert (note["status"], note["credit_note_number"], note["reason"]) == (
        "issued",
        "1",
        "Service outage",
    )
    assert (note["customer_id"], note["currency"], note["refund_ids"]) == ("cus_a", "USD", [])
    invoice = books.get("invoice", "inv_1")
    assert (invoice["amount_credited"], invoice["amount_adjusted"], invoice["amount_due"]) == (
        2550,
        2550,
        7450,
    )
    assert invoice["status"] == "open"
    assert child_ids(books, "invoice", invoice, "credit_note") == [note["id"]]


def test_a_credit_note_for_the_whole_remainder_settles_or_voids_the_invoice(books, invoice):
    record_payment(books, "inv_1", amount=4000)
    note = issue_credit_note(books, "inv_1", amount=6000, reason="r")
    assert books.get("invoice", "inv_1")["status"] == "paid" and note["voided_invoice"] is False
    import_invoice(books, id="inv_2", customer_id="cus_a", total=10000)
    record_payment(books, "inv_2", amount=4000)
    note = issue_credit_note(books, "inv_2", amount=6000, reason="r", void_if_settled=True)
    invoice = books.get("invoice", "inv_2")
    assert (invoice["status"], invoice["amount_due"], note["voided_invoice"]) == ("void", 0, True)


def test_void_if_settled_leaves_a_partial_credit_note_alone(books, invoice):
    issue_credit_note(books, "inv_1", amount=6000, reason="r", void_if_settled=True)
    assert books.get("invoice", "inv_1")["status"] == "open"


def test_the_excess_over_the_unpaid_balance_needs_a_refund_destination(books, invoice, refuses):
    record_payment(books, "inv_1", amount=8000)
    with refuses(InvalidInput) as caught:
        issue_credit_note(books, "inv_1", amount=3000, reason="r")
    assert caught["error"].field == "refund_destination"
    assert "1000" in caught["error"].message and "2000 unpaid" in caught["error"].message
    with refuses(InvalidInput) as caught:
        issue_credit_note(books, "inv_1", amount=3000, reason="r", refund_destination="cash")
    assert caught["error"].field == "refund_destination"


def test_the_excess_can_go_to_customer_credits(books, invoice):
    payment = record_payment(books, "inv_1", amount=10000)
    note = issue_credit_note(books, "inv_1", amount=3000, reason="r", refund_destination="credits")
    assert (note["applied_amount"], note["refunded_amount"], note["refund_destination"]) == (
        0,
        3000,
        "credits",
    )
    refund = books.get("refund", note["refund_ids"][0])
    assert (refund["destination"], refund["payment_id"], refund["credit_note_id"]) == (
        "credits",
        payment["id"],
        note["id"],
    )
    assert books.get("payment", payment["id"])["status"] == "partially_refunded"
    assert books.get("customer", "cus_a")["credit_balances"] == {"USD": 3000}
    invoice = books.get("invoice", "inv_1")
    assert (invoice["amount_due"], invoice["amount_refunded"], invoice["status"]) == (
        0,
        3000,
        "paid",
    )


def test_money_turned_into_credits_cannot_be_refunded_again(books, invoice, refuses):
    payment = record_payment(books, "inv_1", amount=10000)
    issue_credit_note(books, "inv_1", amount=3000, reason="r", refund_destination="credits")
    with refuses(LimitExceeded) as caught:
        refund_payment(books, payment["id"], amount=7001)
    assert caught["error"].limit == 7000


def test_a_refund_to_credits_takes_back_applied_credits_first(books, invoice):
    grant_credits(books, "cus_a", 2000)
    apply_credits(books, "inv_1", 2000)
    payment = record_payment(books, "inv_1", amount=8000)
    note = issue_credit_note(books, "inv_1", amount=3000, reason="r", refund_destination="credits")
    refunds = [books.get("refund", rid) for rid in note["refund_ids"]]
    assert [(r["payment_id"], r["amount"]) for r in refunds] == [
        (None, 2000),
        (payment["id"], 1000),
    ]
    assert books.get("customer", "cus_a")["credit_balances"] == {"USD": 3000}


def test_the_excess_can_be_refunded_externally(books, invoice):
    grant_credits(books, "cus_a", 2000)
    apply_credits(books, "inv_1", 2000)
    payment = record_payment(books, "inv_1", amount=8000)
    note = issue_credit_note(books, "inv_1", amount=9000, reason="r", refund_destination="external")
    refunds = [books.get("refund", rid) for rid in note["refund_ids"]]
    assert [(r["destination"], r["payment_id"], r["amount"]) for r in refunds] == [
        ("external", payment["id"], 8000),
        ("external", None, 1000),
    ]
    assert books.get("payment", payment["id"])["status"] == "refunded"
    assert books.get("customer", "cus_a")["credit_balances"] == {"USD": 0}


def test_refunds_to_payments_go_oldest_first(books, invoice, clock):
    older = record_payment(books, "inv_1", amount=3000, paid_at="2026-01-02")
    newer = record_payment(books, "inv_1", amount=5000, paid_at="2026-01-05")
    first = record_payment(books, "inv_1", amount=2000, paid_at="2026-01-01")
    note = issue_credit_note(
        books, "inv_1", amount=4000, reason="r", refund_destination="original_payment_method"
    )
    refunds = [books.get("refund", rid) for rid in note["refund_ids"]]
    assert [(r["payment_id"], r["amount"]) for r in refunds] == [
        (first["id"], 2000),
        (older["id"], 2000),
    ]
    assert books.get("payment", first["id"])["status"] == "refunded"
    assert books.get("payment", older["id"])["status"] == "partially_refunded"
    assert books.get("payment", newer["id"])["status"] == "succeeded"


def test_refunds_to_payments_follow_an_explicit_split(books, invoice):
    a = record_payment(books, "inv_1", amount=6000)
    b = record_payment(books, "inv_1", amount=4000)
    note = issue_credit_note(
        books,
        "inv_1",
        amount=3000,
        reason="r",
        refund_destination="original_payment_method",
        refund_amount_split=[
            {"payment_id": b["id"], "amount": 2500},
            {"payment_id": a["id"], "amount": 500},
        ],
    )
    refunds = [books.get("refund", rid) for rid in note["refund_ids"]]
    assert [(r["payment_id"], r["amount"]) for r in refunds] == [(b["id"], 2500), (a["id"], 500)]


def test_a_split_is_checked_payment_by_payment(books, invoice, customer, refuses):
    a = record_payment(books, "inv_1", amount=6000)
    b = record_payment(books, "inv_1", amount=4000)
    import_invoice(books, id="inv_2", customer_id=customer["id"], total=100)
    foreign = record_payment(books, "inv_2", amount=100)
    dest = {"refund_destination": "original_payment_method", "reason": "r", "amount": 5000}
    with refuses(LimitExceeded) as caught:
        issue_credit_note(
            books,
            "inv_1",
            **dest,
            refund_amount_split=[
                {"payment_id": b["id"], "amount": 4001},
                {"payment_id": a["id"], "amount": 999},
            ],
        )
    assert (caught["error"].field, caught["error"].limit) == ("refund_amount_split[0].amount", 4000)
    with refuses(LimitExceeded) as caught:
        issue_credit_note(
            books,
            "inv_1",
            **dest,
            refund_amount_split=[
                {"payment_id": b["id"], "amount": 3000},
                {"payment_id": b["id"], "amount": 2000},
            ],
        )
    assert (caught["error"].field, caught["error"].limit) == ("refund_amount_split[1].amount", 1000)
    with refuses(InvalidInput) as caught:
        issue_credit_note(
            books, "inv_1", **dest, refund_amount_split=[{"payment_id": a["id"], "amount": 4000}]
        )
    assert caught["error"].field == "refund_amount_split" and "5000" in caught["error"].message
    with refuses(InvalidInput) as caught:
        issue_credit_note(
            books,
            "inv_1",
            **dest,
            refund_amount_split=[{"payment_id": foreign["id"], "amount": 5000}],
        )
    assert caught["error"].field == "refund_amount_split[0].payment_id"
    with refuses(InvalidInput) as caught:
        issue_credit_note(
            books,
            "inv_1",
            amount=5000,
            reason="r",
            refund_destination="credits",
            refund_amount_split=[{"payment_id": a["id"], "amount": 5000}],
        )
    assert caught["error"].field == "refund_amount_split"


def test_payments_cannot_refund_what_credits_paid(books, invoice, refuses):
    grant_credits(books, "cus_a", 6000)
    apply_credits(books, "inv_1", 6000)
    record_payment(books, "inv_1", amount=4000)
    with refuses(LimitExceeded) as caught:
        issue_credit_note(
            books, "inv_1", amount=5000, reason="r", refund_destination="original_payment_method"
        )
    assert (caught["error"].field, caught["error"].limit) == ("amount", 4000)
    note = issue_credit_note(books, "inv_1", amount=5000, reason="r", refund_destination="credits")
    assert note["refunded_amount"] == 5000


def test_credit_notes_never_exceed_the_total(books, invoice, refuses):
    issue_credit_note(books, "inv_1", amount=7000, reason="r")
    with refuses(LimitExceeded) as caught:
        issue_credit_note(books, "inv_1", amount=3001, reason="r")
    assert (caught["error"].field, caught["error"].limit) == ("amount", 3000)
    assert (
        caught["error"].message == "amount 3001 exceeds the 3000 not yet credited on invoice inv_1"
    )
    with refuses(InvalidInput) as caught:
        issue_credit_note(books, "inv_1", amount=0, reason="r")
    assert caught["error"].field == "amount"


def test_draft_and_void_invoices_take_no_credit_note(books, customer, refuses):
    import_invoice(books, id="inv_d", customer_id=customer["id"], total=100, status="draft")
    import_invoice(books, id="inv_v", customer_id=customer["id"], total=100, status="void")
    for invoice_id, state in (("inv_d", "draft"), ("inv_v", "void")):
        with refuses(InvalidState) as caught:
            issue_credit_note(books, invoice_id, amount=10, reason="r")
        assert caught["error"].state == state


def test_credit_notes_are_numbered_per_repository(books, invoice):
    numbers = [
        issue_credit_note(books, "inv_1", amount=10, reason="r")["credit_note_number"]
        for _ in range(3)
    ]
    assert numbers == ["1", "2", "3"]


def test_a_credit_note_in_another_currency_is_refused(books, invoice, refuses):
    with refuses(CurrencyMismatch):
        issue_credit_note(books, "inv_1", amount=10, reason="r", currency="EUR")
