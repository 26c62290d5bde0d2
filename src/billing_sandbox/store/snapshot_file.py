"""The data file: every table as TinyDB's JSON storage would read it, replaced atomically.

The file is a plain TinyDB JSON document ({table: {id: record}}) plus one metadata table,
`_store`, recording the last commit it contains (so the commit log beside it can be replayed
from there) and a checksum. It is written one record per line, from the records' stored text:

    {
    "zenskar/demo:invoice":{
    "7a1c...":{"id":"7a1c...","status":"paid",...},
    "7a1d...":{...}
    },
    "_store":{"log":{"last_seq":42},"checksum":{"crc32":"0a1b2c3d"}}
    }

so that loading streams it line by line, keeping each record's text as it is (UTF-8 bytes):
no parse of the whole document, whose objects would take several times the file's size in
memory. Record ids and table names are written as ASCII JSON strings. The CRC-32
covers every byte before the `_store` line; when it does not match (a file edited by hand),
every record is parsed and checked instead. A file in any other layout (TinyDB's own, an older
store's, pretty-printed) is parsed as one JSON document.

It is written to a temporary file, fsynced, renamed over the old one, and the directory
fsynced: a reader finds the old file or the new one, never a mix. It is encoded a thousand
records at a time, so a compaction in the background lets request threads run in between.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from itertools import islice
from json.decoder import scanstring
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .. import codec
from .errors import StoreError
from .log import sync_directory
from .records import decode_record, encode_record

META_TABLE = "_store"
_RECORDS_PER_CHUNK = 1000


def write_snapshot(path: Path, tables: dict[str, dict[str, bytes]], last_seq: int) -> int:
    """Write the data file atomically and durably; its size in bytes."""
    temporary = path.with_name(path.name + ".tmp")
    crc = 0
    with open(temporary, "wb", buffering=1 << 20) as file:
        for data in _record_lines(tables):
            crc = zlib.crc32(data, crc)
            file.write(data)
        meta = {"log": {"last_seq": last_seq}, "checksum": {"crc32": f"{crc:08x}"}}
        file.write(_name(META_TABLE) + b":" + codec.encode(meta) + b"\n}\n")
        file.flush()
        os.fsync(file.fileno())
        size = file.tell()
    os.replace(temporary, path)
    sync_directory(path.parent)
    return size


def _record_lines(tables: dict[str, dict[str, bytes]]) -> Iterator[bytes]:
    """Everything before the `_store` line, in pieces."""
    yield b"{\n"
    for name, records in tables.items():
        if not records:
            continue
        yield _name(name) + b":{\n"
        items = iter(records.items())
        separator = b""
        while chunk := list(islice(items, _RECORDS_PER_CHUNK)):
            yield separator + b",\n".join(
                _name(record_id) + b":" + text for record_id, text in chunk
            )
            separator = b",\n"
        yield b"\n},\n"


def _name(name: str) -> bytes:
    return encode_basestring_ascii(name).encode()


class DataFile(NamedTuple):
    tables: dict[str, dict[str, bytes]]  # {table: {id: record text}}
    last_seq: int  # the last commit it holds
    size: int  # bytes
    as_written: bool  # False: edited since, or in another layout (worth writing again)


def read_snapshot(path: Path) -> DataFile:
    """The data file's contents; an absent or empty file is an empty store."""
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        return DataFile({}, 0, 0, as_written=True)
    with file:
        size = os.fstat(file.fileno()).st_size
        read = _read_lines(file) if file.read(2) == b"{\n" else None
        if read is None:
            file.seek(0)
            tables, meta = _read_document(path, file.read())
            read = tables, meta, not tables and not meta
    tables, meta, as_written = read
    try:
        last_seq = int(meta.get("log", {}).get("last_seq", 0))
    except (AttributeError, TypeError, ValueError):
        raise StoreError(f"{path}: its {META_TABLE} table is damaged: {meta!r}") from None
    return DataFile(tables, last_seq, size, as_written)


