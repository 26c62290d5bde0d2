"""The official Chargebee Python SDK (3.x) against a Chargebee vendor port: it only changes its
domain and protocol, and gets Chargebee's objects and exceptions back."""

from __future__ import annotations

import pytest
from chargebee import Chargebee, InvalidRequestError, PaymentError
from support.server import SandboxProcess, free_port


@pytest.fixture(scope="module")
def chargebee_sdk(chargebee_demo):
    """One server for the module: only the first test creates invoices."""
    port = free_port()
    verify = Chargebee.verify_ca_certs
    Chargebee.verify_ca_certs = False  # a class attribute: left True the SDK forces https
    try:
        with SandboxProcess(fixtures=chargebee_demo, vendor_ports={"chargebee": port}):
            yield Chargebee(api_key="cb_test_demo", site="127",
                            chargebee_domain=f"0.0.1:{port}", protocol="http")
    finally:
        Chargebee.verify_ca_certs = verify


def test_the_sdk_charges_retrieves_and_lists_invoices(chargebee_sdk):
    charged = chargebee_sdk.Invoice.charge({
        "customer_id": "demo_customer", "amount": 10000, "description": "Setup fee",
        "coupon": "ONEOFF10"}).invoice
    assert (charged.status, charged.total, charged.amount_paid) == ("paid", 9000, 9000)
    assert charged.linked_payments[0].txn_id.startswith("txn_")
    assert charged.line_items[0].description == "Setup fee"

    offline = chargebee_sdk.Invoice.charge({
        "customer_id": "demo_customer_offline", "amount": 2500,
        "description": "Consulting"}).invoice
    assert offline.status == "payment_due"

    assert chargebee_sdk.Invoice.retrieve(charged.id).invoice.amount_paid == 9000
    page = chargebee_sdk.Invoice.list({"limit": 1})
    assert [entry.invoice.id for entry in page.list] == [offline.id]
    rest = chargebee_sdk.Invoice.list({"limit": 1, "offset": page.next_offset})
    assert [entry.invoice.id for entry in rest.list] == [charged.id]
    assert rest.next_offset is None

    found = chargebee_sdk.Subscription.retrieve("demo_subscription")
    assert (found.subscription.status, found.customer.auto_collection) == ("active", "on")


def test_the_sdk_raises_chargebees_exceptions(chargebee_sdk):
    """Creates nothing, so it may share the server with the test above."""
    with pytest.raises(InvalidRequestError) as wrong:
        chargebee_sdk.Invoice.charge({"customer_id": "demo_customer", "amount": 100,
                                      "description": "x", "coupon": "FOREVER5"})
    assert (wrong.value.http_status_code, wrong.value.api_error_code, wrong.value.param) == (
        400, "param_wrong_value", "coupon")

    with pytest.raises(InvalidRequestError) as missing:
        chargebee_sdk.Invoice.retrieve("9999")
    assert (missing.value.http_status_code, missing.value.api_error_code) == (
        404, "resource_not_found")

    with pytest.raises(PaymentError) as declined:
        chargebee_sdk.Invoice.charge({"customer_id": "demo_customer_declined", "amount": 100,
                                      "description": "x"})
    assert (declined.value.http_status_code, declined.value.api_error_code) == (
        402, "payment_processing_failed")
