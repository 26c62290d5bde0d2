"""50 payments racing for one bank transaction on a real server: the transaction is never
over-allocated, and every payment answered 201 is stored."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from vendors.dayzero.dayzero_demo import INVOICE_1, INVOICE_2, INVOICES, TX_2, headers

REQUESTS = 50
AMOUNT = 7000  # TX_2 holds 100,000 cents: 14 payments fit, 2,000 cents stay unallocated
TX_2_AMOUNT = 100000


def test_concurrent_payments_never_over_allocate_a_transaction(sandbox):
    start = threading.Barrier(REQUESTS)

    def post(index: int) -> httpx.Response:
        invoice_id = (INVOICE_1, INVOICE_2)[index % 2]  # split across both invoices
        with httpx.Client(base_url=sandbox.url, headers=headers(), timeout=30) as client:
            start.wait()
            return client.post(f"{INVOICES}/{invoice_id}/payments",
                               json={"transaction_id": TX_2, "amount": AMOUNT})

    with ThreadPoolExecutor(REQUESTS) as pool:
        responses = list(pool.map(post, range(REQUESTS)))

    accepted = [r.json() for r in responses if r.status_code == 201]
    refused = [r for r in responses if r.status_code != 201]
    assert sum(p["amount"] for p in accepted) <= TX_2_AMOUNT
    assert len(accepted) == TX_2_AMOUNT // AMOUNT
    assert all(r.status_code == 400 and "left unallocated" in r.json()["detail"]
               for r in refused)

    with httpx.Client(base_url=sandbox.url, headers=headers(), timeout=30) as client:
        listed = []
        for invoice_id in (INVOICE_1, INVOICE_2):
            page = client.get(f"{INVOICES}/{invoice_id}/payments", params={"limit": 1000})
            listed += page.json()["items"]
            paid = client.get(f"{INVOICES}/{invoice_id}").json()["amount_paid"]
            assert paid == sum(p["amount"] for p in accepted if p["invoice_id"] == invoice_id)
    assert sorted(p["id"] for p in listed) == sorted(p["id"] for p in accepted)
    left = TX_2_AMOUNT - len(accepted) * AMOUNT
    assert {p["transaction"]["unallocated_amount"] for p in listed} == {left}
