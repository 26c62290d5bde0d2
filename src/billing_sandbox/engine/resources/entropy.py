"""Where minted ids get their randomness: a generator seeded once per process from the OS, or,
with ``--seed``, a hash of the seed, the tenant and a draw counter kept with the tenant's
records. Seeded, the same requests mint the
same ids run after run (and after a reset), and ids stay unique across restarts with
``--data`` because the counter is stored with the records it numbered."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable
from typing import Any

# A sequence record, {"id": name, "value": n}: the ledger's kind for its counters too
COUNTER = "counter"
DRAWS = "random_draws"
# Ids need to be unique, not secret: 256 bits from the OS at start make a collision across
# restarts as unlikely as with os.urandom per id, which releases the GIL on every call and,
# on a busy server, often waits to get it back from another thread.
_PROCESS_RANDOM = random.Random(os.urandom(32))


def random_source(seed: str | None, repo: Any, namespace: str) -> Callable[[int], bytes]:
    """``draw(n)`` -> n bytes (n <= 32); ``repo`` is the tenant's open transaction (get/put)."""
    if seed is None:
        return _PROCESS_RANDOM.randbytes

    def draw(size: int) -> bytes:
        counter = repo.get(COUNTER, DRAWS) or {"id": DRAWS, "value": 0}
        counter["value"] += 1
        repo.put(COUNTER, DRAWS, counter)
        return hashlib.sha256(f"{seed}/{namespace}/{counter['value']}".encode()).digest()[:size]

    return draw
