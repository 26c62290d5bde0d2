"""``--seed N`` and a frozen clock: the same requests get byte-identical answers run after run
(minted ids, invoice numbers and generated bodies included)."""

from __future__ import annotations

import time

import httpx
from support.demo_calls import CHARGEBEE, DAYZERO, ZENSKAR
from support.server import SandboxProcess

CONTRACT = {"customer_id": "7a1c0d2e-0000-4000-8000-000000000101",
            "contract_id": "7a1c0d2e-0000-4000-8000-000000000201",
            "from_date": "2026-02-01T00:00:00Z", "to_date": "2026-03-01T00:00:00Z"}
ZENSKAR_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
DAYZERO_INVOICE = "3f1d2c4b-0000-4000-8000-000000000301"


def session(*args: str) -> list[bytes]:
    """The answers to one fixed sequence of calls on a fresh server."""
    time.sleep(1.1)  # the two servers start in different seconds (Chargebee dates are seconds)
    with SandboxProcess(*args) as server, httpx.Client(base_url=server.url) as client:
        client.put("/_sandbox/clock", json={"freeze": "2026-04-01T12:00:00Z"})
        answers = [
            client.post("/zenskar/invoices/generate_invoice", headers=ZENSKAR, json=CONTRACT),
            client.post(f"/zenskar/payments/invoice/{ZENSKAR_INVOICE}/charge", headers=ZENSKAR,
                        json={}),
            client.post(f"/zenskar/invoices/{ZENSKAR_INVOICE}/credit_note", headers=ZENSKAR,
                        json={"credit_note_amount": 25.5, "reason": "Outage",
                              "refund_destination": "credits"}),
            client.post(f"/dayzero/api/v1/invoices/{DAYZERO_INVOICE}/payments", headers=DAYZERO,
                        json={"transaction_id": "3f1d2c4b-0000-4000-8000-000000000401",
                              "amount": 20000}),
            client.post("/chargebee/api/v2/invoices/charge", auth=CHARGEBEE,
                        data={"customer_id": "demo_customer", "amount": 900,
                              "description": "x"}),
            client.get("/chargebee/api/v2/invoices", auth=CHARGEBEE),
            client.get("/chargebee/api/v2/invoices", auth=CHARGEBEE,  # a generated answer
                       headers={"prefer": "code=200"}),
            # records the fixtures made when the server started, and the state they are in
            client.get("/chargebee/api/v2/customers/demo_customer", auth=CHARGEBEE),
            client.get("/chargebee/api/v2/subscriptions/demo_subscription", auth=CHARGEBEE),
            client.get("/zenskar/invoices", headers=ZENSKAR),
            client.get(f"/dayzero/api/v1/invoices/{DAYZERO_INVOICE}", headers=DAYZERO),
            client.get("/_sandbox/state"),
        ]
        assert all(a.status_code < 300 for a in answers), [a.text for a in answers]
        return [a.content for a in answers]


def test_the_same_seed_and_frozen_clock_give_byte_identical_answers():
    first, second = session("--seed", "7"), session("--seed", "7")
    for one, other in zip(first, second, strict=True):
        assert one == other
    assert b'"id":"' in first[0]  # the minted invoice id is part of what repeats


def test_without_a_seed_minted_ids_differ_between_runs():
    first, second = session(), session()
    assert first[0] != second[0]