def _read_lines(file: BinaryIO) -> tuple[dict[str, dict[str, bytes]], dict, bool] | None:
    """The tables, metadata, and whether the checksum matched, of a file in the line layout
    (after its first line, `{`); None if the file is in another layout."""
    tables: dict[str, dict[str, bytes]] = {}
    crc = zlib.crc32(b"{\n")
    lines = iter(file)
    try:
        for raw in lines:
            name, value = _member(raw.decode())
            if value == "{":
                crc = _read_table(lines, tables.setdefault(name, {}), zlib.crc32(raw, crc))
            elif name == META_TABLE:
                meta = codec.decode(value)
                if not isinstance(meta, dict) or file.read() != b"}\n":
                    return None
                as_written = meta.get("checksum") == {"crc32": f"{crc:08x}"}
                if not as_written:
                    _check_records(tables.values())
                return tables, meta, as_written
            else:
                return None
    except ValueError:  # not UTF-8, not JSON, or not this layout
        return None
    return None


def _read_table(lines: Iterator[bytes], records: dict[str, bytes], crc: int) -> int:
    """Read the lines of one table's records, up to its end, into `records`; the CRC so far.
    The record texts are kept as they are: their UTF-8 is checked when the file's checksum
    does not match (_check_records)."""
    for line in lines:
        crc = zlib.crc32(line, crc)
        if line == b"},\n":
            return crc
        record_id, end = _record_id(line)
        if line[end : end + 2] != b":{" or line[-1:] != b"\n":
            raise ValueError("not a record line")
        records[record_id] = line[end + 1 : -2 if line[-2:-1] == b"," else -1]
    raise ValueError("the file ends inside a table")


def _record_id(line: bytes) -> tuple[str, int]:
    """The id a record line starts with (a JSON string), and the offset just after it."""
    if line[:1] != b'"':
        raise ValueError("not a record line")
    close = line.find(b'"', 1)
    if close > 0 and b"\\" not in line[1:close]:  # nothing escaped: the first quote ends it
        return line[1:close].decode(), close + 1
    text = line.decode()
    record_id, end = scanstring(text, 1)
    return record_id, len(text[:end].encode())


def _member(line: str) -> tuple[str, str]:
    """("name", "value") of a line `"name":value` (a newline after it, no comma)."""
    if line[:1] != '"' or line[-1:] != "\n":
        raise ValueError("not a member line")
    name, end = scanstring(line, 1)
    if line[end : end + 1] != ":":
        raise ValueError("not a member line")
    return name, line[end + 1 : -1]


def _check_records(tables: Iterable[dict[str, bytes]]) -> None:
    """Parse every record of a file whose checksum does not match (edited since written),
    and keep it in the store's own encoding."""
    for records in tables:
        for record_id, text in records.items():
            record = decode_record(text)
            if not isinstance(record, dict):
                raise ValueError(f"record {record_id!r} is not a JSON object")
            records[record_id] = encode_record(record)


def _read_document(path: Path, data: bytes) -> tuple[dict[str, dict[str, bytes]], dict]:
    """A data file in another layout, parsed as one JSON document."""
    if not data.strip():
        return {}, {}
    try:
        document = codec.decode(data)
    except ValueError as error:
        raise StoreError(f"{path} is not a JSON data file: {error}") from None
    del data
    if not isinstance(document, dict) or not all(
        isinstance(table, dict) for table in document.values()
    ):
        raise StoreError(f"{path} is not a TinyDB data file ({{table: {{id: record}}}})")
    meta = document.pop(META_TABLE, {})
    tables = {}
    for name in list(document):
        records = document.pop(name)
        try:
            tables[name] = {record_id: encode_record(r) for record_id, r in records.items()}
        except TypeError:
            raise StoreError(f"{path}: table {name!r} is not 'namespace:kind' records") from None
    return tables, meta
