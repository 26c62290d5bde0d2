import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    InvalidState,
    NotFound,
    child_ids,
    create_coupon,
    create_customer,
    create_one_off_invoice,
    create_subscription,
)


@pytest.fixture
def coupons(books):
    create_coupon(
        books,
        id="ONEOFF10",
        name="10% off once",
        discount_type="percentage",
        discount_percentage=10,
    )
    create_coupon(
        books,
        id="FOREVER5",
        discount_type="percentage",
        discount_percentage=5,
        duration_type="forever",
    )
    create_coupon(
        books, id="EUR5", discount_type="fixed_amount", discount_amount=500, currency="EUR"
    )
    create_coupon(
        books, id="OLD", discount_type="percentage", discount_percentage=5, status="archived"
    )


def test_an_invoice_without_auto_collection_stays_open(books, customer):
    invoice = create_one_off_invoice(
        books, customer_id=customer["id"], amount=2500, description="Setup fee", po_number="PO-7"
    )
    assert [
        (li["description"], li["quantity"], li["unit_amount"], li["amount"])
        for li in invoice["line_items"]
    ] == [("Setup fee", 1, 2500, 2500)]
    assert (invoice["total"], invoice["amount_due"], invoice["status"]) == (2500, 2500, "open")
    assert (invoice["po_number"], invoice["recurring"], invoice["subscription_id"]) == (
        "PO-7",
        False,
        None,
    )
    assert child_ids(books, "invoice", invoice, "payment") == []


def test_auto_collection_with_a_source_pays_at_once(books, card_customer):
    invoice = create_one_off_invoice(
        books, customer_id=card_customer["id"], amount=2500, description="Fee"
    )
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == ("paid", 2500, 0)
    payment = books.get("payment", child_ids(books, "invoice", invoice, "payment")[0])
    assert (payment["source"], payment["status"]) == ("pm_card_1", "succeeded")


def test_auto_collection_without_a_source_on_file_uses_the_given_one(books):
    create_customer(books, id="cus_auto", auto_collection=True)
    assert (
        create_one_off_invoice(books, customer_id="cus_auto", amount=1, description="x")["status"]
        == "open"
    )
    paid = create_one_off_invoice(
        books, customer_id="cus_auto", amount=1, description="x", payment_source_id="pm_given"
    )
    assert paid["status"] == "paid"


def test_a_declined_auto_charge_leaves_the_invoice_payment_failed(books, card_customer):
    invoice = create_one_off_invoice(
        books,
        customer_id=card_customer["id"],
        amount=2500,
        description="Fee",
        decline_reason="insufficient_funds",
    )
    assert (invoice["status"], invoice["amount_due"]) == ("payment_failed", 2500)
    [payment_id] = child_ids(books, "invoice", invoice, "payment")
    assert books.get("payment", payment_id)["status"] == "failed"


def test_a_subscription_charge_bills_its_customer(books, customer):
    create_subscription(books, id="sub_1", customer_id=customer["id"], price=5000)
    invoice = create_one_off_invoice(
        books, subscription_id="sub_1", amount=100, description="Extra"
    )
    assert (invoice["customer_id"], invoice["subscription_id"]) == (customer["id"], "sub_1")
    subscription = books.get("subscription", "sub_1")
    assert child_ids(books, "subscription", subscription, "invoice") == [invoice["id"]]


def test_a_one_time_coupon_discounts_and_is_redeemed(books, customer, coupons):
    invoice = create_one_off_invoice(
        books, customer_id=customer["id"], amount=2505, description="x", coupon_id="ONEOFF10"
    )
    assert invoice["discounts"] == [
        {
            "coupon_id": "ONEOFF10",
            "description": "10% off once",
            "discount_type": "percentage",
            "amount": 251,
        }
    ]
    assert (invoice["sub_total"], invoice["discount"], invoice["total"]) == (2505, 251, 2254)
    assert books.get("coupon", "ONEOFF10")["redemptions"] == 1


def test_coupon_refusals(books, customer, coupons, refuses):
    base = {"customer_id": customer["id"], "amount": 100, "description": "x"}
    with refuses(InvalidInput) as caught:
        create_one_off_invoice(books, coupon_id="FOREVER5", **base)
    assert caught["error"].field == "coupon_id" and "one_time" in caught["error"].message
    with refuses(NotFound) as caught:
        create_one_off_invoice(books, coupon_id="NOPE", **base)
    assert caught["error"].kind == "coupon"
    with refuses(InvalidState) as caught:
        create_one_off_invoice(books, coupon_id="OLD", **base)
    assert caught["error"].state == "archived"
    with refuses(CurrencyMismatch):
        create_one_off_invoice(books, coupon_id="EUR5", **base)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"customer_id": "cus_a", "subscription_id": "sub_1", "amount": 1, "description": "x"},
            "customer_id",
        ),
        ({"amount": 1, "description": "x"}, "customer_id"),
        ({"customer_id": "cus_a", "amount": 0, "description": "x"}, "amount"),
        ({"customer_id": "cus_a", "amount": 1, "description": " "}, "description"),
        (
            {
                "customer_id": "cus_a",
                "amount": 1,
                "description": "x",
                "date_from": "2026-02-01",
                "date_to": "2026-01-01",
            },
            "date_to",
        ),
    ],
)
def test_bad_charges_name_the_field(books, customer, refuses, fields, field):
    create_subscription(books, id="sub_1", customer_id=customer["id"])
    with refuses(InvalidInput) as caught:
        create_one_off_invoice(books, **fields)
    assert caught["error"].field == field


def test_unknown_parties_and_other_currencies_are_refused(books, customer, refuses):
    with refuses(NotFound):
        create_one_off_invoice(books, customer_id="nobody", amount=1, description="x")
    with refuses(NotFound) as caught:
        create_one_off_invoice(books, subscription_id="sub_404", amount=1, description="x")
    assert caught["error"].kind == "subscription"
    with refuses(CurrencyMismatch):
        create_one_off_invoice(
            books, customer_id=customer["id"], amount=1, description="x", currency="GBP"
        )


def test_dates_and_terms_of_a_one_off_invoice(books, customer):
    invoice = create_one_off_invoice(
        books,
        customer_id=customer["id"],
        amount=100,
        description="Consulting",
        invoice_date="2026-01-05",
        date_from="2025-12-01",
        date_to="2026-01-01",
        net_terms_days=0,
    )
    assert (invoice["date"], invoice["due_date"]) == ("2026-01-05", "2026-01-05")
    line = invoice["line_items"][0]
    assert (line["period_start"], line["period_end"]) == ("2025-12-01", "2026-01-01")
    default = create_one_off_invoice(books, customer_id=customer["id"], amount=1, description="x")
    assert (default["date"], default["due_date"]) == ("2026-01-10", "2026-02-09")
