"""The official Chargebee Python SDK (3.x), unchanged, against a Chargebee vendor port: it only
changes its domain and protocol, and gets Chargebee's objects and exceptions back, through the
customer -> card -> plan -> subscription -> charge -> payment -> refund -> cancel lifecycle."""

from __future__ import annotations

import httpx
import pytest
from chargebee import (
    APIError,
    Chargebee,
    InvalidRequestError,
    OperationFailedError,
    PaymentError,
)
from support.server import SandboxProcess, free_port

VISA = {"number": "4111111111111111", "expiry_month": 12, "expiry_year": 2035, "cvv": "123"}


@pytest.fixture(scope="module")
def server(chargebee_demo):
    port = free_port()
    verify = Chargebee.verify_ca_certs
    Chargebee.verify_ca_certs = False  # a class attribute: left True the SDK forces https
    try:
        with SandboxProcess(fixtures=chargebee_demo, vendor_ports={"chargebee": port}) as sandbox:
            sandbox.chargebee_port = port
            yield sandbox
    finally:
        Chargebee.verify_ca_certs = verify


@pytest.fixture
def chargebee_sdk(server):
    """The SDK as a client team configures it, on a sandbox back to its fixtures."""
    assert httpx.post(server.url + "/_sandbox/reset").status_code == 200
    return Chargebee(api_key="cb_test_demo", site="127",
                     chargebee_domain=f"0.0.1:{server.chargebee_port}", protocol="http")


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


def test_a_new_customer_with_a_card_subscribes_to_a_new_plan_and_is_charged(chargebee_sdk):
    cb = chargebee_sdk
    customer = cb.Customer.create(cb.Customer.CreateParams(
        id="ada", first_name="Ada", last_name="Lovelace", email="ada@example.com",
        auto_collection="on")).customer
    assert (customer.id, customer.card_status) == ("ada", "no_card")
    carded = cb.Card.update_card_for_customer("ada", cb.Card.UpdateCardForCustomerParams(**VISA))
    assert (carded.card.last4, carded.card.card_type, carded.customer.card_status) == (
        "1111", "visa", "valid")
    plan = cb.Plan.create(cb.Plan.CreateParams(id="pro", name="Pro", price=4900, period=1,
                                               period_unit="month")).plan
    assert (plan.id, plan.price) == ("pro", 4900)

    created = cb.Subscription.create_for_customer("ada", cb.Subscription.CreateForCustomerParams(
        plan_id="pro", plan_quantity=2))
    subscription, first = created.subscription, created.invoice
    assert (subscription.status, subscription.plan_amount, subscription.customer_id) == (
        "active", 9800, "ada")
    assert (first.status, first.total, first.subscription_id) == ("paid", 9800, subscription.id)

    charged = cb.Invoice.charge(cb.Invoice.ChargeParams(
        subscription_id=subscription.id, amount=1500, description="Onboarding")).invoice
    assert (charged.status, charged.customer_id, charged.amount_paid) == ("paid", "ada", 1500)
    listed = cb.Invoice.invoices_for_subscription(subscription.id).list
    assert sorted(entry.invoice.id for entry in listed) == sorted([first.id, charged.id])
    assert cb.Invoice.retrieve(first.id).invoice.total == 9800


def test_an_offline_customer_records_a_payment_and_another_invoice_is_voided(chargebee_sdk):
    cb = chargebee_sdk
    due = cb.Invoice.charge(cb.Invoice.ChargeParams(
        customer_id="demo_customer_offline", amount=2500, description="Consulting")).invoice
    recorded = cb.Invoice.record_payment(due.id, cb.Invoice.RecordPaymentParams(
        transaction=cb.Invoice.RecordPaymentTransactionParams(
            amount=1000, payment_method="bank_transfer", reference_number="WIRE-7")))
    assert (recorded.invoice.status, recorded.invoice.amount_due) == ("payment_due", 1500)
    assert (recorded.transaction.payment_method, recorded.transaction.reference_number,
            recorded.transaction.gateway) == ("bank_transfer", "WIRE-7", "not_applicable")
    rest = cb.Invoice.record_payment(due.id, cb.Invoice.RecordPaymentParams(
        transaction=cb.Invoice.RecordPaymentTransactionParams(payment_method="cash")))
    assert (rest.invoice.status, rest.transaction.amount) == ("paid", 1500)

    other = cb.Invoice.charge(cb.Invoice.ChargeParams(
        customer_id="demo_customer_offline", amount=700, description="Extra")).invoice
    voided = cb.Invoice.void_invoice(other.id, cb.Invoice.VoidInvoiceParams(comment="Billed twice"))
    assert (voided.invoice.status, voided.invoice.amount_due) == ("voided", 700)
    with pytest.raises(InvalidRequestError) as paid:
        cb.Invoice.void_invoice(due.id)
    assert (paid.value.http_status_code, paid.value.api_error_code) == (
        409, "invalid_state_for_request")


