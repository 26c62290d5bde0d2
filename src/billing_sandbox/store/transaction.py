"""The Repository handed out by Store.transaction: reads through to the tables, buffers writes.

Writes wait in a per-kind overlay ({id: record text, or None for a deletion}) until the block
ends; reads see the overlay first and decode the text, so every read is a fresh copy. A view
is a read for reading only (shaping an answer or an event): decoded once and shared until the
record is written again, so a record shaped several times in one call is decoded once. The store
applies the overlay as one commit, or drops it on an exception. A record put again keeps its
place in `ids`; a new one goes last.
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import StoreError
from .records import decode_record, encode_record
from .tables import RecordDatabase, RecordTable, check_kind, check_record_id, table_name

CLOSED = "this transaction is over: use the repository inside its block"


class Transaction:
    """Implements core.repository.Repository for one namespace while the store lock is held."""

    def __init__(self, database: RecordDatabase, namespace: str) -> None:
        self._database = database
        self._namespace = namespace
        self._pending: dict[str, dict[str, bytes | None]] = {}
        self._views: dict[tuple[str, str], dict] = {}
        self._open = True

    def get(self, kind: str, record_id: str) -> dict | None:
        if not self._open:
            raise StoreError(CLOSED)
        pending = self._pending.get(kind)  # the hot path: no checks a lookup does not need
        if pending is not None and record_id in pending:
            text = pending[record_id]
        else:
            text = self._table(kind).text(record_id)
        return None if text is None else decode_record(text)

    def view(self, kind: str, record_id: str) -> dict | None:
        """The record as ``get`` reads it, shared by every view of it until it is written
        again: never change it."""
        key = (kind, record_id)
        record = self._views.get(key)
        if record is None:
            record = self.get(kind, record_id)
            if record is not None:
                self._views[key] = record
        return record

    def put(self, kind: str, record_id: str, record: dict) -> None:
        self._pending_of(kind, record_id)[record_id] = encode_record(record)
        if self._views:
            self._views.pop((kind, record_id), None)

    def delete(self, kind: str, record_id: str) -> None:
        pending = self._pending_of(kind, record_id)
        self._views.pop((kind, record_id), None)
        if record_id in self._table(kind):
            pending[record_id] = None
        else:
            pending.pop(record_id, None)

    def ids(self, kind: str) -> Iterator[str]:
        stored = self._table(kind).ids()
        pending = self._pending_of(kind)
        if not pending:
            return iter(stored)
        kept = [i for i in stored if i not in pending or pending[i] is not None]
        present = set(stored)
        added = [i for i, record in pending.items() if record is not None and i not in present]
        return iter(kept + added)

    def count(self, kind: str) -> int:
        table = self._table(kind)
        total = len(table)
        for record_id, record in self._pending_of(kind).items():
            if record is None:
                total -= 1  # only stored records are marked deleted
            elif record_id not in table:
                total += 1
        return total

    def changes(self) -> dict[str, dict[str, bytes | None]]:
        """{table name: {id: record text or None}} for every kind written to; ends the
        transaction."""
        self._open = False
        return {
            table_name(self._namespace, kind): pending
            for kind, pending in self._pending.items()
            if pending
        }

    def discard(self) -> None:
        self._open = False
        self._pending = {}
        self._views = {}

    def _table(self, kind: str) -> RecordTable:
        return self._database.table(table_name(self._namespace, kind))

    def _pending_of(self, kind: str, record_id: str | None = None) -> dict[str, bytes | None]:
        if not self._open:
            raise StoreError(CLOSED)
        check_kind(kind)
        if record_id is not None:
            check_record_id(record_id)
        return self._pending.setdefault(kind, {})
