"""The sandbox clock: real time, or frozen at an instant, or offset; every timestamp, due-date
check and default date reads it.

Its state is one tuple (frozen instant or None, offset), replaced whole under a lock by the
setters: ``now`` reads it without the lock (a request reads the clock a dozen times) and
always sees a state that was set, never half of one.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self._state: tuple[datetime | None, timedelta] = (None, timedelta(0))
        self._lock = threading.Lock()

    def now(self) -> datetime:
        frozen, offset = self._state
        if frozen is not None:
            return frozen
        return datetime.now(UTC) + offset

    def freeze(self, instant: datetime) -> None:
        with self._lock:
            self._state = (instant.astimezone(UTC), self._state[1])

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            frozen, offset = self._state
            if frozen is not None:
                self._state = (frozen + delta, offset)
            else:
                self._state = (None, offset + delta)

    def real_time(self) -> None:
        with self._lock:
            self._state = (None, timedelta(0))

    @property
    def offset(self) -> timedelta:
        """How far a running clock is ahead of real time (zero when frozen or real)."""
        frozen, offset = self._state
        return timedelta(0) if frozen is not None else offset

    @property
    def frozen(self) -> bool:
        return self._state[0] is not None
