"""An append-only file of commits, one JSON line each, acknowledged once fsynced.

Line format: 8 hex digits of CRC-32, a space, the JSON entry, a newline. An entry is
{"seq": n, "clear": prefix (optional), "tables": {table: {id: record or null}}}: each record
is its stored text (records.py) written into the line as it is (msgspec's Raw), so writing a
line copies texts and escapes nothing, and reading one back finds where each record ends
without building its objects. Earlier versions wrote each record as a JSON string holding
its text; such lines are read too (the string is decoded once). On open, entries are read up
to the first line that is incomplete or fails its checksum; the file is cut there, since
such a line was being written when the process died and was never acknowledged.

Appends are serialized by the caller (the store lock); durability is waited for outside that
lock. Group commit: one thread runs fdatasync for everything appended so far while the others
wait; those that appended during that fsync share the next one. Tickets are byte counts since
open, so they stay ordered when the file is emptied by compaction.

Appending only queues the line: the thread that syncs writes everything queued, then runs
fdatasync, so a committing caller never waits for the disk (a write to a file being fsynced
waits for that fsync on Linux). A caller that must not block (an event loop) asks
``when_durable`` instead of ``wait_durable``: a syncer thread, started on first use, takes
part in the same group commit and calls it back.
"""

from __future__ import annotations

import io
import json
import logging
import os
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

import msgspec

from .. import codec
from .errors import StoreError
from .records import encode_record

logger = logging.getLogger(__name__)
# Called once what a ticket covers is on disk (None) or can no longer be (the error).
Settled = Callable[[BaseException | None], None]
_sync_data = getattr(os, "fdatasync", os.fsync)


def encode_line(entry: dict) -> bytes:
    """One line for an entry whose records are texts (None for a deletion)."""
    tables = {
        name: {record_id: None if text is None else codec.Raw(text)
               for record_id, text in changes.items()}
        for name, changes in entry["tables"].items()
    }
    payload = codec.encode({**entry, "tables": tables})
    return b"%08x %b\n" % (zlib.crc32(payload), payload)


class _Entry(msgspec.Struct):
    """A line as read: the records stay encoded (Raw) until the entry is applied."""

    tables: dict[str, dict[str, codec.Raw]]
    seq: int | None = None
    clear: str | None | msgspec.UnsetType = msgspec.UNSET


_read_entry = msgspec.json.Decoder(_Entry).decode


def decode_line(payload: bytes | memoryview) -> dict:
    """The entry of a line's JSON (checksum and newline off), records as their texts."""
    try:
        read = _read_entry(payload)
    except msgspec.DecodeError:  # a record holding a lone surrogate ("\ud800"): msgspec
        return _decode_line_slowly(payload)  # refuses it, the standard library does not
    entry: dict = {"seq": read.seq}
    if read.clear is not msgspec.UNSET:
        entry["clear"] = read.clear
    entry["tables"] = {name: {record_id: _record_text(raw) for record_id, raw in changes.items()}
                       for name, changes in read.tables.items()}
    return entry


def _decode_line_slowly(payload: bytes | memoryview) -> dict:
    entry = json.loads(bytes(payload))
    for changes in entry["tables"].values():
        for record_id, record in changes.items():
            if isinstance(record, str):  # written by an earlier version
                record = json.loads(record)
            changes[record_id] = None if record is None else encode_record(record)
    return entry


def _record_text(raw: codec.Raw) -> bytes | None:
    text = bytes(raw)
    if text == b"null":
        return None
    if text[:1] == b'"':  # written by an earlier version: the text as a JSON string
        return codec.decode(text).encode()
    return text


def whole_lines_length(data: bytes) -> int:
    """How many leading bytes are whole lines with a good checksum; the rest is a torn tail."""
    return _whole_length(io.BytesIO(data))


def iter_entries(data: bytes) -> Iterator[dict]:
    """The entries of whole, checked lines (see whole_lines_length), decoded one at a time."""
    return _entries(io.BytesIO(data), len(data))


