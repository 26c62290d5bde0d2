"""The ledger of one Zenskar organisation, opened for one request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from billing_sandbox.core import Books, LedgerError
from billing_sandbox.vendors.adapter import Services

from .errors import api_error
from .events import zenskar_events
from .ids import uuid_minter

T = TypeVar("T")

VENDOR = "zenskar"


@contextmanager
def open_books(services: Services, organisation: str) -> Iterator[Books]:
    """Books over the organisation's namespace; its writes commit together at the end, and
    then its events are published."""
    namespace = services.namespace(VENDOR, organisation)
    with services.store.transaction(namespace) as repo:
        random_bytes = services.random_bytes(repo, namespace)
        books = Books(repo, now=services.clock.now, new_id=uuid_minter(random_bytes))
        yield books
        events = zenskar_events(books, organisation, random_bytes) if books.events else []
    if events:
        services.publish(VENDOR, organisation, events)


def in_books(services: Services, organisation: str, work: Callable[[Books], T],
             **translation: Any) -> T:
    """``work(books)`` in one transaction; a ledger refusal becomes Zenskar's error (nothing
    is written). ``translation`` goes to ``errors.api_error``."""
    try:
        with open_books(services, organisation) as books:
            return work(books)
    except LedgerError as error:
        raise api_error(error, **translation) from None
