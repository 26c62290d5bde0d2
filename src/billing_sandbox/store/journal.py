"""Durability for an in-memory database: a data file (snapshot) plus a commit log beside it.

Every commit is numbered and appended to the log. When the log outgrows the data file (and a
floor, so small stores do not rewrite constantly), the whole state is written as a new data
file holding the last commit number, then the log is emptied. A crash between those two steps
leaves a log whose entries the data file already holds: loading skips them by number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from .errors import StoreError
from .log import CommitLog
from .snapshot_file import read_snapshot, write_snapshot

logger = logging.getLogger(__name__)
DEFAULT_COMPACT_AFTER_BYTES = 4 << 20


class Journal:
    def __init__(
        self,
        path: Path,
        log: CommitLog,
        last_seq: int,
        snapshot_bytes: int,
        compact_after_bytes: int,
    ) -> None:
        self.path = path
        self._log = log
        self._last_seq = last_seq
        self._snapshot_bytes = snapshot_bytes
        self._compact_after_bytes = compact_after_bytes

    @classmethod
    def open(
        cls, path: Path, compact_after_bytes: int = DEFAULT_COMPACT_AFTER_BYTES
    ) -> tuple[Journal, dict[str, dict], Iterator[dict]]:
        """The journal, the tables of the data file, and the log entries to apply to them in
        order (decoded one by one: the caller applies each before the next is read)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        log, entries = CommitLog.open(log_path(path))
        try:
            tables, last_seq, snapshot_bytes = read_snapshot(path)
        except BaseException:
            log.close()
            raise
        journal = cls(path, log, last_seq, snapshot_bytes, compact_after_bytes)
        return journal, tables, journal._newer_than_snapshot(entries)

    def _newer_than_snapshot(self, entries: Iterator[dict]) -> Iterator[dict]:
        """Skip what the data file already holds (a crash between compaction's two steps)."""
        for entry in entries:
            seq = entry.get("seq")
            if isinstance(seq, int) and seq <= self._last_seq:
                continue
            if seq != self._last_seq + 1:
                raise StoreError(
                    f"{log_path(self.path)} continues at commit {seq} but {self.path} ends at "
                    f"commit {self._last_seq}: the files do not belong together"
                )
            self._last_seq = seq
            yield entry

    def append(self, entry: dict) -> int:
        """Number and log one commit; the ticket for wait_durable. Caller holds the store lock."""
        ticket = self._log.append({"seq": self._last_seq + 1, **entry})
        self._last_seq += 1
        return ticket

    @property
    def last_ticket(self) -> int:
        return self._log.last_ticket

    def wait_durable(self, ticket: int) -> None:
        self._log.wait_durable(ticket)

    def compact_if_due(self, tables: dict[str, dict]) -> None:
        """Compact once the log outgrows the data file. A failure here fails no commit (each
        is already logged): it is reported, and retried when the log has doubled again."""
        if self._log.size <= max(self._compact_after_bytes, self._snapshot_bytes):
            return
        try:
            self.compact(tables)
        except (OSError, StoreError) as error:
            logger.warning("%s: compaction failed, the log keeps all: %s", self.path, error)
            self._snapshot_bytes = self._log.size

    def compact(self, tables: dict[str, dict]) -> None:
        """Write all tables as the data file, then empty the log. Caller holds the store lock."""
        self._snapshot_bytes = write_snapshot(self.path, tables, self._last_seq)
        self._log.empty()

    def abandon(self) -> None:
        """Release the files without writing anything."""
        self._log.close()

    def close(self, tables: dict[str, dict]) -> None:
        try:
            if self._log.size:
                self.compact(tables)
        finally:
            self._log.close()


def log_path(path: Path) -> Path:
    return path.with_name(path.name + ".log")
