"""The sandbox clock: real time, or frozen at an instant, or offset; every timestamp, due-date
check and default date reads it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self._frozen: datetime | None = None
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(UTC) + self._offset

    def freeze(self, instant: datetime) -> None:
        with self._lock:
            self._frozen = instant.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += delta
            else:
                self._offset += delta

    def real_time(self) -> None:
        with self._lock:
            self._frozen = None
            self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        """How far a running clock is ahead of real time (zero when frozen or real)."""
        with self._lock:
            return timedelta(0) if self._frozen is not None else self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen is not None
