"""One state: the records the document's generic operations read and write are the ledger's.
A customer made by POST /customers is the one invoices/charge bills; the demo fixtures read
through every operation; an invoice or a transaction reads the same wherever it is shown."""

from __future__ import annotations

import pytest

VISA = {"number": "4111111111111111", "expiry_month": "12", "expiry_year": "2035"}


@pytest.fixture
def published(sandbox):
    """``published()`` -> the events published since the last call, oldest first."""
    log = sandbox.control.events
    log.forget()

    def since() -> list:
        events = [logged.event for logged in log.entries()]
        log.forget()
        return events

    return since


def entries(site, path: str, key: str) -> dict:
    listed = site.get(path, params={"limit": 100})
    assert listed.status_code == 200, listed.text
    return {entry[key]["id"]: entry[key] for entry in listed.json()["list"]}


def test_a_customer_made_by_post_customers_is_the_one_a_charge_bills(demo):
    made = demo.post("/customers", data={"id": "ada", "first_name": "Ada",
                                         "email": "ada@example.com"})
    assert made.json()["customer"]["auto_collection"] == "on"  # Chargebee's default
    refused = demo.charge(customer_id="ada", amount=1000, description="Setup")
    assert (refused.status_code, refused.json()["api_error_code"]) == (
        402, "payment_method_not_present")
    carded = demo.post("/customers/ada/credit_card", data=VISA).json()
    assert carded["card"]["masked_number"] == "************1111"
    invoice = demo.charge(customer_id="ada", amount=1000, description="Setup").json()["invoice"]
    assert (invoice["status"], invoice["customer_id"]) == ("paid", "ada")
    customer = demo.get("/customers/ada").json()["customer"]
    assert customer["primary_payment_source_id"] == carded["customer"][
        "primary_payment_source_id"]
    assert demo.get("/cards/ada").json()["card"] == carded["card"]
    assert entries(demo, "/customers", "customer")["ada"] == customer


def test_a_card_made_with_the_customer_is_on_file_at_once(demo):
    made = demo.post("/customers", data={"id": "bo", **{f"card[{k}]": v
                                                         for k, v in VISA.items()}}).json()
    assert made["card"]["last4"] == "1111" and made["customer"]["card_status"] == "valid"
    assert demo.charge(customer_id="bo", amount=300, description="x").json()[
        "invoice"]["status"] == "paid"


def test_the_demo_fixtures_read_through_the_generic_operations(demo):
    customers = entries(demo, "/customers", "customer")
    assert list(customers) == ["demo_customer", "demo_customer_offline",
                               "demo_customer_declined"]
    assert customers["demo_customer"] == demo.get("/customers/demo_customer").json()["customer"]
    assert demo.get("/cards/demo_customer").json()["card"]["status"] == "valid"
    assert demo.get("/cards/demo_customer_declined").json()["card"]["status"] == "expired"
    assert demo.get("/cards/demo_customer_offline").status_code == 404
    subscriptions = entries(demo, "/customers/demo_customer/subscriptions", "subscription")
    assert subscriptions["demo_subscription"] == demo.get(
        "/subscriptions/demo_subscription").json()["subscription"]
    assert list(entries(demo, "/subscriptions", "subscription")) == ["demo_subscription"]
    coupon = demo.get("/coupons/ONEOFF10").json()["coupon"]
    assert (coupon["discount_type"], coupon["discount_percentage"], coupon["duration_type"]) == (
        "percentage", 10, "one_time")
    assert demo.get("/plans/demo-plan-monthly").json()["plan"]["price"] == 5000


def test_an_invoice_and_its_transaction_read_the_same_wherever_they_are_shown(demo, published):
    invoice = demo.charge(subscription_id="demo_subscription", amount=700,
                          description="Overage").json()["invoice"]
    generated, succeeded = published()
    same = [demo.get(f"/invoices/{invoice['id']}").json()["invoice"],
            entries(demo, "/invoices", "invoice")[invoice["id"]],
            entries(demo, "/customers/demo_customer/invoices", "invoice")[invoice["id"]],
            entries(demo, "/subscriptions/demo_subscription/invoices", "invoice")[invoice["id"]],
            generated.payload["content"]["invoice"]]
    assert all(shown == invoice for shown in same)

    txn_id = invoice["linked_payments"][0]["txn_id"]
    transaction = demo.get(f"/transactions/{txn_id}").json()["transaction"]
    assert (transaction["type"], transaction["amount"], transaction["subscription_id"]) == (
        "payment", 700, "demo_subscription")
    for path in ("/transactions", f"/invoices/{invoice['id']}/transactions",
                 "/customers/demo_customer/transactions",
                 "/subscriptions/demo_subscription/transactions"):
        assert entries(demo, path, "transaction")[txn_id] == transaction, path
    assert succeeded.payload["content"]["transaction"] == transaction
    other = demo.charge(customer_id="demo_customer_offline", amount=100,
                        description="x").json()["invoice"]
    assert entries(demo, f"/invoices/{other['id']}/transactions", "transaction") == {}


def test_a_generic_update_changes_what_the_ledger_bills(demo, published):
    demo.post("/customers/demo_customer_offline/credit_card", data=VISA)
    published()  # forget the card's events
    updated = demo.post("/customers/demo_customer_offline",
                        data={"auto_collection": "on", "net_term_days": "10",
                              "billing_address[city]": "Paris"}).json()["customer"]
    assert (updated["auto_collection"], updated["net_term_days"],
            updated["billing_address"]) == ("on", 10, {"city": "Paris"})
    [changed] = published()
    assert changed.type == "customer_changed"
    assert changed.payload["content"]["customer"] == updated
    invoice = demo.charge(customer_id="demo_customer_offline", amount=800,
                          description="x").json()["invoice"]
    assert invoice["status"] == "paid"  # collected now that auto collection is on


def test_a_deleted_customer_is_not_found_not_billed_and_its_invoices_stay(demo, published):
    invoice = demo.charge(customer_id="demo_customer", amount=400,
                          description="x").json()["invoice"]
    published()
    deleted = demo.post("/customers/demo_customer/delete")
    assert deleted.status_code == 200 and deleted.json()["customer"]["deleted"] is True
    assert [event.type for event in published()] == ["customer_deleted"]
    assert demo.get("/customers/demo_customer").status_code == 404
    assert demo.get("/subscriptions/demo_subscription").status_code == 404
    refused = demo.charge(customer_id="demo_customer", amount=100, description="x")
    assert (refused.status_code, refused.json()["param"]) == (404, "customer_id")
    assert demo.get(f"/invoices/{invoice['id']}").json()["invoice"]["status"] == "paid"
    assert "demo_customer" not in entries(demo, "/customers", "customer")


def test_a_coupon_made_by_post_coupons_discounts_a_charge(demo):
    made = demo.post("/coupons", data={"id": "WELCOME", "name": "Welcome",
                                       "discount_type": "fixed_amount",
                                       "discount_amount": "250", "duration_type": "one_time",
                                       "apply_on": "invoice_amount"})
    assert made.status_code == 200, made.text
    invoice = demo.charge(customer_id="demo_customer", amount=1000, description="x",
                          coupon="WELCOME").json()["invoice"]
    assert invoice["total"] == 750
    assert demo.get("/coupons/WELCOME").json()["coupon"]["redemptions"] == 1