def test_a_card_payment_is_refunded_and_the_subscription_cancelled(chargebee_sdk):
    cb = chargebee_sdk
    invoice = cb.Invoice.charge(cb.Invoice.ChargeParams(
        customer_id="demo_customer", amount=3000, description="Setup")).invoice
    refunded = cb.Invoice.refund(invoice.id, cb.Invoice.RefundParams(
        refund_amount=1200, comment="Goodwill"))
    assert (refunded.transaction.type, refunded.transaction.amount,
            refunded.transaction.refunded_txn_id) == (
        "refund", 1200, invoice.linked_payments[0].txn_id)
    assert (refunded.credit_note.total, refunded.invoice.status) == (1200, "paid")
    with pytest.raises(InvalidRequestError) as too_much:
        cb.Invoice.refund(invoice.id, cb.Invoice.RefundParams(refund_amount=1801))
    assert (too_much.value.api_error_code, too_much.value.param) == (
        "param_wrong_value", "refund_amount")

    at_end = cb.Subscription.cancel("demo_subscription",
                                    cb.Subscription.CancelParams(end_of_term=True))
    assert at_end.subscription.status == "non_renewing"
    assert at_end.subscription.cancelled_at == at_end.subscription.current_term_end
    now = cb.Subscription.cancel("demo_subscription")
    assert now.subscription.status == "cancelled"
    with pytest.raises(InvalidRequestError) as again:
        cb.Subscription.cancel("demo_subscription")
    assert again.value.api_error_code == "invalid_state_for_request"
    back = cb.Subscription.reactivate("demo_subscription")
    assert (back.subscription.status, back.invoice.status) == ("active", "paid")


def test_customers_are_updated_listed_and_deleted(chargebee_sdk):
    cb = chargebee_sdk
    cb.Customer.create(cb.Customer.CreateParams(id="tmp", first_name="Temp", email="t@x.example"))
    updated = cb.Customer.update("tmp", cb.Customer.UpdateParams(
        last_name="Porary", auto_collection="off", net_term_days=15)).customer
    assert (updated.first_name, updated.last_name, updated.auto_collection,
            updated.net_term_days) == ("Temp", "Porary", "off", 15)
    invoice = cb.Invoice.charge(cb.Invoice.ChargeParams(
        customer_id="tmp", amount=500, description="x")).invoice
    assert invoice.due_date == invoice.date + 15 * 86400  # the net terms the update set
    ids = []
    page = cb.Customer.list(cb.Customer.ListParams(limit=2))
    while True:
        ids += [entry.customer.id for entry in page.list]
        if not page.next_offset:
            break
        page = cb.Customer.list(cb.Customer.ListParams(limit=2, offset=page.next_offset))
    assert ids == ["demo_customer", "demo_customer_offline", "demo_customer_declined", "tmp"]
    deleted = cb.Customer.delete("tmp").customer
    assert deleted.deleted is True
    with pytest.raises(InvalidRequestError) as gone:
        cb.Customer.retrieve("tmp")
    assert gone.value.http_status_code == 404
    assert cb.Invoice.retrieve(invoice.id).invoice.customer_id == "tmp"  # invoices stay


def test_the_sdk_raises_chargebees_exceptions(chargebee_sdk, server):
    cb = chargebee_sdk
    with pytest.raises(InvalidRequestError) as wrong:
        cb.Invoice.charge({"customer_id": "demo_customer", "amount": 100,
                           "description": "x", "coupon": "FOREVER5"})
    assert (wrong.value.http_status_code, wrong.value.api_error_code, wrong.value.param) == (
        400, "param_wrong_value", "coupon")

    with pytest.raises(InvalidRequestError) as missing:
        cb.Invoice.retrieve("9999")
    assert (missing.value.http_status_code, missing.value.api_error_code) == (
        404, "resource_not_found")

    with pytest.raises(PaymentError) as declined:
        cb.Invoice.charge({"customer_id": "demo_customer_declined", "amount": 100,
                           "description": "x"})
    assert (declined.value.http_status_code, declined.value.api_error_code) == (
        402, "payment_processing_failed")
    with pytest.raises(PaymentError) as unverified:
        cb.Card.update_card_for_customer("demo_customer_offline",
                                         cb.Card.UpdateCardForCustomerParams(
                                             **{**VISA, "number": "4119862760338320"}))
    assert unverified.value.api_error_code == "payment_method_verification_failed"
    with pytest.raises(PaymentError) as no_card:
        cb.Subscription.create_for_customer("demo_customer_declined",
                                            cb.Subscription.CreateForCustomerParams(
                                                plan_id="demo-plan-monthly"))
    assert no_card.value.api_error_code == "payment_processing_failed"
    assert cb.Subscription.subscriptions_for_customer("demo_customer_declined").list == []

    httpx.post(server.url + "/_sandbox/faults", json={
        "vendor": "chargebee", "operation_id": "list_customers", "status": 429})
    with pytest.raises(OperationFailedError) as limited:
        cb.Customer.list()
    assert (limited.value.http_status_code, limited.value.api_error_code) == (
        429, "api_request_limit_exceeded")
    with pytest.raises(APIError) as unauthenticated:
        Chargebee(api_key="nope", site="127", chargebee_domain=f"0.0.1:{server.chargebee_port}",
                  protocol="http").Customer.list()
    assert unauthenticated.value.api_error_code == "api_authentication_failed"
