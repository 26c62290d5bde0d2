"""Money on an invoice, on the ledger, with Chargebee's rules and errors and each with its
events: recorded payments, collected payments, voids, refunds, recorded refunds, deletes,
charges added to a pending invoice, closing it, and stopping dunning."""

from __future__ import annotations

import pytest

VISA = {"number": "4111111111111111", "expiry_month": "12", "expiry_year": "2035"}
INSUFFICIENT = {**VISA, "number": "4005519200000004"}


@pytest.fixture
def published(sandbox):
    log = sandbox.control.events
    log.forget()

    def since() -> list[str]:
        types = [logged.event.type for logged in log.entries()]
        log.forget()
        return types

    return since


def due(site, amount=2500, customer="demo_customer_offline") -> dict:
    answer = site.charge(customer_id=customer, amount=amount, description="Consulting")
    assert answer.status_code == 200, answer.text
    return answer.json()["invoice"]


def error(answer) -> tuple[int, str, str | None, str | None]:
    body = answer.json()
    return answer.status_code, body["api_error_code"], body.get("type"), body.get("param")


def test_a_recorded_payment_may_be_partial_and_never_more_than_is_due(demo, published):
    invoice = due(demo)
    published()
    part = demo.post(f"/invoices/{invoice['id']}/record_payment",
                     data={"transaction[amount]": "1000", "transaction[payment_method]": "check",
                           "transaction[reference_number]": "CHK-1"})
    assert part.status_code == 200, part.text
    body = part.json()
    assert (body["invoice"]["status"], body["invoice"]["amount_due"]) == ("payment_due", 1500)
    assert (body["transaction"]["payment_method"], body["transaction"]["reference_number"],
            body["transaction"]["amount"]) == ("check", "CHK-1", 1000)
    assert published() == ["payment_succeeded", "invoice_updated"]
    over = demo.post(f"/invoices/{invoice['id']}/record_payment",
                     data={"transaction[amount]": "1501", "transaction[payment_method]": "cash"})
    assert error(over) == (400, "param_wrong_value", "invalid_request", "transaction[amount]")
    blank = demo.post(f"/invoices/{invoice['id']}/record_payment", data={"comment": "x"})
    assert error(blank)[3] == "transaction[payment_method]"
    rest = demo.post(f"/invoices/{invoice['id']}/record_payment",
                     data={"transaction[payment_method]": "cash"}).json()
    assert (rest["invoice"]["status"], rest["transaction"]["amount"]) == ("paid", 1500)
    paid = demo.post(f"/invoices/{invoice['id']}/record_payment",
                     data={"transaction[payment_method]": "cash"})
    assert error(paid)[:2] == (409, "invalid_state_for_request")


