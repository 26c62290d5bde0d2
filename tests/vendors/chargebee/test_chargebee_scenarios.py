"""End to end through real HTTP: `billing-sandbox serve` with the demo sites, on the main port
(/chargebee/api/v1, /chargebee/api/v2) and on a Chargebee vendor port (/api/v1)."""

from __future__ import annotations

import httpx
import pytest
from support.server import SandboxProcess, free_port

BASES = [("main", "/chargebee/api/v1"), ("main", "/chargebee/api/v2"), ("vendor", "/api/v1")]
DEMO = ("cb_test_demo", "")
OTHER = ("cb_test_other", "")


@pytest.fixture(params=BASES, ids=lambda base: f"{base[0]}{base[1]}")
def server(request, chargebee_demo):
    port = free_port()
    with SandboxProcess(fixtures=chargebee_demo, vendor_ports={"chargebee": port}) as sandbox:
        where, path = request.param
        root = sandbox.url if where == "main" else f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=root + path, timeout=10) as client:
            yield client


def test_charges_errors_and_sites_kept_apart(server):
    """One server per base path (starting one is the slow part): charges, then errors."""
    charges_read_back_and_page_newest_first(server)
    errors_in_chargebee_shape_and_sites_kept_apart(server)


def charges_read_back_and_page_newest_first(server):
    with_coupon = server.post("/invoices/charge", auth=DEMO, data={
        "customer_id": "demo_customer", "amount": 10000, "description": "Setup fee",
        "coupon": "ONEOFF10"})
    assert with_coupon.status_code == 200, with_coupon.text
    paid = with_coupon.json()["invoice"]
    assert (paid["status"], paid["total"], paid["amount_paid"]) == ("paid", 9000, 9000)
    assert paid["linked_payments"][0]["txn_id"].startswith("txn_")

    by_subscription = server.post("/invoices/charge", auth=DEMO, data={
        "subscription_id": "demo_subscription", "amount": 2500, "description": "Seats"}).json()
    assert by_subscription["invoice"]["subscription_id"] == "demo_subscription"

    offline = server.post("/invoices/charge", auth=DEMO, data={
        "customer_id": "demo_customer_offline", "amount": 4000, "description": "Hours"}).json()
    assert (offline["invoice"]["status"], offline["invoice"]["amount_due"]) == (
        "payment_due", 4000)

    read = server.get(f"/invoices/{paid['id']}", auth=DEMO).json()["invoice"]
    assert (read["id"], read["status"], read["discounts"]) == (
        paid["id"], "paid", paid["discounts"])

    first = server.get("/invoices", auth=DEMO, params={"limit": 2}).json()
    second = server.get("/invoices", auth=DEMO,
                        params={"limit": 2, "offset": first["next_offset"]}).json()
    assert [e["invoice"]["id"] for e in first["list"] + second["list"]] == [
        offline["invoice"]["id"], by_subscription["invoice"]["id"], paid["id"]]
    assert "next_offset" not in second

    subscription = server.get("/subscriptions/demo_subscription", auth=DEMO).json()
    assert (subscription["subscription"]["status"], subscription["customer"]["id"]) == (
        "active", "demo_customer")
    customer = server.get("/customers/demo_customer_offline", auth=DEMO).json()["customer"]
    assert customer["auto_collection"] == "off"


def errors_in_chargebee_shape_and_sites_kept_apart(server):
    bad = server.post("/invoices/charge", auth=DEMO, data={
        "customer_id": "demo_customer", "amount": 100, "description": "x",
        "coupon_ids[0]": "X" * 101})
    assert (bad.status_code, bad.json()["api_error_code"], bad.json()["param"]) == (
        400, "param_wrong_value", "coupon_ids[0]")

    for auth in (("cb_test_wrong", ""), None):
        denied = server.get("/invoices", auth=auth)
        assert (denied.status_code, denied.json()["api_error_code"]) == (
            401, "api_authentication_failed")

    for path in ("/invoices/404", "/customers/ghost", "/subscriptions/ghost"):
        missing = server.get(path, auth=DEMO)
        assert (missing.status_code, missing.json()["api_error_code"]) == (
            404, "resource_not_found"), path

    declined = server.post("/invoices/charge", auth=DEMO, data={
        "customer_id": "demo_customer_declined", "amount": 100, "description": "x"})
    assert (declined.status_code, declined.json()["type"]) == (402, "payment")

    mine = server.post("/invoices/charge", auth=DEMO, data={
        "customer_id": "demo_customer_offline", "amount": 100, "description": "x"}).json()
    assert server.get(f"/invoices/{mine['invoice']['id']}", auth=OTHER).status_code == 404
    assert server.get("/invoices", auth=OTHER).json() == {"list": []}
    assert server.get("/customers/demo_customer", auth=OTHER).status_code == 404
    theirs = server.post("/invoices/charge", auth=OTHER, data={
        "customer_id": "demo_customer", "amount": 100, "description": "x"})
    assert (theirs.status_code, theirs.json()["param"]) == (404, "customer_id")
    assert server.get("/customers/other_customer", auth=OTHER).status_code == 200
