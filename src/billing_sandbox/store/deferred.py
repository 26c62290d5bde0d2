"""Durability awaited on an event loop instead of blocking it.

``Store.transaction`` returns once its commit is on disk, which blocks the calling thread for
an fdatasync (shared with concurrent commits). A server that runs handlers on its event loop
would stall every other request meanwhile. Inside ``store.deferring_durability()`` the store
does not wait: it notes the newest ticket its callers wrote or read, and the caller awaits
``durable()`` before it acknowledges anything. The syncer thread of the commit log wakes the
loop once, when that fsync is done.
"""

from __future__ import annotations

import asyncio
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

        def settled(error: BaseException | None) -> None:
            loop.call_soon_threadsafe(_resolve, future, error)

        if self.journal.when_durable(self.ticket, settled):
            await future


def _resolve(future: asyncio.Future, error: BaseException | None) -> None:
    if future.done():  # the awaiting task was cancelled (its client went away)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
