"""Calls against the demo fixtures (billing_sandbox/demo.yaml) that several test modules make."""

from __future__ import annotations

import httpx

CHARGEBEE = ("cb_test_demo", "")
ZENSKAR = {"x-api-key": "zk_test_demo", "organisation": "demo"}
DAYZERO = {"authorization": "Bearer dz_test_demo",
           "x-business-id": "3f1d2c4b-0000-4000-8000-000000000001"}


def charge(client: httpx.Client, amount: int = 1000, headers: dict | None = None,
           timeout: float | None = None) -> httpx.Response:
    """A one-time Chargebee charge for the demo customer (paid at once by its card)."""
    return client.post("/chargebee/api/v2/invoices/charge", auth=CHARGEBEE, headers=headers,
                       timeout=timeout or client.timeout,
                       data={"customer_id": "demo_customer", "amount": amount,
                             "description": "Setup"})


def chargebee_invoices(client: httpx.Client) -> list[dict]:
    answer = client.get("/chargebee/api/v2/invoices", params={"limit": 100}, auth=CHARGEBEE)
    assert answer.status_code == 200
    return [item["invoice"] for item in answer.json()["list"]]
