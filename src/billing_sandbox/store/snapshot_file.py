"""The data file: every table as TinyDB's JSON storage would write it, replaced atomically.

The file is a plain TinyDB JSON document ({table: {id: record}}) plus one metadata table
recording the last commit it contains, so the commit log beside it can be replayed from there.
It is written to a temporary file, fsynced, renamed over the old one, and the directory fsynced:
a reader finds the old file or the new one, never a mix. It is encoded a few hundred records at
a time: json.dumps holds the GIL for a whole call, and compaction runs beside request threads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from .errors import StoreError
from .log import sync_directory

META_TABLE = "_store"
_META_ID = "log"


_RECORDS_PER_CHUNK = 200


def write_snapshot(path: Path, tables: dict[str, dict], last_seq: int) -> int:
    """Write the data file atomically and durably; its size in bytes."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb", buffering=1 << 20) as file:
        for chunk in _encode(tables, last_seq):
            file.write(chunk)
        file.flush()
        os.fsync(file.fileno())
        size = file.tell()
    os.replace(temporary, path)
    sync_directory(path.parent)
    return size


def _encode(tables: dict[str, dict], last_seq: int) -> Iterator[bytes]:
    """The JSON document {META_TABLE: ..., table: {id: record}}, in pieces."""
    yield b"{%b:%b" % (_json(META_TABLE), _json({_META_ID: {"last_seq": last_seq}}))
    for name, records in tables.items():
        yield b",%b:{" % _json(name)
        items = iter(records.items())
        separator = b""
        while chunk := dict(islice(items, _RECORDS_PER_CHUNK)):
            yield separator + _json(chunk)[1:-1]
            separator = b","
        yield b"}"
    yield b"}"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def read_snapshot(path: Path) -> tuple[dict[str, dict], int, int]:
    """(tables, last commit seq, size in bytes); an absent or empty file is an empty store."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, 0, 0
    if not data.strip():
        return {}, 0, len(data)
    try:
        document = json.loads(data)
    except ValueError as error:
        raise StoreError(f"{path} is not a JSON data file: {error}") from None
    if not isinstance(document, dict) or not all(
        isinstance(table, dict) for table in document.values()
    ):
        raise StoreError(f"{path} is not a TinyDB data file ({{table: {{id: record}}}})")
    meta = document.pop(META_TABLE, {}).get(_META_ID, {})
    return document, int(meta.get("last_seq", 0)), len(data)
