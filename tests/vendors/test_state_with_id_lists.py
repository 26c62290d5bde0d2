"""A state document of the version before link pages (parents kept their children's ids as
lists: invoice ``payment_ids``, customer ``invoice_ids`` ...) restores into this one: every
read answers as that version did, new children carry on from the lists (which move to link
pages, nothing lost), and the state exported afterwards restores exactly.

The document and the answers were written by state_with_id_lists.py at that version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.clients import AppClient
from support.server import DEMO_FIXTURES
from vendors.state_with_id_lists import (
    CB,
    DZ_INVOICE_1,
    DZ_INVOICE_2,
    DZ_INVOICES,
    DZ_TX_2,
    ZK_CONTRACT,
    ZK_INVOICE,
    call,
)

from billing_sandbox.app import create_app
from billing_sandbox.core import links
from billing_sandbox.settings import Settings

DOCUMENT = json.loads((Path(__file__).parent / "state_with_id_lists.json").read_text())
DZ_BUSINESS = "3f1d2c4b-0000-4000-8000-000000000001"
FEBRUARY = {"from_date": "2026-02-01T00:00:00Z", "to_date": "2026-03-01T00:00:00Z"}
APRIL = {"from_date": "2026-04-01T00:00:00Z", "to_date": "2026-05-01T00:00:00Z"}


@pytest.fixture
def make_client():
    sandboxes = []

    def make(state: dict) -> AppClient:
        sandbox = create_app(Settings(fixtures=[DEMO_FIXTURES], seed="11"))
        sandboxes.append(sandbox)
        client = AppClient(sandbox.app)
        for path, body in (("/_sandbox/clock", {"freeze": DOCUMENT["now"]}),
                           ("/_sandbox/state", state)):
            answer = client.request("PUT", path, json=body)
            assert answer.status_code == 200, answer.text
        return client

    yield make
    for sandbox in sandboxes:
        sandbox.close()


def read(client: AppClient, vendor: str, path: str, query: dict | None = None) -> dict:
    answer = call(client, vendor, "GET", path, params=query or {})
    assert answer.status_code == 200, answer.text
    return answer.json()


def write(client: AppClient, vendor: str, path: str, **body) -> dict:
    answer = call(client, vendor, "POST", path, **body)
    assert answer.status_code < 300, answer.text
    return answer.json()


def records(client: AppClient, vendor: str, tenant: str) -> dict:
    state = client.get("/_sandbox/state").json()
    return state["vendors"][vendor][tenant]["records"]


def test_every_read_answers_as_the_version_that_wrote_the_document(make_client):
    client = make_client(DOCUMENT["state"])
    for entry in DOCUMENT["reads"]:
        assert read(client, entry["vendor"], entry["path"], entry["query"]) == entry["body"], (
            entry["path"])


def test_new_children_carry_on_from_the_lists_and_the_export_restores_exactly(make_client):
    client = make_client(DOCUMENT["state"])
    listed = read(client, "dayzero", f"{DZ_INVOICES}/{DZ_INVOICE_1}/payments")["items"]
    new = [write(client, "dayzero", f"{DZ_INVOICES}/{DZ_INVOICE_1}/payments",
                 json={"transaction_id": DZ_TX_2, "amount": 100})["id"] for _ in range(20)]
    after = read(client, "dayzero", f"{DZ_INVOICES}/{DZ_INVOICE_1}/payments",
                 {"limit": 100})["items"]
    assert sorted(p["id"] for p in after) == sorted([p["id"] for p in listed] + new)
    assert read(client, "dayzero", f"{DZ_INVOICES}/{DZ_INVOICE_1}")["amount_paid"] == 13000

    invoice = write(client, "chargebee", f"{CB}/invoices/charge",
                    data={"customer_id": "demo_customer", "amount": 400, "description": "f"})
    assert invoice["invoice"]["first_invoice"] is False
    assert read(client, "chargebee", f"{CB}/invoices/1")["invoice"]["first_invoice"] is True
    write(client, "chargebee", f"{CB}/invoices/charge",
          data={"subscription_id": "demo_subscription", "amount": 300, "description": "g"})

    write(client, "zenskar", "/zenskar/invoices/generate_invoice", json={**ZK_CONTRACT, **APRIL})
    again = call(client, "zenskar", "POST", "/zenskar/invoices/generate_invoice",
                 json={**ZK_CONTRACT, **FEBRUARY, "check_duplicate_invoice": True})
    assert again.status_code >= 400 and "already bills" in again.text, again.text
    write(client, "zenskar", f"/zenskar/invoices/{ZK_INVOICE}/credit_note",
          json={"credit_note_amount": 10, "reason": "Again",
                "refund_destination": "original_payment_method"})
    refunds = [p for p in read(client, "zenskar", "/zenskar/payments")["results"]
               if p["type"] == "refund"]
    assert sorted(r["amount"] for r in refunds) == ["-10.00", "-25.50"]

    dayzero = records(client, "dayzero", DZ_BUSINESS)
    moved = dayzero["invoice"][DZ_INVOICE_1]
    assert "payment_ids" not in moved and moved["payment_count"] == 24
    before = DOCUMENT["state"]["vendors"]["dayzero"][DZ_BUSINESS]["records"]["invoice"]
    pages = [dayzero["link"][f"invoice/{DZ_INVOICE_1}/payment/{n}"]["ids"]
             for n in range(24 // links.PAGE_SIZE)]
    assert sum(pages, []) + moved["payment_tail"] == before[DZ_INVOICE_1]["payment_ids"] + new
    untouched = dayzero["invoice"][DZ_INVOICE_2]  # no new child: still the list, read as is
    assert len(untouched["payment_ids"]) == 1 and "payment_count" not in untouched

    exported = client.get("/_sandbox/state").json()
    copy = make_client(exported)
    assert copy.get("/_sandbox/state").json()["vendors"] == exported["vendors"]
    for entry in DOCUMENT["reads"]:
        args = entry["vendor"], entry["path"], entry["query"]
        assert read(copy, *args) == read(client, *args), entry["path"]
