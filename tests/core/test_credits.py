from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidState,
    LimitExceeded,
    apply_credits,
    grant_credits,
    import_invoice,
)


def test_credits_pay_down_an_invoice(books, customer):
    grant_credits(books, customer["id"], 3000)
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=2000)
    invoice = apply_credits(books, "inv_1")
    assert (invoice["credits_applied"], invoice["amount_due"], invoice["status"]) == (
        2000,
        0,
        "paid",
    )
    assert books.get("customer", customer["id"])["credit_balances"] == {"USD": 1000}


def test_credits_may_be_partly_applied(books, customer):
    grant_credits(books, customer["id"], 3000)
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=5000)
    invoice = apply_credits(books, "inv_1", 1000)
    assert (invoice["amount_due"], invoice["status"]) == (4000, "partially_paid")


def test_credit_refusals(books, customer, refuses):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=500)
    with refuses(InvalidState) as caught:
        apply_credits(books, "inv_1")
    assert "no USD credits" in caught["error"].message
    grant_credits(books, customer["id"], 300)
    with refuses(LimitExceeded) as caught:
        apply_credits(books, "inv_1", 301)
    assert caught["error"].limit == 300
    grant_credits(books, customer["id"], 1000)
    with refuses(LimitExceeded) as caught:
        apply_credits(books, "inv_1", 501)
    assert caught["error"].limit == 500 and "due on invoice inv_1" in caught["error"].message
    apply_credits(books, "inv_1")
    with refuses(InvalidState) as caught:
        apply_credits(books, "inv_1")
    assert caught["error"].state == "paid"
    with refuses(CurrencyMismatch):
        grant_credits(books, customer["id"], 5, currency="EUR")
