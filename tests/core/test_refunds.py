from billing_sandbox.core import (
    InvalidInput,
    InvalidState,
    LimitExceeded,
    charge_invoice,
    import_invoice,
    record_payment,
    refund_payment,
)


def test_a_refund_gives_back_part_of_a_payment(books, customer):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=1000)
    payment = record_payment(books, "inv_1", amount=1000)
    refund = refund_payment(books, payment["id"], amount=300, reason="goodwill")
    assert (refund["amount"], refund["destination"], refund["payment_id"]) == (
        300,
        "original_payment_method",
        payment["id"],
    )
    assert refund["credit_note_id"] is None and refund["reason"] == "goodwill"
    payment = books.get("payment", payment["id"])
    assert (payment["status"], payment["amount_refunded"]) == ("partially_refunded", 300)
    invoice = books.get("invoice", "inv_1")
    assert (invoice["amount_refunded"], invoice["amount_due"], invoice["status"]) == (
        300,
        300,
        "partially_paid",
    )
    refund_payment(books, payment["id"])
    assert books.get("payment", payment["id"])["status"] == "refunded"
    assert books.get("invoice", "inv_1")["status"] == "open"


def test_refunds_never_exceed_the_payment(books, customer, refuses):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=1000)
    payment = record_payment(books, "inv_1", amount=600)
    refund_payment(books, payment["id"], amount=100)
    with refuses(LimitExceeded) as caught:
        refund_payment(books, payment["id"], amount=501)
    assert (caught["error"].field, caught["error"].limit) == ("amount", 500)
    with refuses(InvalidInput):
        refund_payment(books, payment["id"], amount=0)
    refund_payment(books, payment["id"])
    with refuses(InvalidState) as caught:
        refund_payment(books, payment["id"])
    assert caught["error"].state == "refunded"


def test_a_failed_payment_has_nothing_to_refund(books, card_customer, refuses):
    import_invoice(books, id="inv_1", customer_id=card_customer["id"], total=1000)
    failed = charge_invoice(books, "inv_1", skip_due_date_check=True, decline_reason="declined")
    with refuses(InvalidState) as caught:
        refund_payment(books, failed["id"])
    assert caught["error"].state == "failed"
