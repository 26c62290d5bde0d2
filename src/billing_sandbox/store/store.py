"""Store: namespaced records in TinyDB, changed only by whole transactions under one lock."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.repository import Repository
from .deferred import PENDING, DeferredDurability
from .errors import StoreError
from .journal import DEFAULT_COMPACT_AFTER_BYTES, Journal
from .records import decode_record, encode_record
from .tables import (
    RecordDatabase,
    check_kind,
    check_namespace,
    check_record_id,
    covers,
    split_table_name,
    table_name,
)
from .transaction import Transaction


class Store:
    """All records of all namespaces ("vendor/tenant"), by kind and id.

    One lock serializes transactions and the whole-store operations, so a read-modify-write
    inside a transaction cannot interleave with another. A commit returns once it is on disk.
    """

    def __init__(self, database: RecordDatabase, journal: Journal | None) -> None:
        self._database = database
        self._journal = journal
        self._lock = threading.Lock()
        self._lock_owner: int | None = None
        self._closed = False

    @classmethod
    def open(
        cls, path: Path | str | None, *, compact_after_bytes: int = DEFAULT_COMPACT_AFTER_BYTES
    ) -> Store:
        """A store in memory (path None), or kept in the data file `path` and `path`.log.

        The log is compacted into the data file once it is larger than both half the data file
        and `compact_after_bytes`, and on close.
        """
        database = RecordDatabase()
        if path is None:
            database.storage.write({})
            return cls(database, None)
        with _garbage_collection_paused():
            journal, tables, replay = Journal.open(Path(path), compact_after_bytes)
            try:
                for name in tables:
                    if split_table_name(name) is None:
                        raise StoreError(f"{path}: table {name!r} is not 'namespace:kind' records")
                database.storage.write(tables)
                store = cls(database, journal)
                for entry in replay:
                    store._apply(entry)
            except BaseException:
                journal.abandon()
                raise
        return store

    @contextmanager
    def transaction(self, namespace: str) -> Iterator[Repository]:
        """A Repository of one namespace; its writes commit together at the end of the block.

        On an exception nothing is written. The lock is held for the whole block: keep it short
        and do not open another transaction inside it (that raises StoreError).
        """
        check_namespace(namespace)
        with self._locked():
            repository = Transaction(self._database, namespace)
            try:
                yield repository
            except BaseException:
                repository.discard()
                raise
            changes = repository.changes()
            ticket = self._commit({"tables": changes}) if changes else self._last_ticket()
        self._wait_durable(ticket)

    @contextmanager
    def deferring_durability(self) -> Iterator[DeferredDurability]:
        """Inside the block, transactions and reads of this store return without waiting for
        the disk; await the yielded object's ``durable()`` before acknowledging what they did
        (see deferred.py). For callers on an event loop."""
        pending = DeferredDurability(self._journal)
        token = PENDING.set(pending)
        try:
            yield pending
        finally:
            PENDING.reset(token)

    def snapshot(self, namespace_prefix: str | None = None) -> dict:
        """{namespace: {kind: {id: record}}} of every namespace the prefix covers, copied."""
        _check_prefix(namespace_prefix)
        result: dict[str, dict[str, dict]] = {}
        with self._locked():
            for name, records in self._database.live_tables().items():
                namespace, kind = split_table_name(name)
                if covers(namespace_prefix, namespace):
                    result.setdefault(namespace, {})[kind] = {
                        record_id: decode_record(text) for record_id, text in records.items()
                    }
            ticket = self._last_ticket()
        self._wait_durable(ticket)
        return result

    def restore(self, data: dict, namespace_prefix: str | None = None) -> None:
        """Replace all that the prefix covers by `data` (shaped like snapshot), in one commit."""
        _check_prefix(namespace_prefix)
        tables = _tables_of(data, namespace_prefix)
        with self._locked():
            ticket = self._commit({"clear": namespace_prefix, "tables": tables})
        self._wait_durable(ticket)

    def clear(self, namespace_prefix: str | None = None) -> None:
        """Delete every record of every namespace the prefix covers, in one commit."""
        _check_prefix(namespace_prefix)
        with self._locked():
            if not any(covers(namespace_prefix, namespace) for namespace in self._namespaces()):
                return
            ticket = self._commit({"clear": namespace_prefix, "tables": {}})
        self._wait_durable(ticket)

    def is_empty(self) -> bool:
        with self._locked():
            return not self._database.live_tables()

    def namespaces(self) -> list[str]:
        """Namespaces holding at least one record, sorted."""
        with self._locked():
            return sorted(self._namespaces())

    def count(self, namespace: str, kind: str) -> int:
        check_namespace(namespace)
        check_kind(kind)
        with self._locked():
            return len(self._database.live_tables().get(table_name(namespace, kind), ()))

    def compact(self) -> None:
        """Write the whole state as the data file and empty the log (no-op in memory)."""
        with self._locked():
            if self._journal is not None:
                self._journal.compact(self._database.live_tables())

    def close(self) -> None:
        """Compact and release the files; later calls raise StoreError. Closing twice is fine."""
        if self._lock_owner == threading.get_ident():
            raise StoreError("cannot close the store inside one of its transactions")
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if self._journal is not None:
                    self._journal.close(self._database.live_tables())
            finally:
                self._database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Under the lock.

    def _commit(self, entry: dict) -> int:
        """Log the entry (unless in memory), then apply it; the ticket to wait for."""
        ticket = self._journal.append(entry) if self._journal is not None else 0
        self._apply(entry)
        if self._journal is not None:
            self._journal.compact_if_due(self._database.live_tables())
        return ticket

    def _apply(self, entry: dict) -> None:
        if "clear" in entry:
            prefix = entry["clear"]
            for name in list(self._database.live_tables()):
                if covers(prefix, split_table_name(name)[0]):
                    self._database.drop_table(name)
        for name, changes in entry["tables"].items():
            self._database.table(name).apply(changes)

    def _namespaces(self) -> set[str]:
        return {split_table_name(name)[0] for name in self._database.live_tables()}

    def _last_ticket(self) -> int:
        return self._journal.last_ticket if self._journal is not None else 0

    # Around the lock.

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self._lock_owner == threading.get_ident():
            raise StoreError("the store is already in use by this thread (nested transaction?)")
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            self._lock_owner = threading.get_ident()
            try:
                yield
            finally:
                self._lock_owner = None

    def _wait_durable(self, ticket: int) -> None:
        """Return once what this caller wrote or read is on disk (group commit, no lock held);
        inside deferring_durability, only note the ticket."""
        if self._journal is None or not ticket:
            return
        pending = PENDING.get()
        if pending is not None and pending.journal is self._journal:
            pending.depend_on(ticket)
        else:
            self._journal.wait_durable(ticket)


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """Loading creates millions of objects and no garbage: the collector would only rescan
    them over and over (about a third of the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_prefix(prefix: str | None) -> None:
    if prefix is not None:
        check_namespace(prefix)


def _tables_of(data: dict, prefix: str | None) -> dict[str, dict[str, bytes]]:
    """The tables of snapshot-shaped data, encoded, all inside the prefix."""
    if not isinstance(data, dict):
        raise TypeError("data must be {namespace: {kind: {id: record}}}")
    tables = {}
    for namespace, kinds in data.items():
        check_namespace(namespace)
        if not covers(prefix, namespace):
            raise ValueError(f"namespace {namespace!r} is outside the prefix {prefix!r}")
        if not isinstance(kinds, dict):
            raise TypeError(f"data[{namespace!r}] must be {{kind: {{id: record}}}}")
        for kind, records in kinds.items():
            check_kind(kind)
            if not isinstance(records, dict):
                raise TypeError(f"data[{namespace!r}][{kind!r}] must be {{id: record}}")
            for record_id in records:
                check_record_id(record_id)
            if records:
                tables[table_name(namespace, kind)] = {
                    record_id: encode_record(record) for record_id, record in records.items()
                }
    return tables
