"""Zenskar end to end over real HTTP: `billing-sandbox serve` with the demo fixtures, used as a
client of Zenskar would use it. Each scenario that changes the demo data has its own server."""

from __future__ import annotations

import httpx
import pytest
from support.server import SandboxProcess

CUSTOMER = "7a1c0d2e-0000-4000-8000-000000000101"
CONTRACT = "7a1c0d2e-0000-4000-8000-000000000201"
INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
UNKNOWN = "7a1c0d2e-0000-4000-8000-000000000999"
FEB_1_2026 = 1769904000  # Unix seconds, as Zenskar's document describes from_date


class Zenskar:
    """A Zenskar client pointed at the sandbox: the base URL is the only change."""

    def __init__(self, sandbox: SandboxProcess, api_key: str = "zk_test_demo",
                 organisation: str = "demo") -> None:
        self.http = httpx.Client(base_url=sandbox.url + "/zenskar", timeout=10,
                                 headers={"x-api-key": api_key, "organisation": organisation})

    def get(self, path: str, **params) -> httpx.Response:
        return self.http.get(path, params=params)

    def post(self, path: str, body: dict) -> httpx.Response:
        return self.http.post(path, json=body)

    def ok(self, response: httpx.Response) -> dict:
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def sandbox():
    with SandboxProcess() as running:
        yield running


@pytest.fixture
def zenskar(sandbox):
    return Zenskar(sandbox)


def test_generate_charge_credit_and_read_everything_back(zenskar):
    invoice = zenskar.ok(zenskar.post("/invoices/generate_invoice", {
        "customer_id": CUSTOMER, "contract_id": CONTRACT, "from_date": FEB_1_2026,
        "to_date": "2026-03-01T00:00:00Z", "check_duplicate_invoice": True}))
    assert (invoice["status"], invoice["invoice_total"], invoice["amount_due"]) == (
        "approved", 1000.0, 1000.0)
    assert [(line["name"], line["subtotal"]["value"]) for line in invoice["line_items"]] == [
        ("Platform fee", 1000.0)]
    invoice_id = invoice["id"]

    payment = zenskar.ok(zenskar.post(f"/payments/invoice/{invoice_id}/charge", {
        "connector": {"name": "stripe"}, "skip_invoice_due_date_check": True}))
    assert (payment["amount"], payment["status"], payment["connector_name"]) == (
        "1000.00", "success", "stripe")

    to_credits = zenskar.ok(zenskar.post(f"/invoices/{invoice_id}/credit_note", {
        "credit_note_amount": 100.25, "reason": "Goodwill", "refund_destination": "credits"}))
    assert {k: to_credits[k] for k in ("amount", "credits_returned", "status",
                                       "repayment_method", "invoice_id", "customer_id",
                                       "currency")} == {
        "amount": 10025, "credits_returned": 10025, "status": "issued",
        "repayment_method": "credits", "invoice_id": invoice_id, "customer_id": CUSTOMER,
        "currency": "USD"}
    to_card = zenskar.ok(zenskar.post(f"/invoices/{invoice_id}/credit_note", {
        "credit_note_amount": 200, "reason": "Downgrade",
        "refund_destination": "original_payment_method",
        "refund_amount_split": [{"payment_id": payment["id"], "amount": 200}]}))
    assert (to_card["amount"], to_card["status"], to_card["repayment_method"]) == (
        20000, "paid", "original_payment_method")

    read = zenskar.ok(zenskar.get(f"/invoices/{invoice_id}"))
    assert (read["status"], read["amount_due"], read["net_invoice_total"]) == (
        "paid", 0.0, 699.75)
    assert zenskar.ok(zenskar.get(f"/credit_notes/{to_credits['id']}")) == to_credits
    assert zenskar.ok(zenskar.get(f"/credit_notes/{to_card['id']}")) == to_card

    listed = zenskar.ok(zenskar.get("/payments", invoice__id=invoice_id, order="created_at"))
    assert [(p["type"], p["amount"], p["status"], p["parent_id"], p["payment_method"])
            for p in listed["results"]] == [
        ("payment", "1000.00", "partially_refunded", None, "card"),
        ("refund", "-100.25", "success", payment["id"], "credits"),
        ("refund", "-200.00", "success", payment["id"], "card")]
    assert listed["results"][0]["amount_refunded"] == "300.25"
    refunds = zenskar.ok(zenskar.get("/payments", parent_id=payment["id"], type="refund"))
    assert refunds["total_count"] == 2


def test_credit_notes_lower_the_amount_due_and_the_last_one_voids_the_invoice(zenskar):
    first = zenskar.ok(zenskar.post(f"/invoices/{INVOICE}/credit_note", {
        "credit_note_amount": 200, "reason": "Partial credit"}))
    assert (first["repayment_method"], first["status"], first["amount"]) == (
        "invoice_adjusted", "issued", 20000)
    assert zenskar.ok(zenskar.get(f"/invoices/{INVOICE}"))["amount_due"] == 300.0

    too_much = zenskar.post(f"/invoices/{INVOICE}/credit_note", {
        "credit_note_amount": 300.01, "reason": "Over"})
    assert too_much.status_code == 400
    assert too_much.json() == {"detail": (
        f"credit_note_amount: 300.01 exceeds the 300.00 not yet credited on invoice {INVOICE} "
        "(at most 300.00)")}

    zenskar.ok(zenskar.post(f"/invoices/{INVOICE}/credit_note", {
        "credit_note_amount": 300, "reason": "Rest"}))
    invoice = zenskar.ok(zenskar.get(f"/invoices/{INVOICE}"))
    assert (invoice["status"], invoice["amount_due"]) == ("void", 0.0)
    charged = zenskar.post(f"/payments/invoice/{INVOICE}/charge", {})
    assert charged.status_code == 400
    assert charged.json() == {"detail": f"invoice {INVOICE} is void; cannot charge it"}
    again = zenskar.post(f"/invoices/{INVOICE}/credit_note", {
        "credit_note_amount": 1, "reason": "More"})
    assert again.status_code == 400 and "is void" in again.json()["detail"]


