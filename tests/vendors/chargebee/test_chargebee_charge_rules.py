"""POST /invoices/charge in process: Chargebee's rules, its error bodies, and what is stored."""

from __future__ import annotations

import pytest


def error_of(response, status: int, code: str, param: str | None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["api_error_code"] == code
    assert body.get("param") == param
    assert body["http_status_code"] == status
    return body


def invoice_count(site) -> int:
    return len(site.get("/invoices", params={"limit": 100}).json()["list"])


def test_a_customer_with_a_card_is_charged_at_once_with_the_one_time_coupon(demo):
    response = demo.charge(customer_id="demo_customer", amount=10000, description="Setup fee",
                           coupon="ONEOFF10", po_number="PO-7")
    assert response.status_code == 200, response.text
    invoice = response.json()["invoice"]
    assert (invoice["status"], invoice["sub_total"], invoice["total"], invoice["amount_paid"],
            invoice["amount_due"]) == ("paid", 10000, 9000, 9000, 0)
    assert invoice["po_number"] == "PO-7"
    assert invoice["discounts"][0]["entity_id"] == "ONEOFF10"
    assert invoice["discounts"][0]["amount"] == 1000
    [payment] = invoice["linked_payments"]
    assert payment["txn_id"].startswith("txn_") and len(payment["txn_id"]) == 20
    assert (payment["applied_amount"], payment["txn_status"]) == (9000, "success")
    assert demo.get(f"/invoices/{invoice['id']}").json() == {"invoice": invoice}


def test_a_charge_by_subscription_bills_its_customer_and_names_the_subscription(demo):
    invoice = demo.charge(subscription_id="demo_subscription", amount=2500,
                          description="Extra seats").json()["invoice"]
    assert (invoice["customer_id"], invoice["subscription_id"]) == (
        "demo_customer", "demo_subscription")
    assert invoice["line_items"][0]["subscription_id"] == "demo_subscription"
    assert invoice["status"] == "paid"


def test_without_auto_collection_the_invoice_is_payment_due(demo):
    invoice = demo.charge(customer_id="demo_customer_offline", amount=2500,
                          description="Consulting").json()["invoice"]
    assert (invoice["status"], invoice["amount_due"], invoice["amount_paid"]) == (
        "payment_due", 2500, 0)
    assert invoice["linked_payments"] == []


def test_invoice_ids_are_numbered_per_site(demo, other):
    first = demo.charge(customer_id="demo_customer_offline", amount=100, description="a")
    second = demo.charge(customer_id="demo_customer_offline", amount=100, description="b")
    elsewhere = other.charge(customer_id="other_customer", amount=100, description="c")
    assert [r.json()["invoice"]["id"] for r in (first, second, elsewhere)] == ["1", "2", "1"]
    assert demo.get("/invoices/1").json()["invoice"]["line_items"][0]["description"] == "a"
    assert other.get("/invoices/1").json()["invoice"]["customer_id"] == "other_customer"


@pytest.mark.parametrize(("fields", "param"), [
    ({}, "customer_id"),
    ({"customer_id": "demo_customer", "subscription_id": "demo_subscription"}, "subscription_id"),
    ({"subscription_id": "demo_subscription", "coupon": "ONEOFF10"}, "coupon"),
    ({"customer_id": "demo_customer", "coupon": "FOREVER5"}, "coupon"),
    ({"customer_id": "demo_customer", "coupon_ids[0]": "FOREVER5"}, "coupon_ids[0]"),
    ({"customer_id": "demo_customer", "coupon": "ONEOFF10", "coupon_ids[0]": "ONEOFF10"},
     "coupon_ids[0]"),
    ({"customer_id": "demo_customer", "currency_code": "EUR"}, "currency_code"),
    ({"customer_id": "demo_customer", "amount": 0}, "amount"),
    ({"customer_id": "demo_customer", "description": ""}, None),
    ({"customer_id": "demo_customer", "amount": None}, "amount"),
    ({"customer_id": "demo_customer", "amount_in_decimal": "1.5"}, "amount_in_decimal"),
    ({"customer_id": "demo_customer", "amount": None, "amount_in_decimal": "1.005"},
     "amount_in_decimal"),
    ({"customer_id": "demo_customer", "invoice_date": 4102444800}, "invoice_date"),
    ({"customer_id": "demo_customer", "date_from": 1700000000, "date_to": 1600000000},
     "date_to"),
])
def test_broken_rules_are_400_param_wrong_value_naming_the_param(demo, fields, param):
    form = {"amount": 1000, "description": "Setup", **fields}
    form = {k: v for k, v in form.items() if v is not None}
    body = error_of(demo.charge(**form), 400, "param_wrong_value", param or "description")
    assert body["type"] == "invalid_request"
    assert (param or "description") in body["message"]
    assert invoice_count(demo) == 0


def test_a_long_coupon_id_is_named_with_chargebee_brackets(demo):
    body = error_of(demo.charge(customer_id="demo_customer", amount=100, description="x",
                                **{"coupon_ids[0]": "C" * 101}),
                    400, "param_wrong_value", "coupon_ids[0]")
    assert "100 characters" in body["message"]


@pytest.mark.parametrize(("fields", "param"), [
    ({"customer_id": "nobody"}, "customer_id"),
    ({"subscription_id": "no_such_subscription"}, "subscription_id"),
    ({"customer_id": "demo_customer", "coupon": "NOPE"}, "coupon"),
    ({"customer_id": "demo_customer", "payment_source_id": "pm_unknown"}, "payment_source_id"),
])
def test_unknown_records_are_404_resource_not_found_naming_the_param(demo, fields, param):
    body = error_of(demo.charge(amount=100, description="x", **fields),
                    404, "resource_not_found", param)
    assert "not found" in body["message"]


def test_amount_in_decimal_and_the_customer_currency_are_accepted(demo):
    invoice = demo.charge(customer_id="demo_customer_offline", amount_in_decimal="12.50",
                          currency_code="USD", description="x").json()["invoice"]
    assert (invoice["total"], invoice["currency_code"]) == (1250, "USD")


def test_service_period_and_invoice_date_are_kept_in_unix_seconds(demo):
    invoice = demo.charge(customer_id="demo_customer_offline", amount=100, description="x",
                          date_from=1767225600, date_to=1769904000,
                          invoice_date=1767225600).json()["invoice"]
    line = invoice["line_items"][0]
    assert (line["date_from"], line["date_to"]) == (1767225600, 1769904000)
    assert invoice["date"] == invoice["due_date"] == 1767225600


def test_a_declined_card_is_a_402_payment_error_and_creates_nothing(demo):
    body = error_of(demo.charge(customer_id="demo_customer_declined", amount=2500,
                                description="x"), 402, "payment_processing_failed", None)
    assert body["type"] == "payment"
    assert "expired" in body["message"]
    assert invoice_count(demo) == 0


def test_auto_collection_without_a_card_is_payment_method_not_present(custom_site):
    site = custom_site({"demo": {"api_key": "cb_test_demo", "customers": [
        {"id": "cardless", "auto_collection": "on"}]}})
    body = error_of(site.charge(customer_id="cardless", amount=100, description="x"),
                    402, "payment_method_not_present", None)
    assert body["type"] == "payment"
    assert invoice_count(site) == 0


def test_a_retry_with_the_same_idempotency_key_replays_the_first_answer(demo):
    key = {"chargebee-idempotency-key": "retry-1"}
    form = {"customer_id": "demo_customer", "amount": 700, "description": "x"}
    first = demo.post("/invoices/charge", data=form, headers=key)
    again = demo.post("/invoices/charge", data=form, headers=key)
    assert again.json() == first.json()
    assert again.headers["chargebee-idempotency-replayed"] == "true"
    assert "chargebee-idempotency-replayed" not in first.headers
    assert invoice_count(demo) == 1
    changed = demo.post("/invoices/charge", data={**form, "amount": 800}, headers=key)
    error_of(changed, 422, "unable_to_process_request", "chargebee-idempotency-key")


def test_an_expired_coupon_is_resource_limit_exhausted(custom_site):
    site = custom_site({"demo": {
        "api_key": "cb_test_demo",
        "customers": [{"id": "c1", "auto_collection": "off"}],
        "coupons": [{"id": "OLD", "discount_type": "percentage", "discount_percentage": 10,
                     "duration_type": "one_time", "valid_till": "2020-01-01T00:00:00Z"}]}})
    body = error_of(site.charge(customer_id="c1", amount=100, description="x", coupon="OLD"),
                    400, "resource_limit_exhausted", "coupon")
    assert "expired" in body["message"]
