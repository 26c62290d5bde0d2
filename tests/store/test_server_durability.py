"""kill -9 of a real server under write load, twenty times over, restarting on the same data file:
every write answered 2xx is there after the restart, and no write is there in part.

Clients write as fast as they can: DayZero payments of 1 cent from one bank transaction onto
the two demo invoices, and Chargebee one-time charges of the demo customer (each paid by its
card: an invoice and a payment). The server is killed at a random moment after the first
answer (seeded: the seed and each delay are printed; DURABILITY_SEED=n replays a run).
After each restart, through the vendors' APIs: every answered write is listed; each DayZero
invoice's amount_paid is the sum of its listed payments, and the transaction's unallocated
amount is what those payments left; each Chargebee invoice listed is paid by its payment.
"""

from __future__ import annotations

import os
import random
import threading
import time

import httpx
from support.demo_calls import CHARGEBEE, DAYZERO
from support.server import SandboxProcess

ROUNDS = 20
DZ_INVOICES = ("3f1d2c4b-0000-4000-8000-000000000301", "3f1d2c4b-0000-4000-8000-000000000302")
DZ_TRANSACTION = "3f1d2c4b-0000-4000-8000-000000000402"  # 100,000 cents: room for them all
DZ_TRANSACTION_AMOUNT = 100_000
CB_CUSTOMER = "demo_customer"  # pays by card: a charge is an invoice paid by one payment


class Acknowledged:
    """The writes answered 2xx, by id, collected from the writer threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.payments: dict[str, dict] = {}  # DayZero payment id -> payment
        self.charges: dict[str, int] = {}  # Chargebee invoice id -> amount
        self.refused: list[str] = []  # answers that were neither 2xx nor a dropped connection
        self.first = threading.Event()

    def write_until_killed(self, base_url: str, worker: int) -> None:
        rng = random.Random(worker)
        with httpx.Client(base_url=base_url, timeout=10) as client:
            while True:
                try:
                    if worker % 2:
                        self._pay(client, rng.choice(DZ_INVOICES))
                    else:
                        self._charge(client, rng.randint(1, 1000))
                except httpx.TransportError:
                    return  # killed: the write in flight may or may not have happened
                self.first.set()

    def _pay(self, client: httpx.Client, invoice_id: str) -> None:
        answer = client.post(f"/dayzero/api/v1/invoices/{invoice_id}/payments", headers=DAYZERO,
                             json={"transaction_id": DZ_TRANSACTION, "amount": 1})
        with self.lock:
            if answer.status_code == 201:
                self.payments[answer.json()["id"]] = answer.json()
            else:
                self.refused.append(f"DayZero payment: {answer.status_code} {answer.text}")

    def _charge(self, client: httpx.Client, amount: int) -> None:
        answer = client.post("/chargebee/api/v2/invoices/charge", auth=CHARGEBEE,
                             data={"customer_id": CB_CUSTOMER, "amount": amount,
                                   "description": "durability"})
        with self.lock:
            if answer.status_code == 200:
                self.charges[answer.json()["invoice"]["id"]] = amount
            else:
                self.refused.append(f"Chargebee charge: {answer.status_code} {answer.text}")


def dayzero_payments(client: httpx.Client, invoice_id: str) -> list[dict]:
    items, cursor = [], None
    while True:
        answer = client.get(f"/dayzero/api/v1/invoices/{invoice_id}/payments", headers=DAYZERO,
                            params={"limit": 1000} | ({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, answer.text
        items += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            return items


def chargebee_invoices(client: httpx.Client) -> list[dict]:
    invoices, offset = [], None
    while True:
        params = {"limit": 100, "customer_id[is]": CB_CUSTOMER} | (
            {"offset": offset} if offset else {})
        answer = client.get("/chargebee/api/v2/invoices", auth=CHARGEBEE, params=params)
        assert answer.status_code == 200, answer.text
        invoices += [entry["invoice"] for entry in answer.json()["list"]]
        offset = answer.json().get("next_offset")
        if offset is None:
            return invoices


def check_state(base_url: str, acked: Acknowledged, where: str) -> int:
    """Every acknowledged write is there and nothing is there in part; the writes stored."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        listed: dict[str, dict] = {}
        for invoice_id in DZ_INVOICES:
            payments = dayzero_payments(client, invoice_id)
            invoice = client.get(f"/dayzero/api/v1/invoices/{invoice_id}", headers=DAYZERO)
            assert invoice.json()["amount_paid"] == sum(p["amount"] for p in payments), (
                f"{where}: DayZero invoice {invoice_id} does not add up its payments")
            listed |= {payment["id"]: payment for payment in payments}
        lost = acked.payments.keys() - listed.keys()
        assert not lost, f"{where}: acknowledged DayZero payments lost: {sorted(lost)[:5]}"
        unallocated = {p["transaction"]["unallocated_amount"] for p in listed.values()}
        assert unallocated <= {DZ_TRANSACTION_AMOUNT - len(listed)}, (
            f"{where}: the transaction's unallocated amount {unallocated} does not match the "
            f"{len(listed)} payments made from it")

        invoices = {invoice["id"]: invoice for invoice in chargebee_invoices(client)}
        lost = acked.charges.keys() - invoices.keys()
        assert not lost, f"{where}: acknowledged Chargebee charges lost: {sorted(lost)[:5]}"
        for invoice_id, amount in acked.charges.items():
            assert invoices[invoice_id]["total"] == amount, f"{where}: invoice {invoice_id}"
        for invoice in invoices.values():
            payments = invoice["linked_payments"]
            assert (invoice["status"], invoice["amount_paid"], len(payments)) == (
                "paid", invoice["total"], 1), f"{where}: Chargebee invoice in part: {invoice}"
            assert payments[0]["applied_amount"] == invoice["total"], f"{where}: {invoice}"
    return len(listed) + len(invoices)


def test_acknowledged_writes_survive_sigkill_of_the_server(tmp_path):
    seed = int(os.environ.get("DURABILITY_SEED", random.randrange(1 << 30)))
    print(f"DURABILITY_SEED={seed}")
    rng = random.Random(seed)
    data = tmp_path / "sandbox.db"
    acked = Acknowledged()
    server = SandboxProcess(data=data).start()
    try:
        for round_number in range(1, ROUNDS + 1):
            acked.first.clear()
            writers = [threading.Thread(target=acked.write_until_killed, args=(server.url, n))
                       for n in range(4)]
            for writer in writers:
                writer.start()
            assert acked.first.wait(30), "no write was answered"
            delay = rng.uniform(0, 0.3)
            time.sleep(delay)
            server.kill()
            for writer in writers:
                writer.join()
            server.stop()
            assert not acked.refused, acked.refused[:3]
            assert not server.contract_violations(), server.contract_violations()
            server.stderr_path.unlink()

            began = time.monotonic()
            server = SandboxProcess(data=data).start()  # the data file loads
            started = time.monotonic()
            where = f"round {round_number} (seed {seed}, killed {delay:.3f} s after a write)"
            stored = check_state(server.url, acked, where)
            print(f"{where}: {len(acked.payments) + len(acked.charges)} writes answered, "
                  f"{stored} stored; restart {started - began:.2f} s, "
                  f"check {time.monotonic() - started:.2f} s")
    finally:
        server.stop()
        server.stderr_path.unlink(missing_ok=True)
