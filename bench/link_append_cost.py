"""What linking the n-th child costs, in process (a measurement, not a test: no timings are
asserted anywhere). Run: ``.venv/bin/python -m bench.link_append_cost [--durable]``.

Two growing parents, each write in its own store transaction, as a request would do it:
- an invoice and a bank transaction taking allocation after allocation (a DayZero payment);
- a customer taking one-off invoice after invoice (a Chargebee charge).
For the 1st, 10th, 100th, 1,000th (and 10,000th) child it prints the CPU time of a write (the
median of the 51 writes around it, the garbage collector held off during each; the lowest
such median of three runs, as the machine may be shared) and the bytes the transaction put
(what the commit log receives). ``--durable`` keeps the store in a data file, so each commit
also writes and fsyncs its log line (CPU time leaves out the wait for the disk).

Measured on the 2-core machine (load ~1), in memory, CPU per write and bytes put:

    child                    1st             100th            1,000th          10,000th
    allocations, lists       75 µs 1.7 kB    97 µs  4.3 kB    361 µs 29.5 kB
    allocations, links       77 µs 1.8 kB    76 µs  1.9 kB     78 µs  2.0 kB
    invoices, lists          70 µs 1.9 kB    81 µs  3.3 kB    228 µs 16.4 kB   2026 µs 156 kB
    invoices, links          73 µs 2.1 kB    70 µs  2.2 kB     70 µs  2.3 kB     70 µs 2.1 kB

("lists": parents kept every child id, commit 216dbec; "links": core.links.) With
``--durable`` the 1,000th allocation took 2.6-2.8x the 1st with lists, 0.97-1.17x with links.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

from billing_sandbox.core import (
    Books,
    allocate_transaction,
    create_customer,
    create_one_off_invoice,
    import_bank_transaction,
    import_invoice,
)
from billing_sandbox.store import Store

NAMESPACE = "measure/links"
MARKS = (1, 10, 100, 1_000, 10_000)
WINDOW = 51  # writes timed around each mark (the median is printed)
RUNS = 3


class CountingRepository:
    """A Repository that adds up the size of the texts put through it."""

    def __init__(self, repo) -> None:
        self.repo, self.bytes_put = repo, 0

    def put(self, kind, record_id, record):
        self.bytes_put += len(json.dumps(record, separators=(",", ":")))
        self.repo.put(kind, record_id, record)

    def __getattr__(self, name):
        return getattr(self.repo, name)


def run(store: Store, write, children: int) -> dict[int, tuple[float, int]]:
    """{mark: (median seconds, bytes put)} for ``write(books)`` linking child after child."""
    ids = count(1)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    timings: dict[int, list[float]] = {}
    sizes: dict[int, int] = {}
    for n in range(1, children + 1):
        counting = n in MARKS  # that write is measured in bytes, not timed
        gc.disable()  # a collection would land on one write at random
        began = time.thread_time()
        with store.transaction(NAMESPACE) as repo:
            if counting:
                repo = CountingRepository(repo)
            write(Books(repo, lambda: now, lambda kind: f"{kind}_{next(ids)}"))
        took = time.thread_time() - began
        gc.enable()
        if counting:
            sizes[n] = repo.bytes_put
            continue
        for mark in MARKS:
            if mark - WINDOW // 2 <= n <= mark + WINDOW // 2:
                timings.setdefault(mark, []).append(took)
    return {mark: (statistics.median(timings[mark]), sizes[mark]) for mark in sizes}


def setup(store: Store) -> None:
    with store.transaction(NAMESPACE) as repo:
        books = Books(repo, lambda: datetime(2026, 11, 1, tzinfo=UTC), lambda kind: kind)
        create_customer(books, id="cus_1", name="Growing", currency="USD")
        import_invoice(books, id="inv_1", customer_id="cus_1", total=10**12, date="2026-11-01")
        import_bank_transaction(books, id="txn_1", amount=10**12, date="2026-11-01")


def allocation(books: Books) -> None:
    allocate_transaction(books, "inv_1", "txn_1", 1)


def charge(books: Books) -> None:
    create_one_off_invoice(books, customer_id="cus_1", amount=100, description="charge")


def main() -> None:
    durable = "--durable" in sys.argv
    with tempfile.TemporaryDirectory() as folder:
        for name, write, children in (("allocations (invoice + bank transaction)", allocation,
                                       1_000 + WINDOW),
                                      ("one-off invoices of a customer", charge,
                                       10_000 + WINDOW)):
            runs = []
            for run_number in range(RUNS):
                path = Path(folder) / f"{write.__name__}{run_number}.db" if durable else None
                store = Store.open(path)
                try:
                    setup(store)
                    runs.append(run(store, write, children))
                finally:
                    store.close()
            results = {mark: (min(r[mark][0] for r in runs), runs[0][mark][1])
                       for mark in runs[0]}
            print(f"{name}{' (durable store)' if durable else ''}:")
            first = results[1][0]
            for mark, (seconds, size) in results.items():
                print(f"  child {mark:>6,}: {seconds * 1e6:8.0f} µs CPU ({seconds / first:4.2f}x "
                      f"the 1st)  {size:>9,} bytes put")


if __name__ == "__main__":
    main()
