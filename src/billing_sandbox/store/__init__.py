"""Records of every vendor and tenant, kept in TinyDB, durable and safe under concurrency.

Design, bottom up:
- TinyDB holds the state in memory (its MemoryStorage hands out the live dict) as one table per
  namespace and kind ("zenskar/demo:invoice"), document id = the record's own id, document =
  the record's compact JSON text as UTF-8 bytes (billing_sandbox.codec; a third of the memory
  of dicts, nothing for the garbage collector to scan; a read decodes a fresh copy, a view
  one shared copy for reading only). RecordTable changes documents in place, so a
  read or write by id costs the same at any table size.
- Store.transaction gives a Repository whose writes wait in an overlay; at the end of the block
  they become ONE numbered entry appended to the commit log (`<data file>.log`), then are applied
  to the tables. An exception drops the overlay. One lock is held for the whole block.
- A commit returns once its log line is fsynced; threads that commit during an fsync share the
  next one (group commit). A torn last line is ignored on load: it was never acknowledged.
- When the log outgrows half the data file, a thread writes the tables as a new data file
  (TinyDB's JSON layout, one record per line, so that loading streams it; temp file, fsync,
  atomic rename, directory fsync) while commits go on in a fresh log; then the old log is
  deleted. Close does the same in the foreground. See journal.py and snapshot_file.py.
"""

from .errors import StoreError
from .store import Store

__all__ = ["Store", "StoreError"]
