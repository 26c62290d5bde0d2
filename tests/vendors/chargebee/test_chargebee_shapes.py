"""Chargebee's resources as a client reads them: statuses, unix timestamps, derived fields."""

from __future__ import annotations

import time

import yaml


def test_an_invoice_has_chargebee_fields_in_cents_and_unix_seconds(demo):
    before = int(time.time()) - 5
    invoice = demo.charge(customer_id="demo_customer", amount=10000, description="Setup",
                          coupon="ONEOFF10").json()["invoice"]
    for name in ("date", "due_date", "paid_at", "updated_at", "generated_at"):
        assert isinstance(invoice[name], int) and invoice[name] >= before, name
    assert invoice["resource_version"] // 1000 == invoice["updated_at"]
    assert (invoice["object"], invoice["price_type"], invoice["recurring"],
            invoice["deleted"], invoice["term_finalized"], invoice["is_gifted"]) == (
        "invoice", "tax_exclusive", False, False, True, False)
    assert (invoice["tax"], invoice["write_off_amount"], invoice["credits_applied"]) == (0, 0, 0)
    [line] = invoice["line_items"]
    assert (line["entity_type"], line["amount"], line["discount_amount"], line["is_taxed"],
            line["object"]) == ("adhoc", 10000, 1000, False, "line_item")
    assert line["id"].startswith("li_")
    assert invoice["discounts"][0]["entity_type"] == "document_level_coupon"
    assert None not in invoice.values()


def test_first_invoice_is_true_only_for_the_customers_first(demo):
    first = demo.charge(customer_id="demo_customer", amount=100, description="a").json()
    second = demo.charge(customer_id="demo_customer", amount=100, description="b").json()
    assert (first["invoice"]["first_invoice"], second["invoice"]["first_invoice"]) == (
        True, False)


def test_net_term_days_make_an_unpaid_invoice_posted_until_due(custom_site):
    site = custom_site({"demo": {"api_key": "cb_test_demo", "customers": [
        {"id": "net30", "auto_collection": "off", "net_term_days": 30}]}})
    invoice = site.charge(customer_id="net30", amount=100, description="x").json()["invoice"]
    assert invoice["status"] == "posted"
    assert invoice["due_date"] - invoice["date"] == 30 * 86400
    assert invoice["net_term_days"] == 30


def test_customers_read_back_as_chargebee_customers(demo):
    card = demo.get("/customers/demo_customer").json()["customer"]
    assert (card["auto_collection"], card["card_status"], card["first_name"], card["object"]) \
        == ("on", "valid", "Dana", "customer")
    assert card["primary_payment_source_id"].startswith("pm_")
    offline = demo.get("/customers/demo_customer_offline").json()["customer"]
    assert (offline["auto_collection"], offline["card_status"]) == ("off", "no_card")
    assert "primary_payment_source_id" not in offline
    declined = demo.get("/customers/demo_customer_declined").json()["customer"]
    assert declined["card_status"] == "expired"


def test_the_card_on_file_keeps_its_id_across_restarts(demo, chargebee_demo, custom_site):
    restarted = custom_site(yaml.safe_load(chargebee_demo.read_text())["chargebee"])
    card = "primary_payment_source_id"
    assert restarted.get("/customers/demo_customer").json()["customer"][card] == demo.get(
        "/customers/demo_customer").json()["customer"][card]


def test_a_subscription_comes_with_its_customer_and_its_dues(custom_site):
    site = custom_site({"demo": {
        "api_key": "cb_test_demo",
        "customers": [{"id": "c1", "auto_collection": "off"}],
        "subscriptions": [{"id": "s1", "customer_id": "c1", "plan_id": "pro",
                           "plan_unit_price": 2000, "plan_quantity": 3,
                           "start_date": "2026-01-15"}]}})
    site.charge(subscription_id="s1", amount=500, description="overage")
    body = site.get("/subscriptions/s1").json()
    subscription = body["subscription"]
    assert body["customer"]["id"] == "c1"
    assert (subscription["plan_unit_price"], subscription["plan_quantity"],
            subscription["plan_amount"], subscription["mrr"]) == (2000, 3, 6000, 6000)
    # it started on 2026-01-15: every month since renewed it, payment_due (auto collection
    # off), beside the one-time charge
    listed = site.get("/subscriptions/s1/invoices", params={"limit": 100}).json()["list"]
    renewals = [entry["invoice"] for entry in listed if entry["invoice"]["recurring"]]
    assert all(r["status"] == "payment_due" and r["total"] == 6000 for r in renewals)
    assert (subscription["due_invoices_count"], subscription["total_dues"]) == (
        1 + len(renewals), 500 + 6000 * len(renewals))
    assert subscription["start_date"] == 1768435200  # 2026-01-15T00:00:00Z
    now = int(time.time())
    assert subscription["current_term_start"] <= now < subscription["current_term_end"]
    assert subscription["next_billing_at"] == subscription["current_term_end"]
    assert time.gmtime(subscription["current_term_start"]).tm_mday == 15


def test_unknown_ids_are_404_on_every_read(demo):
    for path in ("/invoices/999", "/customers/nobody", "/subscriptions/none"):
        response = demo.get(path)
        assert response.status_code == 404, path
        assert response.json()["api_error_code"] == "resource_not_found"