def _whole_line(line: bytes) -> bool:
    """A line (newline included) that is whole and passes its checksum."""
    if len(line) < 11 or line[-1:] != b"\n" or line[8:9] != b" ":
        return False
    try:
        return int(line[:8], 16) == zlib.crc32(memoryview(line)[9:-1])
    except ValueError:
        return False


def _whole_length(file: BinaryIO) -> int:
    length = 0
    for line in file:
        if not _whole_line(line):
            break
        length += len(line)
    return length


def _entries(file: BinaryIO, length: int) -> Iterator[dict]:
    """The entries of the first ``length`` bytes of a file of whole lines, read a line at a
    time (a log is never held in memory whole)."""
    read = 0
    for line in file:
        read += len(line)
        if read > length:
            return
        yield decode_line(memoryview(line)[9:-1])


def read_whole_entries(path: Path) -> Iterator[dict]:
    """The entries of a log that is no longer written to (empty if it does not exist)."""
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        return iter(())
    with file:
        length = _whole_length(file)
    return _file_entries(path, length)


def _file_entries(path: Path, length: int) -> Iterator[dict]:
    with open(path, "rb") as file:
        yield from _entries(file, length)


def sync_directory(directory: Path) -> None:
    """Make a created, renamed or removed name in the directory durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _Rotation(NamedTuple):
    """In the write queue: rename the file here and go on in a new one."""

    old_path: Path


class CommitLog:
    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self._fd = fd
        self.size = size  # bytes in the file
        self._appended = 0  # bytes appended since open: the tickets
        self._durable = 0
        self._syncing = False
        self._failure: BaseException | None = None
        self._done = threading.Condition()
        self._waiters: list[tuple[int, Settled]] = []
        self._syncer: threading.Thread | None = None
        self._queued: list[bytes | _Rotation] = []  # appended lines not yet written
        self._written = size  # bytes in the file that are whole, written lines

    @classmethod
    def open(cls, path: Path) -> tuple[CommitLog, Iterator[dict]]:
        """Open (or create) the log, cut a torn tail, and return it with its entries (read
        from the file as they are taken)."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            size = os.fstat(fd).st_size
            with open(path, "rb") as file:
                valid = _whole_length(file)
            if valid < size:
                logger.warning(
                    "%s: ignoring %d bytes after the last whole commit (never acknowledged)",
                    path,
                    size - valid,
                )
                os.ftruncate(fd, valid)
                os.fsync(fd)
            sync_directory(path.parent)
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, valid), _file_entries(path, valid)

    def append(self, entry: dict) -> int:
        """Queue one entry (not yet written nor durable); the ticket to pass to wait_durable."""
        line = encode_line(entry)
        with self._done:
            self._check()
            self._queued.append(line)
            self.size += len(line)
            self._appended += len(line)
            return self._appended

    @property
    def failed(self) -> bool:
        """Whether a write or fsync failed: nothing appended since can become durable."""
        return self._failure is not None and not isinstance(self._failure, StoreError)

    @property
    def last_ticket(self) -> int:
        """The ticket of everything appended so far (what a reader may have seen)."""
        return self._appended

    def wait_durable(self, ticket: int) -> None:
        """Return once everything up to the ticket is on disk, sharing fsyncs between threads."""
        with self._done:
            while self._durable < ticket:
                self._check()
                if self._syncing:
                    self._done.wait()
                else:
                    self._sync_appended()

    def when_durable(self, ticket: int, settled: Settled) -> bool:
        """Without blocking: False if the ticket is already durable; else True, and
        ``settled`` is called (from the syncer thread) once it is, or with the error that
        stops it from ever being."""
        with self._done:
            self._check()
            if self._durable >= ticket:
                return False
            self._waiters.append((ticket, settled))
            if self._syncer is None:
                self._syncer = threading.Thread(target=self._sync_for_waiters,
                                                name="commit-log-syncer", daemon=True)
                self._syncer.start()
            self._done.notify_all()
        return True

    def _sync_appended(self) -> None:
        """Write what is queued, then one fdatasync of all appended so far; called with the
        condition held, which is released meanwhile so that appends and other waiters go on."""
        self._syncing = True
        target = self._appended
        queued, self._queued = self._queued, []
        self._done.release()
        try:
            self._write_queued(queued)
            _sync_data(self._fd)
        except OSError as error:
            self._failure = error
        finally:
            self._done.acquire()
            self._syncing = False
            self._done.notify_all()
        if self._failure is None:
            self._durable = max(self._durable, target)

    def _write_queued(self, queued: list[bytes | _Rotation]) -> None:
        lines: list[bytes] = []
        for item in queued:
            if isinstance(item, _Rotation):
                self._write(b"".join(lines))
                lines = []
                self._rotate(item.old_path)
            else:
                lines.append(item)
        self._write(b"".join(lines))

    def _rotate(self, old_path: Path) -> None:
        """What is written becomes durable under ``old_path``; writing goes on in a new
        file, whose name is durable before anything is written to it."""
        _sync_data(self._fd)
        os.replace(self.path, old_path)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        sync_directory(self.path.parent)
        os.close(self._fd)
        self._fd, self._written = fd, 0

    def _write(self, data: bytes) -> None:
        """Append whole lines; on an error, cut any part written (no torn line for later
        lines to follow) and raise."""
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:
            try:
                os.ftruncate(self._fd, self._written)
            except OSError:
                pass
            raise
        self._written += len(data)

    def _sync_for_waiters(self) -> None:
        with self._done:
            while True:
                if self._failure is not None:
                    self._settle(self._failure, None)
                    return
                if not self._waiters or self._syncing:
                    self._done.wait()
                    continue
                if self._durable < max(ticket for ticket, _ in self._waiters):
                    self._sync_appended()
                if self._failure is None:
                    self._settle(None, self._durable)

    def _settle(self, error: BaseException | None, up_to: int | None) -> None:
        """Call back the waiters whose ticket is up to ``up_to`` (all if None); called with
        the condition held, which is released meanwhile."""
        due = [s for ticket, s in self._waiters if up_to is None or ticket <= up_to]
        if not due:
            return
        self._waiters = [(t, s) for t, s in self._waiters if up_to is not None and t > up_to]
        if isinstance(error, OSError):
            error = _untrusted(error)
        self._done.release()
        try:
            for settled in due:
                try:
                    settled(error)
                except Exception:  # a waiter's bug must not stop the others' answers
                    logger.exception("durability callback failed")
        finally:
            self._done.acquire()

    def rotate(self, old_path: Path) -> int:
        """From now on, append to a new, empty file; what was appended so far goes to the
        current one, renamed ``old_path``. Call with appends stopped. The files change when
        the queue is next written (by whoever waits for durability): the ticket returned is
        durable once they have, so that no caller blocks on the disk here."""
        with self._done:
            self._check()
            self._queued.append(_Rotation(old_path))
            self.size = 0
            return self._appended

    def empty(self) -> None:
        """Drop every entry: call with appends stopped, once a snapshot holds them durably."""
        with self._done:
            while self._syncing:  # a write of queued lines would land after the cut
                self._done.wait()
            self._queued = []
            self._durable = self._appended
            self._done.notify_all()
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)
            self.size = self._written = 0

    def close(self) -> None:
        with self._done:
            while self._syncing:
                self._done.wait()
            os.close(self._fd)
            self._failure = StoreError("the store is closed")
            self._done.notify_all()
        if self._syncer is not None and self._syncer is not threading.current_thread():
            self._syncer.join()

    def _check(self) -> None:
        if self._failure is not None:
            if isinstance(self._failure, StoreError):
                raise self._failure
            raise _untrusted(self._failure)


def _untrusted(error: OSError) -> StoreError:
    return StoreError(f"the commit log can no longer be trusted: {error}")
