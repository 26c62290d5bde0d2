"""TinyDB tables of records, one per (namespace, kind), changed in place.

TinyDB's MemoryStorage already hands out its live dict, so reading a document by id is one dict
lookup. What is O(n) in stock TinyDB is `Table._update_table`: it copies the whole table to
convert ids and writes every table back on each change. RecordTable runs the same updaters on
the live dict instead, so a change costs what it touches. Document ids are the records' own
string ids; there is no generated id, so `insert` without a Document id is not used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

SEPARATOR = ":"


def table_name(namespace: str, kind: str) -> str:
    """The TinyDB table holding one kind of record of one namespace: "zenskar/demo:invoice"."""
    return f"{namespace}{SEPARATOR}{kind}"


def split_table_name(name: str) -> tuple[str, str] | None:
    """(namespace, kind), or None for a table that holds no records (such as metadata)."""
    namespace, separator, kind = name.rpartition(SEPARATOR)
    if not separator or not namespace or not kind:
        return None
    return namespace, kind


def check_namespace(namespace: str) -> None:
    if not isinstance(namespace, str) or not namespace:
        raise ValueError(f"namespace must be a non-empty string: {namespace!r}")


def check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not kind or SEPARATOR in kind:
        raise ValueError(f"kind must be a non-empty string without {SEPARATOR!r}: {kind!r}")


def check_record_id(record_id: str) -> None:
    if not isinstance(record_id, str) or not record_id:
        raise ValueError(f"record id must be a non-empty string: {record_id!r}")


def covers(prefix: str | None, namespace: str) -> bool:
    """Whether a prefix ("zenskar", "zenskar/demo" or None for all) covers a namespace."""
    return prefix is None or namespace == prefix or namespace.startswith(prefix + "/")


class RecordTable(Table):
    document_id_class = str

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
            self._storage.write(tables)
        table = tables.setdefault(self.name, {})
        try:
            updater(table)
        finally:
            if not table:
                del tables[self.name]
            self.clear_cache()

    def apply(self, changes: Mapping[str, dict | None]) -> None:
        """Put each record, or delete it where the change is None; records keep their place."""

        def updater(table: dict) -> None:
            for doc_id, record in changes.items():
                if record is None:
                    table.pop(doc_id, None)
                else:
                    table[doc_id] = record

        self._update_table(updater)

    def ids(self) -> list[str]:
        """Document ids in insertion order (a dict keeps it; a replaced record keeps its place)."""
        return list(self._read_table())


class RecordDatabase(TinyDB):
    table_class = RecordTable
    default_storage_class = MemoryStorage

    def live_tables(self) -> dict[str, dict[str, dict]]:
        """The storage's own dict of tables: read it under the store lock, never change it."""
        tables = self.storage.read()
        if tables is None:
            tables = {}
            self.storage.write(tables)
        return tables
