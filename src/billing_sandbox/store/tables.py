"""TinyDB tables of records, one per (namespace, kind), changed in place.

TinyDB's MemoryStorage hands out its live dict ({table: {id: document}}), so reading a document
by id is one dict lookup; each document is the record's compact JSON text as UTF-8 bytes
(records.py), read and written by the store directly, without TinyDB's Document wrapper.
What is O(n) in stock TinyDB is `Table._update_table`: it copies the whole table and writes
every table back on each change; RecordTable.apply changes the live dict instead, so a change
costs what it touches. Document ids are the records' own string ids. TinyDB's reading methods
(get, search, all, count) still work and see decoded records; its writing methods are
refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import NoReturn

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from .records import decode_record

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
    """A table whose documents are kept as JSON text (records.py): the store reads and writes
    the text itself; TinyDB's own reads (get, search, all, count) see the decoded records."""

    document_id_class = str

    def text(self, record_id: str) -> bytes | None:
        """The stored text of a record, or None."""
        return self._live().get(record_id)

    def apply(self, changes: Mapping[str, bytes | None]) -> None:
        """Put each record text, or delete the record where the change is None; a replaced
        record keeps its place."""
        tables = self._storage.read()
        table = tables.setdefault(self.name, {})
        for record_id, text in changes.items():
            if text is None:
                table.pop(record_id, None)
            else:
                table[record_id] = text
        if not table:
            del tables[self.name]
        if self._query_cache:  # results of TinyDB searches
            self.clear_cache()

    def ids(self) -> list[str]:
        """Record ids in insertion order (a dict keeps it; a replaced record keeps its place)."""
        return list(self._live())

    def __contains__(self, record_id: str) -> bool:
        return record_id in self._live()

    def _live(self) -> dict[str, bytes]:
        return self._storage.read().get(self.name, _EMPTY)

    def _read_table(self) -> Mapping[str, dict]:
        return _Decoded(self._live())

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        _refuse_writes()

    def _get_next_id(self) -> str:  # what TinyDB's insert asks first
        _refuse_writes()


def _refuse_writes() -> NoReturn:
    raise TypeError("records change only through Store transactions (TinyDB reads only)")


_EMPTY: dict[str, bytes] = {}


class _Decoded(Mapping):
    """Record texts seen as the records they encode (for TinyDB's reading methods)."""

    def __init__(self, texts: dict[str, bytes]) -> None:
        self._texts = texts

    def __getitem__(self, record_id: str) -> dict:
        return decode_record(self._texts[record_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


class RecordDatabase(TinyDB):
    table_class = RecordTable
    default_storage_class = MemoryStorage

    def live_tables(self) -> dict[str, dict[str, bytes]]:
        """The storage's own dict of tables of record texts: read it under the store lock, never
        change it."""
        tables = self.storage.read()
        if tables is None:
            tables = {}
            self.storage.write(tables)
        return tables
