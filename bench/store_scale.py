"""The store alone at scale: open time, peak memory and get/put latency, 100 vs 100,000 invoices.

    .venv/bin/python -m bench.store_scale [INVOICES ...]      (default: 100 100000)

Records are copies of what the adapters store: one in-process sandbox on the demo fixtures
makes a Chargebee charge (invoice, payment, customer), a DayZero payment (invoice, payment,
bank transaction) and holds the Zenskar demo invoice; each is cloned under new ids, invoices
split in three over one tenant per vendor, every Chargebee invoice with its payment. The data
file is written by the store under test (restore, then close: a compaction), then each figure
is read in a fresh process: open time and VmHWM (peak resident memory) right after the open,
then transactions on random invoices with the collector running, as in a server:
  get  one invoice read (no fsync: nothing written)
  put  one invoice read and written back (one durable commit: an fsync)
  pay  what a payment does: invoice, transaction and payment read, three records written
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from billing_sandbox.shipped import DEMO_FIXTURES

ROOT = Path(__file__).resolve().parents[1]
DEMO = DEMO_FIXTURES
CB, DZ, ZK = "chargebee/demo", "dayzero/3f1d2c4b-0000-4000-8000-000000000001", "zenskar/demo"


def templates() -> dict[str, dict]:
    """One stored record of each kind the scenarios touch, as the adapters write them."""
    import httpx

    from billing_sandbox.app import create_app
    from billing_sandbox.settings import Settings

    sandbox = create_app(Settings(fixtures=[DEMO], data=None))

    async def calls() -> None:
        transport = httpx.ASGITransport(app=sandbox.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            answer = await client.post(
                "/chargebee/api/v2/invoices/charge", auth=("cb_test_demo", ""),
                data={"customer_id": "demo_customer", "amount": 1000, "description": "Setup"})
            assert answer.status_code == 200, answer.text
            answer = await client.post(
                "/dayzero/api/v1/invoices/3f1d2c4b-0000-4000-8000-000000000301/payments",
                headers={"authorization": "Bearer dz_test_demo",
                         "x-business-id": DZ.split("/")[1]},
                json={"transaction_id": "3f1d2c4b-0000-4000-8000-000000000401", "amount": 100})
            assert answer.status_code == 201, answer.text

    asyncio.run(calls())
    state = sandbox.store.snapshot()
    sandbox.close()

    def first(namespace: str, kind: str) -> dict:
        return next(iter(state[namespace][kind].values()))

    return {
        "cb_invoice": first(CB, "invoice"), "cb_payment": first(CB, "payment"),
        "cb_customer": state[CB]["customer"]["demo_customer"],
        "dz_invoice": first(DZ, "invoice"), "dz_payment": first(DZ, "payment"),
        "dz_transaction": first(DZ, "bank_transaction"),
        "zk_invoice": first(ZK, "invoice"), "zk_customer": first(ZK, "customer"),
    }


def records(invoices: int) -> dict:
    """Snapshot-shaped records: `invoices` invoices in all, plus payments and customers."""
    t = templates()
    rng = random.Random(7)
    third = invoices // 3

    def clone(template: dict, record_id: str, **changes) -> dict:
        record = json.loads(json.dumps(template))
        record.update(id=record_id, **changes)
        record["created_at"] = record["updated_at"] = f"2026-11-{rng.randint(10, 28)}T10:00:00Z"
        return record

    cb: dict[str, dict] = {"invoice": {}, "payment": {}, "customer": {}}
    for n in range(invoices - 2 * third):
        payment_id = f"txn_{n:016d}"
        cb["invoice"][str(n + 1)] = clone(t["cb_invoice"], str(n + 1), payment_ids=[payment_id])
        cb["payment"][payment_id] = clone(t["cb_payment"], payment_id, invoice_id=str(n + 1))
    for n in range(100):
        cb["customer"][f"cust_{n}"] = clone(
            t["cb_customer"], f"cust_{n}", invoice_ids=[str(i) for i in range(n + 1, 10_001, 100)
                                                       if i <= len(cb["invoice"])])
    dz: dict[str, dict] = {"invoice": {}, "bank_transaction": {}, "payment": {}}
    for n in range(third):
        invoice_id = f"d1000000-0000-4000-8000-{n:012d}"
        dz["invoice"][invoice_id] = clone(t["dz_invoice"], invoice_id, payment_ids=[])
    for n in range(100):
        transaction_id = f"d2000000-0000-4000-8000-{n:012d}"
        dz["bank_transaction"][transaction_id] = clone(t["dz_transaction"], transaction_id,
                                                       payment_ids=[])
    zk: dict[str, dict] = {"invoice": {}, "customer": {}}
    for n in range(third):
        invoice_id = f"e2000000-0000-4000-8000-{n:012d}"
        zk["invoice"][invoice_id] = clone(t["zk_invoice"], invoice_id)
    for n in range(100):
        customer_id = f"e1000000-0000-4000-8000-{n:012d}"
        zk["customer"][customer_id] = clone(t["zk_customer"], customer_id)
    return {CB: cb, DZ: dz, ZK: zk}


def build(invoices: int, path: Path) -> None:
    from billing_sandbox.store import Store

    data = records(invoices)
    with Store.open(path) as store:
        store.restore(data)


def measure(path: Path, operations: int) -> dict:
    """In this (fresh) process: open the store, then time transactions on random invoices."""
    began = time.perf_counter()
    from billing_sandbox.store import Store

    imported = time.perf_counter()
    store = Store.open(path)
    opened = time.perf_counter()
    figures = {"open_s": opened - imported, "import_s": imported - began,
               "hwm_open_mb": _status("VmHWM"), "rss_open_mb": _status("VmRSS")}
    with store.transaction(DZ) as repo:
        invoice_ids = list(repo.ids("invoice"))
        transaction_ids = list(repo.ids("bank_transaction"))
    rng = random.Random(1)

    def get() -> None:
        with store.transaction(DZ) as repo:
            repo.get("invoice", rng.choice(invoice_ids))

    def put() -> None:
        with store.transaction(DZ) as repo:
            invoice_id = rng.choice(invoice_ids)
            invoice = repo.get("invoice", invoice_id)
            invoice["updated_at"] = "2026-11-30T10:00:00Z"
            repo.put("invoice", invoice_id, invoice)

    counter = iter(range(10**9))

    def pay() -> None:
        with store.transaction(DZ) as repo:
            invoice_id, transaction_id = rng.choice(invoice_ids), rng.choice(transaction_ids)
            invoice = repo.get("invoice", invoice_id)
            transaction = repo.get("bank_transaction", transaction_id)
            payment_id = f"p-{next(counter)}"
            repo.get("payment", payment_id)
            invoice["payment_ids"] = [*invoice["payment_ids"], payment_id][-5:]
            transaction["payment_ids"] = [*transaction["payment_ids"], payment_id][-5:]
            repo.put("payment", payment_id, {"id": payment_id, "invoice_id": invoice_id,
                                             "transaction_id": transaction_id, "amount": 1})
            repo.put("invoice", invoice_id, invoice)
            repo.put("bank_transaction", transaction_id, transaction)

    for name, action in (("get", get), ("put", put), ("pay", pay)):
        times = []
        for _ in range(operations):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        times.sort()
        figures[f"{name}_p50_us"] = statistics.median(times) * 1e6
        figures[f"{name}_p99_us"] = times[int(len(times) * 0.99)] * 1e6
        figures[f"{name}_max_us"] = times[-1] * 1e6
    figures["hwm_end_mb"] = _status("VmHWM")
    began = time.perf_counter()
    store.close()
    figures["close_s"] = time.perf_counter() - began
    return figures


def _status(field: str) -> float:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", text).group(1)) / 1024


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="store-scale-") as scratch:
        results = {}
        for size in sizes:
            path = Path(scratch) / f"{size}.json"
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "bench.store_scale", "--build", str(size),
                            str(path)], check=True, cwd=ROOT)
            print(f"{size:>7} invoices: data file {path.stat().st_size / 1e6:.1f} MB, "
                  f"built in {time.perf_counter() - began:.1f} s", flush=True)
            answer = subprocess.run([sys.executable, "-m", "bench.store_scale", "--measure",
                                     str(path)], check=True, cwd=ROOT, capture_output=True,
                                    text=True)
            results[size] = json.loads(answer.stdout)
        keys = list(next(iter(results.values())))
        print(f"{'':16}" + "".join(f"{size:>12}" for size in sizes)
              + ("       ratio" if len(sizes) == 2 else ""))
        for key in keys:
            values = [results[size][key] for size in sizes]
            line = f"{key:16}" + "".join(f"{value:12.2f}" for value in values)
            if len(sizes) == 2 and values[0]:
                line += f"{values[1] / values[0]:12.2f}"
            print(line)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(int(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]), operations=2000)))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [100, 100_000])
