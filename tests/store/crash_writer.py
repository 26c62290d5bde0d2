"""Commits as fast as it can until killed; prints each acknowledged record id (for test_crash).

Usage: python crash_writer.py DATA_FILE THREADS ID_PREFIX
Every commit puts one item and bumps a counter in the same transaction, so a reader can check
that commits are whole: the counter always equals the number of items. Writing the data file
is slowed down (a slow disk), so that many kills land in the middle of a compaction.
"""

import random
import sys
import threading
import time
from pathlib import Path

from billing_sandbox.store import Store, journal

NAMESPACE = "crash/test"
real_write_snapshot = journal.write_snapshot


def slow_write_snapshot(*args):
    time.sleep(random.uniform(0, 0.05))
    return real_write_snapshot(*args)


def main() -> None:
    journal.write_snapshot = slow_write_snapshot
    store = Store.open(Path(sys.argv[1]), compact_after_bytes=16 * 1024)  # compact often
    threads = int(sys.argv[2])
    print_lock = threading.Lock()

    def write(worker: int) -> None:
        rng = random.Random(worker)
        number = 0
        while True:
            number += 1
            record_id = f"{sys.argv[3]}-{worker}-{number}"
            payload = "x" * rng.randrange(0, 3000)
            with store.transaction(NAMESPACE) as repo:
                repo.put(
                    "item", record_id, {"id": record_id, "payload": payload, "size": len(payload)}
                )
                counter = repo.get("counter", "items") or {"n": 0}
                counter["n"] += 1
                repo.put("counter", "items", counter)
            with print_lock:
                print(record_id, flush=True)

    workers = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