def test_api_v1_clients_record_payments_with_v1_field_names(demo):
    invoice = due(demo)
    v1 = demo.__class__(demo.client, demo.key, base="/chargebee/api/v1")
    answer = v1.post(f"/invoices/{invoice['id']}/record_payment",
                     data={"amount": "2500", "payment_method": "bank_transfer",
                           "paid_at": "1767225600", "memo": "wire"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["transaction"]["date"] == 1767225600
    assert answer.json()["invoice"]["status"] == "paid"


def test_collect_payment_charges_the_card_and_keeps_a_declined_attempt(demo, published):
    demo.post("/customers/demo_customer_offline/credit_card", data=INSUFFICIENT)
    invoice = due(demo)
    published()
    declined = demo.post(f"/invoices/{invoice['id']}/collect_payment")
    assert error(declined) == (400, "payment_processing_failed", "payment", None)
    assert published() == ["payment_failed", "invoice_updated"]
    after = demo.get(f"/invoices/{invoice['id']}").json()["invoice"]
    assert (after["status"], after["dunning_status"]) == ("payment_due", "in_progress")
    assert after["linked_payments"][0]["txn_status"] == "failure"
    demo.post("/customers/demo_customer_offline/credit_card", data=VISA)
    part = demo.post(f"/invoices/{invoice['id']}/collect_payment", data={"amount": "500"})
    assert part.json()["invoice"]["amount_due"] == 2000
    collected = demo.post(f"/invoices/{invoice['id']}/collect_payment").json()
    assert (collected["invoice"]["status"], collected["invoice"]["dunning_status"]) == (
        "paid", "success")
    assert collected["transaction"]["status"] == "success"


def test_collect_payment_needs_a_card(demo):
    invoice = due(demo)
    assert error(demo.post(f"/invoices/{invoice['id']}/collect_payment")) == (
        400, "payment_method_not_present", "payment", None)


def test_a_paid_invoice_is_not_voided_an_unpaid_one_is(demo, published):
    paid = due(demo, customer="demo_customer")
    assert error(demo.post(f"/invoices/{paid['id']}/void"))[:2] == (
        409, "invalid_state_for_request")
    unpaid = due(demo)
    published()
    voided = demo.post(f"/invoices/{unpaid['id']}/void", data={"comment": "twice"}).json()
    assert voided["invoice"]["status"] == "voided"
    assert published() == ["invoice_updated"]  # Chargebee has no invoice_voided event
    assert error(demo.post(f"/invoices/{unpaid['id']}/void"))[0] == 409


def test_a_card_payment_is_refunded_up_to_what_was_paid_with_a_credit_note(demo, published):
    invoice = due(demo, amount=3000, customer="demo_customer")
    published()
    refunded = demo.post(f"/invoices/{invoice['id']}/refund",
                         data={"refund_amount": "1000", "credit_note[reason_code]": "other"})
    assert refunded.status_code == 200, refunded.text
    body = refunded.json()
    assert (body["transaction"]["type"], body["transaction"]["amount"]) == ("refund", 1000)
    assert (body["credit_note"]["total"], body["credit_note"]["status"]) == (1000, "refunded")
    assert body["invoice"]["issued_credit_notes"][0]["cn_id"] == body["credit_note"]["id"]
    assert published() == ["payment_refunded", "credit_note_created", "invoice_updated"]
    over = demo.post(f"/invoices/{invoice['id']}/refund", data={"refund_amount": "2001"})
    assert error(over) == (400, "param_wrong_value", "invalid_request", "refund_amount")
    assert demo.post(f"/invoices/{invoice['id']}/refund").json()["transaction"]["amount"] == 2000
    assert error(demo.post(f"/invoices/{invoice['id']}/refund"))[0] == 409  # nothing left
    listed = demo.get(f"/invoices/{invoice['id']}/transactions").json()["list"]
    assert sorted(e["transaction"]["type"] for e in listed) == ["payment", "refund", "refund"]


def test_an_offline_payment_is_refunded_by_recording_the_refund(demo, published):
    invoice = due(demo)
    demo.post(f"/invoices/{invoice['id']}/record_payment",
              data={"transaction[payment_method]": "cash"})
    assert error(demo.post(f"/invoices/{invoice['id']}/refund"))[:2] == (
        409, "invalid_state_for_request")
    published()
    recorded = demo.post(f"/invoices/{invoice['id']}/record_refund",
                         data={"refund_amount": "600", "transaction[payment_method]": "cash",
                               "transaction[reference_number]": "R-1",
                               "comment": "partial refund"}).json()
    assert (recorded["transaction"]["payment_method"], recorded["transaction"]["gateway"],
            recorded["transaction"]["reference_number"]) == ("cash", "not_applicable", "R-1")
    assert recorded["credit_note"]["total"] == 600
    assert published() == ["payment_refunded", "credit_note_created", "invoice_updated"]
    over = demo.post(f"/invoices/{invoice['id']}/record_refund", data={"refund_amount": "1901"})
    assert error(over)[3] == "refund_amount"


def test_only_an_invoice_no_money_was_received_on_is_deleted(demo, published):
    paid = due(demo, customer="demo_customer")
    assert error(demo.post(f"/invoices/{paid['id']}/delete"))[:2] == (
        409, "invalid_state_for_request")
    unpaid = due(demo)
    published()
    deleted = demo.post(f"/invoices/{unpaid['id']}/delete").json()["invoice"]
    assert deleted["deleted"] is True
    assert published() == ["invoice_deleted"]
    assert demo.get(f"/invoices/{unpaid['id']}").status_code == 404
    listed = demo.get("/invoices", params={"limit": 100}).json()["list"]
    assert unpaid["id"] not in [entry["invoice"]["id"] for entry in listed]


def test_a_charge_is_added_only_to_a_pending_invoice_then_closed_and_collected(
        demo, custom_site):
    site = custom_site({"demo": {"api_key": "cb_test_demo", "customers": [
        {"id": "metered", "auto_close_invoices": False, "payment_method": "card"}],
        "subscriptions": [{"id": "sub_m", "customer_id": "metered", "plan_id": "base",
                           "plan_unit_price": 1000}],
        "addons": [{"id": "gb", "name": "Extra GB", "price": 50, "charge_type": "non_recurring",
                    "type": "quantity"}]}})
    site.client.request("PUT", "/_sandbox/clock", json={"advance": "P32D"})
    [entry] = site.get("/subscriptions/sub_m/invoices").json()["list"]
    pending = entry["invoice"]
    assert (pending["status"], pending["total"]) == ("pending", 1000)
    added = site.post(f"/invoices/{pending['id']}/add_charge",
                      data={"amount": "300", "description": "Overage"}).json()["invoice"]
    assert added["total"] == 1300
    addon = site.post(f"/invoices/{pending['id']}/add_addon_charge",
                      data={"addon_id": "gb", "addon_quantity": "4"}).json()["invoice"]
    assert addon["line_items"][-1]["entity_type"] == "addon"
    assert addon["total"] == 1500
    closed = site.post(f"/invoices/{pending['id']}/close").json()["invoice"]
    assert (closed["status"], closed["amount_paid"]) == ("paid", 1500)
    late = site.post(f"/invoices/{pending['id']}/add_charge",
                     data={"amount": "1", "description": "late"})
    assert error(late)[:2] == (409, "invalid_state_for_request")
    paid = due(demo, customer="demo_customer")
    assert error(demo.post(f"/invoices/{paid['id']}/add_charge",
                           data={"amount": "1", "description": "x"}))[0] == 409


def test_dunning_is_stopped_only_on_an_invoice_in_dunning(demo, published):
    demo.post("/customers/demo_customer_offline/credit_card", data=INSUFFICIENT)
    invoice = due(demo)
    assert error(demo.post(f"/invoices/{invoice['id']}/stop_dunning"))[0] == 409
    demo.post(f"/invoices/{invoice['id']}/collect_payment")
    published()
    stopped = demo.post(f"/invoices/{invoice['id']}/stop_dunning").json()["invoice"]
    assert stopped["dunning_status"] == "stopped"
    assert published() == ["invoice_updated"]
    assert error(demo.post(f"/invoices/{invoice['id']}/stop_dunning"))[0] == 409


def test_an_invoice_of_several_charges_and_addons_is_collected_as_a_charge(demo):
    demo.post("/addons", data={"id": "gb", "name": "Extra GB", "price": "50",
                               "charge_type": "non_recurring", "type": "quantity"})
    made = demo.post("/invoices", data={
        "customer_id": "demo_customer", "charges[amount][0]": "1000",
        "charges[description][0]": "Setup", "charges[amount][1]": "200",
        "charges[description][1]": "Training", "addons[id][0]": "gb",
        "addons[quantity][0]": "3", "coupon": "ONEOFF10"}).json()["invoice"]
    assert [(line["description"], line["amount"], line["entity_type"])
            for line in made["line_items"]] == [
        ("Setup", 1000, "adhoc"), ("Training", 200, "adhoc"), ("Extra GB", 150, "addon")]
    assert (made["sub_total"], made["total"], made["status"]) == (1350, 1215, "paid")
    declined = demo.post("/invoices", data={"customer_id": "demo_customer_declined",
                                            "charges[amount][0]": "100",
                                            "charges[description][0]": "x"})
    assert error(declined)[:3] == (400, "payment_processing_failed", "payment")
    assert demo.get("/customers/demo_customer_declined/invoices").json()["list"] == []
    assert error(demo.post("/invoices", data={"customer_id": "demo_customer"}))[0] == 400


def test_account_credits_are_added_deducted_and_set(demo):
    path = "/customers/demo_customer_offline"
    added = demo.post(f"{path}/add_account_credits", data={"amount": "500",
                                                           "description": "Goodwill"})
    assert added.json()["customer"]["promotional_credits"] == 500
    over = demo.post(f"{path}/deduct_account_credits", data={"amount": "501",
                                                             "description": "x"})
    assert error(over) == (400, "param_wrong_value", "invalid_request", "amount")
    assert demo.post(f"{path}/set_account_credits", data={"amount": "300", "description": "x"}
                     ).json()["customer"]["promotional_credits"] == 300
    assert demo.post(f"{path}/deduct_account_credits", data={"amount": "100", "description": "x"}
                     ).json()["customer"]["promotional_credits"] == 200