def test_a_declined_charge_is_recorded_and_leaves_the_invoice_unpaid(zenskar):
    declined = zenskar.post(f"/payments/invoice/{INVOICE}/charge", {
        "connector": {"name": "stripe", "reference_id": "pm_card_declined"}})
    assert declined.status_code == 400
    assert "declined" in declined.json()["detail"]
    invoice = zenskar.ok(zenskar.get(f"/invoices/{INVOICE}"))
    assert (invoice["status"], invoice["amount_due"]) == ("approved", 500.0)
    insufficient = zenskar.post(f"/payments/invoice/{INVOICE}/charge",
                                {"source": "pm_card_insufficient_funds"})
    assert "insufficient funds" in insufficient.json()["detail"]
    failed = zenskar.ok(zenskar.get("/payments", invoice__id=INVOICE, status="failed"))
    assert [p["amount"] for p in failed["results"]] == ["500.00", "500.00"]

    zenskar.ok(zenskar.post(f"/payments/invoice/{INVOICE}/charge", {}))
    assert zenskar.ok(zenskar.get(f"/invoices/{INVOICE}"))["status"] == "paid"
    again = zenskar.post(f"/payments/invoice/{INVOICE}/charge", {})
    assert again.status_code == 400
    assert again.json() == {"detail": f"invoice {INVOICE} is already paid"}


def test_listings_page_with_cursors(zenskar):
    for month in ("02", "03"):
        zenskar.ok(zenskar.post("/invoices/generate_invoice", {
            "customer_id": CUSTOMER, "contract_id": CONTRACT,
            "from_date": f"2026-{month}-01", "to_date": f"2026-{int(month) + 1:02d}-01"}))
    first = zenskar.ok(zenskar.get("/invoices", limit=2))
    assert (len(first["results"]), first["previous"], first["total_count"]) == (2, None, 3)
    second = zenskar.ok(zenskar.get("/invoices", limit=2, cursor=first["next"]))
    assert [i["id"] for i in second["results"]] == [INVOICE]  # the oldest comes last
    assert second["next"] is None
    back = zenskar.ok(zenskar.get("/invoices", limit=2, cursor=second["previous"]))
    assert back["results"] == first["results"]


@pytest.fixture(scope="class")
def shared_sandbox():
    with SandboxProcess() as running:
        yield running


class TestRefusals:
    """Requests that change nothing share one server."""

    @pytest.fixture
    def sandbox(self, shared_sandbox):
        return shared_sandbox

    def test_without_a_known_api_key_it_is_401(self, sandbox):
        bare = httpx.get(f"{sandbox.url}/zenskar/invoices/{INVOICE}")
        assert bare.status_code == 401 and "detail" in bare.json()
        wrong = Zenskar(sandbox, api_key="zk_live_nope").get(f"/invoices/{INVOICE}")
        assert wrong.status_code == 401

    def test_a_key_used_for_another_organisation_is_403(self, sandbox):
        answer = Zenskar(sandbox, organisation="other").get(f"/invoices/{INVOICE}")
        assert answer.status_code == 403 and "detail" in answer.json()

    def test_another_organisation_sees_none_of_demo(self, sandbox):
        other = Zenskar(sandbox, api_key="zk_test_other", organisation="other")
        assert other.get(f"/invoices/{INVOICE}").json() == {
            "detail": f"invoice {INVOICE} not found"}
        assert other.ok(other.get("/invoices"))["results"] == []
        assert other.post(f"/payments/invoice/{INVOICE}/charge", {}).status_code == 404
        generated = other.post("/invoices/generate_invoice", {
            "customer_id": CUSTOMER, "contract_id": CONTRACT, "from_date": FEB_1_2026,
            "to_date": FEB_1_2026 + 28 * 86400})
        assert generated.status_code == 404

    def test_unknown_ids_are_404(self, sandbox):
        zenskar = Zenskar(sandbox)
        for answer in (zenskar.get(f"/invoices/{UNKNOWN}"),
                       zenskar.get(f"/credit_notes/{UNKNOWN}"),
                       zenskar.post(f"/payments/invoice/{UNKNOWN}/charge", {}),
                       zenskar.post(f"/invoices/{UNKNOWN}/credit_note",
                                    {"credit_note_amount": 1, "reason": "r"})):
            assert answer.status_code == 404
            assert UNKNOWN in answer.json()["detail"]

    def test_invalid_bodies_are_422_naming_the_field(self, sandbox):
        zenskar = Zenskar(sandbox)
        answer = zenskar.post(f"/invoices/{INVOICE}/credit_note",
                              {"credit_note_amount": -5, "reason": "r"})
        assert answer.status_code == 422
        detail = answer.json()["detail"]
        assert detail[0]["loc"] == ["body", "credit_note_amount"]
        assert {"msg", "type"} <= set(detail[0])
        wrong_type = zenskar.post(f"/invoices/{INVOICE}/credit_note",
                                  {"credit_note_amount": "lots", "reason": "r",
                                   "refund_destination": "cash"})
        assert [item["loc"] for item in wrong_type.json()["detail"]] == [
            ["body", "credit_note_amount"], ["body", "refund_destination"]]
        missing = zenskar.post("/invoices/generate_invoice", {"customer_id": CUSTOMER})
        assert missing.status_code == 422
        assert {tuple(item["loc"]) for item in missing.json()["detail"]} == {
            ("body", "contract_id"), ("body", "from_date"), ("body", "to_date")}
