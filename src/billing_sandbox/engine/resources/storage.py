"""Where a resource's records live: the store, one kind per resource (its collection name, so
that ``customers`` never meets a vendor ledger's ``customer``), in the tenant's namespace, read
and written inside the request's one transaction.

A vendor adapter may keep some resources elsewhere (its ledger's records, shaped as the document
shows them): it gives a `Shelf` factory for those resources by name. A factory gets the call's
`CallScope` (the open transaction, the tenant, the sandbox time, the seeded randomness) and
the resource; the shelf it returns reads and writes records in the document's shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .model import Resource

HIDDEN = "$"  # record keys starting with it are the sandbox's own, never answered


class Repository(Protocol):
    """What a store transaction offers (the project's store implements it)."""

    def get(self, kind: str, record_id: str) -> dict | None: ...
    def put(self, kind: str, record_id: str, record: dict) -> None: ...
    def delete(self, kind: str, record_id: str) -> None: ...
    def ids(self, kind: str) -> Iterator[str]: ...
    def count(self, kind: str) -> int: ...


class RecordStore(Protocol):
    def transaction(self, namespace: str) -> AbstractContextManager[Repository]: ...


@dataclass
class CallScope:
    """What one call (or one fixture load) works in: one tenant's open transaction, the
    sandbox time it happens at, and where minted ids draw their randomness."""

    repo: Repository
    tenant: str
    namespace: str
    now: datetime
    draw: Callable[[int], bytes]


class Shelf:
    """One resource's records in one tenant's open transaction, by key."""

    def __init__(self, repo: Repository, resource: Resource) -> None:
        self.repo = repo
        self.resource = resource
        self.kind = resource.collection

    def get(self, key: Any) -> dict | None:
        return self.repo.get(self.kind, str(key))

    def find(self, field: str, value: Any) -> dict | None:
        """The record whose ``field`` holds ``value`` (its key, or another unique field)."""
        if field == self.resource.key:
            return self.get(value)
        wanted = str(value)
        for record in self.all():
            if field in record and str(record[field]) == wanted:
                return record
        return None

    def put(self, record: dict) -> dict:
        """Store the record (new or changed); returns it as it now reads."""
        self.repo.put(self.kind, str(record[self.resource.key]), record)
        return record

    def delete(self, key: Any) -> None:
        self.repo.delete(self.kind, str(key))

    def all(self) -> list[dict]:
        """Every record, oldest first."""
        records = (self.repo.get(self.kind, key) for key in self.repo.ids(self.kind))
        return [record for record in records if record is not None]

    def count(self) -> int:
        return self.repo.count(self.kind)


ShelfFactory = Callable[[CallScope, Resource], Shelf]


def plain_shelf(scope: CallScope, resource: Resource) -> Shelf:
    """The default: the resource's records under its collection's kind."""
    return Shelf(scope.repo, resource)


def visible(record: dict) -> dict:
    """The record without the sandbox's own keys."""
    return {k: v for k, v in record.items() if not k.startswith(HIDDEN)}
