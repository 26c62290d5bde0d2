"""Durability for an in-memory database: a data file (snapshot) plus commit logs beside it.

Files, for a data file `data.json`: `data.json.log` (commits since the data file),
`data.json.log.old` (while a compaction runs: the commits it is folding in), `data.json.lock`
(held by the open store, so a second process cannot open the same files).

Every commit is numbered and appended to the log. When the log grows past half the data file
(and a floor, so small stores do not rewrite constantly), the log is renamed `.log.old`, a new
one is started, and a thread writes a copy of the tables as of that moment as the new data
file, then deletes `.log.old`: commits go on meanwhile. A shallow copy is enough because stored
records (texts) are never changed in place, only replaced. Loading replays `.log.old` then
`.log`, skipping the commits the data file already holds (by number), so a crash at any step
loses nothing.

So the files stay bounded under any number of updates: the logs hold at most about the size of
the data file (half of it before a compaction starts, as much again while it runs), and the
data file holds each record once. Half rather than all of it keeps the replay after a crash
short (replaying a log costs more per byte than loading the data file) at the price of
rewriting the data file twice as often.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from .errors import StoreError
from .log import CommitLog, Settled, read_whole_entries, sync_directory
from .snapshot_file import DataFile, read_snapshot, write_snapshot

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no guard against a second process
    fcntl = None

logger = logging.getLogger(__name__)
# The floor: a small store's log grows to 64 MiB before it is folded into the data file. A
# replay reads ~200 MB of log a second, so a restart after a crash costs at most ~0.3 s more,
# and a busy small store compacts every minute or so instead of every second or two (each
# compaction fsyncs and renames files, and its writer competes for the interpreter).
DEFAULT_COMPACT_AFTER_BYTES = 64 << 20


class Journal:
    def __init__(
        self,
        path: Path,
        lock_fd: int,
        log: CommitLog,
        data_file: DataFile,
        compact_after_bytes: int,
    ) -> None:
        self.path = path
        self._lock_fd = lock_fd
        self._log = log
        self._last_seq = data_file.last_seq
        self._compact_after_bytes = compact_after_bytes
        self._compact_above = 0
        self._wrote_data_file(data_file.size)
        self._rewrite_on_close = not data_file.as_written
        self._old_log = _beside(path, ".log.old")
        self._compactor: threading.Thread | None = None

    @classmethod
    def open(
        cls, path: Path, compact_after_bytes: int = DEFAULT_COMPACT_AFTER_BYTES
    ) -> tuple[Journal, dict[str, dict], Iterator[dict]]:
        """The journal, the tables of the data file, and the log entries to apply to them in
        order (decoded one by one: the caller applies each before the next is read)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lock_fd = _lock(_beside(path, ".lock"))
        try:
            log, entries = CommitLog.open(_beside(path, ".log"))
        except BaseException:
            os.close(lock_fd)
            raise
        try:
            data_file = read_snapshot(path)
        except BaseException:
            log.close()
            os.close(lock_fd)
            raise
        journal = cls(path, lock_fd, log, data_file, compact_after_bytes)
        older = read_whole_entries(journal._old_log)
        return journal, data_file.tables, journal._newer_than_snapshot(chain(older, entries))

    def _newer_than_snapshot(self, entries: Iterator[dict]) -> Iterator[dict]:
        """Skip what the data file already holds (a crash before a compaction cleaned up)."""
        for entry in entries:
            seq = entry.get("seq")
            if isinstance(seq, int) and seq <= self._last_seq:
                continue
            if seq != self._last_seq + 1:
                raise StoreError(
                    f"the log of {self.path} continues at commit {seq} but the data file ends "
                    f"at commit {self._last_seq}: the files do not belong together"
                )
            self._last_seq = seq
            yield entry

    # All methods below are called with the store lock held.

    def append(self, entry: dict) -> int:
        """Number and log one commit; the ticket for wait_durable."""
        ticket = self._log.append({"seq": self._last_seq + 1, **entry})
        self._last_seq += 1
        return ticket

    @property
    def last_ticket(self) -> int:
        return self._log.last_ticket

    def wait_durable(self, ticket: int) -> None:
        """Does not need the store lock: this is where committing threads meet (group commit)."""
        self._log.wait_durable(ticket)

    def when_durable(self, ticket: int, settled: Settled) -> bool:
        """wait_durable without blocking (see CommitLog.when_durable)."""
        return self._log.when_durable(ticket, settled)

    def compact_if_due(self, tables: dict[str, dict]) -> None:
        """Start a compaction in the background once the log outgrows half the data file."""
        if self._log.size <= self._compact_above:
            return
        if self._compactor is not None and self._compactor.is_alive():
            return
        if self._old_log.exists():  # an earlier compaction failed: retry, in the foreground
            try:
                self.compact(tables)
            except (OSError, StoreError) as error:
                logger.warning("%s: compaction failed, the logs keep all: %s", self.path, error)
                self._compact_above = 2 * self._log.size  # retry once the log has doubled
            return
        rotated = self._log.rotate(self._old_log)
        frozen = {name: dict(records) for name, records in tables.items()}
        self._compactor = threading.Thread(
            target=self._write_in_background,
            args=(frozen, self._last_seq, rotated),
            name="store-compaction",
            daemon=True,
        )
        self._compactor.start()

    def _write_in_background(self, tables: dict[str, dict], last_seq: int,
                             rotated: int) -> None:
        try:
            self._log.wait_durable(rotated)  # the old log is complete and renamed
            self._wrote_data_file(write_snapshot(self.path, tables, last_seq))
            self._old_log.unlink()
            sync_directory(self.path.parent)
        except (OSError, StoreError) as error:
            logger.warning("%s: compaction failed, the logs keep all: %s", self.path, error)

    def compact(self, tables: dict[str, dict]) -> None:
        """Write all tables as the data file and drop the logs, now."""
        self._wait_for_compactor()
        self._wrote_data_file(write_snapshot(self.path, tables, self._last_seq))
        self._rewrite_on_close = False
        if self._old_log.exists():
            self._old_log.unlink()
            sync_directory(self.path.parent)
        self._log.empty()

    def _wrote_data_file(self, size: int) -> None:
        self._compact_above = max(self._compact_after_bytes, size // 2)

    def abandon(self) -> None:
        """Release the files without writing anything."""
        self._log.close()
        os.close(self._lock_fd)

    def close(self, tables: dict[str, dict]) -> None:
        """Fold the logs into the data file, unless the log failed: the tables may then hold
        commits that were refused for want of a disk, which the logs rightly do not."""
        try:
            self._wait_for_compactor()
            if self._log.failed:
                logger.warning("%s: the commit log failed; the data file and logs keep what "
                               "was acknowledged", self.path)
            elif self._log.size or self._old_log.exists() or self._rewrite_on_close:
                self.compact(tables)
        finally:
            self.abandon()

    def _wait_for_compactor(self) -> None:
        if self._compactor is not None:
            self._compactor.join()
            self._compactor = None


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _lock(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreError(f"{path.with_suffix('')} is in use by another store") from None
    return fd
