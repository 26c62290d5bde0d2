"""Writes state_with_id_lists.json: a state document (GET /_sandbox/state) as the sandbox wrote
it before linked ids were kept in pages (commit 216dbec), when parents kept their children's
ids as lists (invoice ``payment_ids``, customer ``invoice_ids`` ...), with the answers that
version gave to reads of it. test_state_with_id_lists.py restores it into this version.

It was run once at that commit: ``.venv/bin/python tests/vendors/state_with_id_lists.py``.
Run now, it would write this version's layout instead, so it is kept only as the record of how
the document was made.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from support.clients import AppClient  # noqa: E402
from support.demo_calls import CHARGEBEE, DAYZERO, ZENSKAR  # noqa: E402
from support.server import DEMO_FIXTURES  # noqa: E402

from billing_sandbox.app import create_app  # noqa: E402
from billing_sandbox.settings import Settings  # noqa: E402

OUTPUT = HERE / "state_with_id_lists.json"
NOW = "2026-03-01T12:00:00Z"
DZ_INVOICES = "/dayzero/api/v1/invoices"
DZ_INVOICE_1 = "3f1d2c4b-0000-4000-8000-000000000301"
DZ_INVOICE_2 = "3f1d2c4b-0000-4000-8000-000000000302"
DZ_TX_1 = "3f1d2c4b-0000-4000-8000-000000000401"
DZ_TX_2 = "3f1d2c4b-0000-4000-8000-000000000402"
ZK_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
ZK_CONTRACT = {"customer_id": "7a1c0d2e-0000-4000-8000-000000000101",
               "contract_id": "7a1c0d2e-0000-4000-8000-000000000201"}
CB = "/chargebee/api/v2"


def call(client: AppClient, vendor: str, method: str, path: str, **kwargs):
    """A vendor call with the demo tenant's credentials."""
    if vendor == "chargebee":
        kwargs["auth"] = CHARGEBEE
    else:
        kwargs["headers"] = {"zenskar": ZENSKAR, "dayzero": DAYZERO}[vendor]
    return client.request(method, path, **kwargs)


def writes(client: AppClient) -> dict:
    """Children on every kind of parent; returns the ids the reads need."""
    def ok(answer):
        assert answer.status_code < 300, answer.text
        return answer.json()

    for invoice, transaction, amount in ((DZ_INVOICE_1, DZ_TX_1, 1000),
                                         (DZ_INVOICE_1, DZ_TX_1, 2000),
                                         (DZ_INVOICE_1, DZ_TX_2, 3000),
                                         (DZ_INVOICE_2, DZ_TX_1, 4000),
                                         (DZ_INVOICE_1, DZ_TX_1, 5000)):
        ok(call(client, "dayzero", "POST", f"{DZ_INVOICES}/{invoice}/payments",
                json={"transaction_id": transaction, "amount": amount}))
    ok(call(client, "zenskar", "POST", f"/zenskar/payments/invoice/{ZK_INVOICE}/charge",
            json={}))
    note = ok(call(client, "zenskar", "POST", f"/zenskar/invoices/{ZK_INVOICE}/credit_note",
                   json={"credit_note_amount": 25.5, "reason": "Outage",
                         "refund_destination": "original_payment_method"}))
    generated = [ok(call(client, "zenskar", "POST", "/zenskar/invoices/generate_invoice",
                         json={**ZK_CONTRACT, "from_date": start, "to_date": end}))
                 for start, end in (("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"),
                                    ("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"))]
    charges = [ok(call(client, "chargebee", "POST", f"{CB}/invoices/charge", data=body))["invoice"]
               for body in ({"customer_id": "demo_customer", "amount": 900, "description": "a"},
                            {"customer_id": "demo_customer", "amount": 800, "description": "b"},
                            {"subscription_id": "demo_subscription", "amount": 700,
                             "description": "c"},
                            {"customer_id": "demo_customer_offline", "amount": 600,
                             "description": "d"},
                            {"subscription_id": "demo_subscription", "amount": 500,
                             "description": "e"})]
    return {"zenskar_note": note["id"], "zenskar_invoices": [g["id"] for g in generated],
            "chargebee_invoices": [c["id"] for c in charges]}


def reads(made: dict) -> list[tuple[str, str, dict]]:
    """(vendor, path, query) of every read that lists or follows linked records."""
    listed = [("dayzero", f"{DZ_INVOICES}/{invoice}{tail}", {})
              for invoice in (DZ_INVOICE_1, DZ_INVOICE_2) for tail in ("", "/payments")]
    listed += [("dayzero", f"{DZ_INVOICES}/{DZ_INVOICE_1}/payments",
                {"sort_by": "amount", "descending": "true", "limit": 2,
                 "include_total_count": "true"})]
    listed += [("zenskar", f"/zenskar/invoices/{invoice}", {"include_line_items": "true"})
               for invoice in (ZK_INVOICE, *made["zenskar_invoices"])]
    listed += [("zenskar", "/zenskar/invoices", {}), ("zenskar", "/zenskar/payments", {}),
               ("zenskar", f"/zenskar/credit_notes/{made['zenskar_note']}", {})]
    listed += [("chargebee", f"{CB}/invoices/{invoice}", {})
               for invoice in made["chargebee_invoices"]]
    listed += [("chargebee", f"{CB}/invoices", {"limit": 100}),
               ("chargebee", f"{CB}/customers/demo_customer", {}),
               ("chargebee", f"{CB}/subscriptions/demo_subscription", {})]
    return listed


def main() -> None:
    sandbox = create_app(Settings(fixtures=[DEMO_FIXTURES], seed="11"))
    client = AppClient(sandbox.app)
    assert client.request("PUT", "/_sandbox/clock", json={"freeze": NOW}).status_code == 200
    made = writes(client)
    answers = []
    for vendor, path, query in reads(made):
        answer = call(client, vendor, "GET", path, params=query)
        assert answer.status_code == 200, answer.text
        answers.append({"vendor": vendor, "path": path, "query": query, "body": answer.json()})
    state = client.get("/_sandbox/state").json()
    document = {"now": NOW, "made": made, "state": state, "reads": answers}
    OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size:,} bytes, {len(answers)} reads")
    sandbox.close()


if __name__ == "__main__":
    main()
