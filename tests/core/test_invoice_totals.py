from billing_sandbox.core.invoice_totals import invoice_totals


def invoice(status="open", failed=False, credits=()):
    return {
        "status": status,
        "payment_failed": failed,
        "line_items": [{"amount": 6000}, {"amount": 4000}],
        "discounts": [{"amount": 1000}],
        "credit_applications": [{"amount": c} for c in credits],
    }


def paid(amount, status="succeeded"):
    return {"amount": amount, "status": status}


def note(amount, applied):
    return {"amount": amount, "applied_amount": applied}


def test_an_unpaid_invoice_is_open_for_its_total():
    totals = invoice_totals(invoice(), [], [], [])
    assert totals["sub_total"] == 10000 and totals["discount"] == 1000 and totals["total"] == 9000
    assert totals["amount_due"] == 9000 and totals["status"] == "open"


def test_failed_payments_count_nowhere_but_mark_the_invoice():
    totals = invoice_totals(invoice(failed=True), [paid(9000, "failed")], [], [])
    assert totals["amount_paid"] == 0 and totals["amount_due"] == 9000
    assert totals["status"] == "payment_failed"


def test_payments_and_credits_lower_the_amount_due():
    totals = invoice_totals(invoice(credits=[1000]), [paid(3000)], [], [])
    assert (totals["amount_paid"], totals["credits_applied"], totals["amount_due"]) == (
        3000,
        1000,
        5000,
    )
    assert totals["status"] == "partially_paid"


def test_a_credit_note_alone_does_not_make_an_invoice_partially_paid():
    totals = invoice_totals(invoice(), [], [note(2000, 2000)], [])
    assert totals["amount_due"] == 7000 and totals["status"] == "open"
    assert totals["amount_credited"] == 2000 and totals["amount_adjusted"] == 2000


def test_a_refunded_credit_note_leaves_a_paid_invoice_paid():
    totals = invoice_totals(
        invoice(), [paid(9000, "partially_refunded")], [note(3000, 0)], [{"amount": 3000}]
    )
    assert totals["amount_due"] == 0 and totals["status"] == "paid"
    assert totals["amount_refunded"] == 3000


def test_a_bare_refund_makes_money_due_again():
    totals = invoice_totals(invoice(), [paid(9000, "partially_refunded")], [], [{"amount": 2500}])
    assert totals["amount_due"] == 2500 and totals["status"] == "partially_paid"


def test_overpayment_shows_as_negative_amount_due():
    totals = invoice_totals(invoice(), [paid(5000), paid(5000)], [], [])
    assert totals["amount_due"] == -1000 and totals["status"] == "paid"


def test_draft_and_void_stay_whatever_the_money():
    assert invoice_totals(invoice("void"), [paid(9000)], [], [])["status"] == "void"
    assert invoice_totals(invoice("draft"), [], [], [])["status"] == "draft"
