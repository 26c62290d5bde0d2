"""The Zenskar adapter in-process, on a frozen sandbox clock: shapes, billing rules, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from support.clients import AppClient
from support.server import DEMO_FIXTURES

from billing_sandbox.app import create_app
from billing_sandbox.settings import Settings

DEMO = {"x-api-key": "zk_test_demo", "organisation": "demo"}
CUSTOMER = "7a1c0d2e-0000-4000-8000-000000000101"
CONTRACT = "7a1c0d2e-0000-4000-8000-000000000201"
INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
SECOND_CUSTOMER = "7a1c0d2e-0000-4000-8000-000000000102"
TODAY = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
FEB_15 = int(datetime(2026, 2, 15, tzinfo=UTC).timestamp())


def start(fixtures):
    sandbox = create_app(Settings(fixtures=[fixtures]))
    sandbox.clock.freeze(TODAY)
    return sandbox


@pytest.fixture
def sandbox():
    sandbox = start(DEMO_FIXTURES)
    yield sandbox
    assert [str(v) for v in sandbox.monitor.violations()] == []
    sandbox.close()


@pytest.fixture
def client(sandbox):
    return AppClient(sandbox.app)


@pytest.fixture
def custom(tmp_path):
    """A sandbox on fixtures of our own: a second customer with no card and a draft invoice."""
    demo = yaml.safe_load(DEMO_FIXTURES.read_text())["zenskar"]
    demo["demo"]["customers"].append({"id": SECOND_CUSTOMER, "name": "No Card Ltd",
                                      "payment_source_id": None})
    demo["demo"]["invoices"].append({
        "id": "7a1c0d2e-0000-4000-8000-000000000302", "customer_id": SECOND_CUSTOMER,
        "status": "draft", "total": 80, "period_start": "2026-01-01",
        "period_end": "2026-02-01"})
    demo["demo"]["invoices"].append({
        "id": "7a1c0d2e-0000-4000-8000-000000000303", "customer_id": SECOND_CUSTOMER,
        "status": "approved", "total": 40, "due_date": "2026-01-15",
        "period_start": "2026-01-01", "period_end": "2026-02-01"})
    path = tmp_path / "zenskar.yaml"
    path.write_text(yaml.safe_dump({"zenskar": demo}))
    sandbox = start(path)
    yield AppClient(sandbox.app)
    assert [str(v) for v in sandbox.monitor.violations()] == []
    sandbox.close()


def generate(client, **fields):
    body = {"customer_id": CUSTOMER, "contract_id": CONTRACT, "from_date": FEB_15,
            "to_date": "2026-04-01T00:00:00Z", **fields}
    return client.post("/zenskar/invoices/generate_invoice", json=body, headers=DEMO)


def test_the_demo_invoice_reads_in_major_units_with_its_line_items(client):
    answer = client.get(f"/zenskar/invoices/{INVOICE}?include_line_items=true", headers=DEMO)
    assert answer.status_code == 200
    invoice = answer.json()
    assert {k: invoice[k] for k in ("id", "customer_id", "contract_id", "status", "currency",
                                    "invoice_total", "amount_due", "due_date",
                                    "invoice_period")} == {
        "id": INVOICE, "customer_id": CUSTOMER, "contract_id": CONTRACT, "status": "approved",
        "currency": "USD", "invoice_total": 500.0, "amount_due": 500.0,
        "due_date": "2026-01-31T00:00:00Z",
        "invoice_period": {"begin_date": "2026-01-01T00:00:00Z",
                           "end_date_exclusive": "2026-02-01T00:00:00Z"}}
    assert [(line["name"], line["subtotal"]["value"]) for line in invoice["line_items"]] == [
        ("Onboarding", 500.0)]
    without = client.get(f"/zenskar/invoices/{INVOICE}", headers=DEMO).json()
    assert "line_items" not in without


def test_whole_cycles_bill_the_monthly_price_and_a_partial_cycle_is_prorated_by_days(client):
    answer = generate(client, billing_cycle_start_day=1, bill_for_date="2026-04-01")
    assert answer.status_code == 200
    invoice = answer.json()
    lines = [(line["service_start_date"][:10], line["service_end_date"][:10],
              line["quantity"]["display"], line["subtotal"]["value"])
             for line in invoice["line_items"]]
    assert lines == [("2026-02-15", "2026-03-01", "14 of 28 days", 500.0),
                     ("2026-03-01", "2026-04-01", "1 month", 1000.0)]
    assert (invoice["invoice_total"], invoice["amount_due"], invoice["status"]) == (
        1500.0, 1500.0, "approved")
    assert invoice["due_date"] == "2026-05-01T00:00:00Z"  # bill_for_date + 30 days
    assert invoice["invoice_period"] == {"begin_date": "2026-02-15T00:00:00Z",
                                         "end_date_exclusive": "2026-04-01T00:00:00Z"}


def test_without_a_cycle_day_cycles_start_on_the_from_date_and_today_is_the_bill_date(client):
    invoice = generate(client, from_date=str(FEB_15)).json()
    assert [(line["quantity"]["display"], line["subtotal"]["value"])
            for line in invoice["line_items"]] == [("1 month", 1000.0),
                                                   ("17 of 31 days", 548.39)]
    assert invoice["due_date"] == "2026-03-12T00:00:00Z"  # the frozen today + 30 days


def test_a_period_that_ends_before_it_starts_is_a_422_on_to_date(client):
    answer = generate(client, to_date=FEB_15 - 86400)
    assert answer.status_code == 422
    assert answer.json() == {"detail": [{"loc": ["body", "to_date"],
                                         "msg": "Value error, to_date must be after 2026-02-15",
                                         "type": "value_error"}]}


def test_a_date_that_is_no_date_is_a_422_on_its_field(client):
    answer = generate(client, from_date="mid-February")
    assert answer.status_code == 422
    assert [item["loc"] for item in answer.json()["detail"]] == [["body", "from_date"]]


def test_check_duplicate_invoice_refuses_a_second_invoice_for_the_period(client):
    first = generate(client).json()
    assert generate(client).status_code == 200  # without the check a second one is made
    answer = generate(client, check_duplicate_invoice=True)
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith(f"invoice {first['id']} already bills contract")


def test_the_customer_and_contract_must_exist_and_belong_together(custom):
    def generate_for(customer, contract):
        return generate(custom, customer_id=customer, contract_id=contract)

    unknown = "7a1c0d2e-0000-4000-8000-000000000999"
    assert generate_for(unknown, CONTRACT).json() == {"detail": f"customer {unknown} not found"}
    assert generate_for(CUSTOMER, unknown).status_code == 404
    answer = generate_for(SECOND_CUSTOMER, CONTRACT)
    assert answer.status_code == 404
    assert answer.json() == {
        "detail": f"contract {CONTRACT} not found for customer {SECOND_CUSTOMER}"}


def test_an_invoice_is_charged_only_once_due_unless_the_check_is_skipped(client, sandbox):
    invoice = generate(client).json()
    url = f"/zenskar/payments/invoice/{invoice['id']}/charge"
    early = client.post(url, json={}, headers=DEMO)
    assert early.status_code == 400
    assert early.json() == {"detail": (
        f"invoice {invoice['id']} is approved and not due until 2026-03-12; "
        "set skip_invoice_due_date_check to true to charge it now")}
    sandbox.clock.advance(timedelta(days=30))
    assert client.post(url, json={}, headers=DEMO).json()["status"] == "success"


def test_a_charge_goes_through_the_connector_and_method_given(client):
    body = {"connector": {"name": "razorpay", "reference_id": "cust_42"}, "source": "pm_upi",
            "payment_method_types": ["upi"]}
    answer = client.post(f"/zenskar/payments/invoice/{INVOICE}/charge", json=body, headers=DEMO)
    assert answer.status_code == 200
    payment = answer.json()
    assert {k: payment[k] for k in ("amount", "currency_code", "status", "type", "customer_id",
                                    "connector_name", "payment_method",
                                    "payment_method_details")} == {
        "amount": "500.00", "currency_code": "USD", "status": "success", "type": "payment",
        "customer_id": CUSTOMER, "connector_name": "razorpay", "payment_method": "upi",
        "payment_method_details": {"source": "pm_upi", "connector_customer_id": "cust_42"}}
    assert payment["invoices"][0]["invoice_id"] == INVOICE
    assert payment["invoices"][0]["status"] == "paid"
    invoice = client.get(f"/zenskar/invoices/{INVOICE}", headers=DEMO).json()
    assert (invoice["status"], invoice["amount_due"], invoice["charged_at"]) == (
        "paid", 0.0, "2026-02-10T12:00:00Z")


def test_a_customer_without_a_card_is_charged_only_from_a_source_given(custom):
    url = "/zenskar/payments/invoice/7a1c0d2e-0000-4000-8000-000000000303/charge"
    answer = custom.post(url, json={}, headers=DEMO)
    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        f"customer {SECOND_CUSTOMER} has no payment source on file to charge; "
        "give source or connector.reference_id")
    assert custom.post(url, json={"source": "pm_card_visa"}, headers=DEMO).status_code == 200


def test_draft_invoices_take_neither_charges_nor_credit_notes(custom):
    draft = "7a1c0d2e-0000-4000-8000-000000000302"
    charged = custom.post(f"/zenskar/payments/invoice/{draft}/charge",
                          json={"skip_invoice_due_date_check": True}, headers=DEMO)
    assert charged.json() == {"detail": f"invoice {draft} is draft; cannot charge it"}
    credited = custom.post(f"/zenskar/invoices/{draft}/credit_note",
                           json={"credit_note_amount": 10, "reason": "r"}, headers=DEMO)
    assert credited.status_code == 400
    assert credited.json()["detail"] == (
        f"invoice {draft} is draft; credit notes apply to approved, partially paid or paid "
        "invoices")


def test_refund_splits_are_checked_against_the_payments_in_major_units(client):
    payment = client.post(f"/zenskar/payments/invoice/{INVOICE}/charge", json={},
                          headers=DEMO).json()
    url = f"/zenskar/invoices/{INVOICE}/credit_note"

    def credit(**fields):
        body = {"credit_note_amount": 50, "reason": "r", **fields}
        return client.post(url, json=body, headers=DEMO)

    split = [{"payment_id": payment["id"], "amount": 20}]
    assert credit(refund_destination="credits", refund_amount_split=split).json() == {
        "detail": "refund_amount_split: only allowed with refund_destination "
                  "original_payment_method"}
    assert credit(refund_destination="original_payment_method",
                  refund_amount_split=split).json() == {
        "detail": "refund_amount_split: amounts add up to 20.00 but 50.00 of the credit note "
                  "must be refunded"}
    too_much = credit(credit_note_amount=600, refund_destination="original_payment_method",
                      refund_amount_split=[{"payment_id": payment["id"], "amount": 600}])
    assert too_much.json() == {"detail": (
        f"credit_note_amount: 600.00 exceeds the 500.00 not yet credited on invoice {INVOICE} "
        "(at most 500.00)")}
    tiny = credit(refund_destination="original_payment_method",
                  refund_amount_split=[{"payment_id": payment["id"], "amount": 0.001}])
    assert tiny.status_code == 422
    assert tiny.json()["detail"][0]["loc"] == ["body", "refund_amount_split", 0, "amount"]
    done = credit(refund_destination="original_payment_method",
                  refund_amount_split=[{"payment_id": payment["id"], "amount": 50}])
    assert done.status_code == 200
    assert (done.json()["amount"], done.json()["status"]) == (5000, "paid")


def test_invoices_are_listed_by_status_customer_and_contract(client, sandbox):
    sandbox.clock.freeze(datetime.now(UTC) + timedelta(days=1))  # after the fixtures' load
    generate(client)
    client.post(f"/zenskar/payments/invoice/{INVOICE}/charge", json={}, headers=DEMO)

    def listed(query):
        answer = client.get(f"/zenskar/invoices?{query}", headers=DEMO)
        assert answer.status_code == 200
        return [(item["invoice_number"], item["status"]) for item in answer.json()["results"]]

    assert listed("") == [("INV-0002", "approved"), ("INV-0001", "paid")]
    assert listed("status=paid") == [("INV-0001", "paid")]
    assert listed("status__in=approved,void&order=created_at") == [("INV-0002", "approved")]
    assert listed(f"customer_id={CUSTOMER}&contract_id={CONTRACT}&order=invoice_total") == [
        ("INV-0001", "paid"), ("INV-0002", "approved")]
    wrong = client.get("/zenskar/invoices?status__in=approved,sent", headers=DEMO)
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["query", "status__in"]


def test_an_amount_no_invoice_can_hold_is_a_422_in_major_units(client):
    answer = client.post(f"/zenskar/invoices/{INVOICE}/credit_note",
                         json={"credit_note_amount": 1e300, "reason": "r"}, headers=DEMO)
    assert answer.status_code == 422
    assert answer.json() == {"detail": [{
        "loc": ["body", "credit_note_amount"],
        "msg": "Value error, credit_note_amount must be at most 92233720368547758.07",
        "type": "value_error"}]}
