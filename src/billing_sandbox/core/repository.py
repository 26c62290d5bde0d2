"""What the ledger needs from storage: records by kind and id, inside one transaction.

The store implements this protocol. Reads and writes by id are O(1); there is no query by
field, so records that must be found together keep each other's ids (a payment names its
invoice; an invoice keeps its payments' ids, see core.links). Everything done through one
Repository object commits atomically or not at all.

The ledger's kinds are the constants of core.books (customer, invoice, payment, ...) plus
"counter" (one record per sequence, e.g. {"id": "invoice_number", "value": 7}) and "link"
(pages of child ids, core.links). Records are JSON-ready dicts: str, int, bool, None, lists
and dicts only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class Repository(Protocol):
    def get(self, kind: str, record_id: str) -> dict | None:
        """A copy of the record, or None."""

    def view(self, kind: str, record_id: str) -> dict | None:
        """The record for reading only (never change it), or None: the same object for every
        view of it until the record is put or deleted again (a store decodes it once)."""

    def put(self, kind: str, record_id: str, record: dict) -> None:
        """Create or replace the record (visible to later gets of this transaction)."""

    def delete(self, kind: str, record_id: str) -> None:
        """Remove the record if present."""

    def ids(self, kind: str) -> Iterator[str]:
        """Ids of every record of this kind, oldest first (for listings)."""

    def count(self, kind: str) -> int:
        """How many records of this kind."""
