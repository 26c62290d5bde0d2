"""An example client under test: a small Chargebee client as a team would write it, to bill
one-off charges and find the invoices that have become overdue.

It knows nothing of the sandbox: it takes the base URL and API key it takes in production.
"""

from __future__ import annotations

import time
import uuid

import httpx


class Dunning:
    def __init__(self, base_url: str, api_key: str, retries: int = 3,
                 backoff_seconds: float = 0.05) -> None:
        self.http = httpx.Client(base_url=base_url, auth=(api_key, ""), timeout=10)
        self.retries = retries
        self.backoff_seconds = backoff_seconds

    def charge(self, customer_id: str, amount_cents: int, description: str) -> dict:
        """A one-off invoice. Rate limited (429), it waits and retries with the same
        idempotency key, so that a retry never bills twice."""
        form = {"customer_id": customer_id, "amount": amount_cents, "description": description}
        headers = {"chargebee-idempotency-key": str(uuid.uuid4())}
        for attempt in range(self.retries + 1):
            answer = self.http.post("/invoices/charge", data=form, headers=headers)
            if answer.status_code != 429 or attempt == self.retries:
                break
            time.sleep(self.backoff_seconds * 2 ** attempt)
        answer.raise_for_status()
        return answer.json()["invoice"]

    def overdue_invoices(self) -> list[dict]:
        """Every invoice past its due date and not paid, following Chargebee's paging."""
        invoices, offset = [], None
        while True:
            params = {"status[is]": "payment_due", "limit": 100}
            if offset:
                params["offset"] = offset
            page = self.http.get("/invoices", params=params)
            page.raise_for_status()
            body = page.json()
            invoices += [item["invoice"] for item in body["list"]]
            offset = body.get("next_offset")
            if not offset:
                return invoices
