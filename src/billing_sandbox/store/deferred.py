"""Durability awaited on an event loop instead of blocking it.

``Store.transaction`` returns once its commit is on disk, which blocks the calling thread for
an fdatasync (shared with concurrent commits). A server that runs handlers on its event loop
would stall every other request meanwhile. Inside ``store.deferring_durability()`` the store
does not wait: it notes the newest ticket its callers wrote or read, and the caller awaits
``durable()`` before it acknowledges anything. The syncer thread of the commit log wakes the
loop when that fsync is done: once for all the requests it made durable (each wake-up is a
call into the loop from another thread, and a write to the loop's wake-up file), not once
per request.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journal import Journal

# The DeferredDurability of the running context, if its caller defers.
PENDING: ContextVar[DeferredDurability | None] = ContextVar("deferred_durability", default=None)


class DeferredDurability:
    """The newest ticket one caller depends on, for one store's journal."""

    def __init__(self, journal: Journal | None) -> None:
        self.journal = journal
        self.ticket = 0

    def depend_on(self, ticket: int) -> None:
        self.ticket = max(self.ticket, ticket)

    async def durable(self) -> None:
        """Return once everything the caller wrote or read is on disk; StoreError if it
        cannot be."""
        if self.journal is None or not self.ticket:
            return
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        wakeups = _WAKEUPS.get(loop)
        if wakeups is None:
            wakeups = _WAKEUPS.setdefault(loop, _Wakeups(loop))

        def settled(error: BaseException | None) -> None:
            wakeups.settle(future, error)

        if self.journal.when_durable(self.ticket, settled):
            await future


class _Wakeups:
    """The futures of one event loop settled from other threads, resolved in batches: the
    first of a batch schedules one call on the loop, which resolves all that came by then."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = weakref.ref(loop)  # not the loop itself: it keys the map of these
        self._due: list[tuple[asyncio.Future, BaseException | None]] = []
        self._lock = threading.Lock()

    def settle(self, future: asyncio.Future, error: BaseException | None) -> None:
        with self._lock:
            self._due.append((future, error))
            if len(self._due) > 1:  # a call is scheduled and has not run yet
                return
        loop = self._loop()
        try:
            if loop is None:
                raise RuntimeError("the event loop is gone")
            loop.call_soon_threadsafe(self._resolve_due)
        except BaseException:  # the loop is closed: nobody waits any more
            with self._lock:
                self._due.clear()
            raise

    def _resolve_due(self) -> None:
        with self._lock:
            due, self._due = self._due, []
        for future, error in due:
            _resolve(future, error)


_WAKEUPS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Wakeups] = (
    weakref.WeakKeyDictionary())


def _resolve(future: asyncio.Future, error: BaseException | None) -> None:
    if future.done():  # the awaiting task was cancelled (its client went away)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
