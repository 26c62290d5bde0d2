"""A site's ledger opened for one call: one transaction, its events published once it
committed (nothing for a call that was refused or rolled back)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from billing_sandbox.core import Books
from billing_sandbox.vendors.adapter import Services

from .events import chargebee_events
from .site import VENDOR, site_books


@contextmanager
def open_site(services: Services, tenant: str) -> Iterator[Books]:
    namespace = services.namespace(VENDOR, tenant)
    with services.store.transaction(namespace) as repo:
        random_bytes = services.random_bytes(repo, namespace)
        books = site_books(repo, services.clock.now, random_bytes)
        yield books
        events = chargebee_events(books, random_bytes) if books.events else []
    if events:
        services.publish(VENDOR, tenant, events)
