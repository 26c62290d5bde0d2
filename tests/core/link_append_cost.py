"""What linking the n-th child costs, in process (a measurement, not a test: no timings are
asserted anywhere). Run: ``.venv/bin/python tests/core/link_append_cost.py [--durable]``.

Two growing parents, each write in its own store transaction, as a request would do it:
- an invoice and a bank transaction taking allocation after allocation (a DayZero payment);
- a customer taking one-off invoice after invoice (a Chargebee charge).
For the 1st, 10th, 100th, 1,000th (and 10,000th) child it prints the median time of a window
of writes and the bytes the transaction put (what the commit log receives). ``--durable``
keeps the store in a data file, so each commit also writes and fsyncs its log line.
"""

from __future__ import annotations

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
WINDOW = 21  # writes timed around each mark (the median is printed)


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
        began = time.perf_counter()
        with store.transaction(NAMESPACE) as repo:
            counting = CountingRepository(repo)
            write(Books(counting, lambda: now, lambda kind: f"{kind}_{next(ids)}"))
        took = time.perf_counter() - began
        for mark in MARKS:
            if mark - WINDOW // 2 <= n <= mark + WINDOW // 2:
                timings.setdefault(mark, []).append(took)
                if n == mark:
                    sizes[mark] = counting.bytes_put
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
            path = Path(folder) / f"{write.__name__}.db" if durable else None
            store = Store.open(path)
            try:
                setup(store)
                results = run(store, write, children)
            finally:
                store.close()
            print(f"{name}{' (durable store)' if durable else ''}:")
            first = results[1][0]
            for mark, (seconds, size) in results.items():
                print(f"  child {mark:>6,}: {seconds * 1e6:8.0f} µs  ({seconds / first:4.2f}x the "
                      f"1st)  {size:>9,} bytes put")


if __name__ == "__main__":
    main()
