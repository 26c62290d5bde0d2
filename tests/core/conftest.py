"""A dict-backed Repository, a settable clock, and books built on them."""

from __future__ import annotations

import copy
from collections import defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from billing_sandbox.core import Books, create_customer


class DictRepository:
    """The Repository protocol over nested dicts; records are copied in and out like a store."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, dict]] = defaultdict(dict)

    def get(self, kind, record_id):
        record = self.tables[kind].get(record_id)
        return copy.deepcopy(record)

    def view(self, kind, record_id):
        return self.get(kind, record_id)

    def put(self, kind, record_id, record):
        self.tables[kind][record_id] = copy.deepcopy(record)

    def delete(self, kind, record_id):
        self.tables[kind].pop(record_id, None)

    def ids(self, kind):
        return iter(list(self.tables[kind]))

    def count(self, kind):
        return len(self.tables[kind])

    def snapshot(self) -> dict:
        return copy.deepcopy({kind: table for kind, table in self.tables.items() if table})


class Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


class Ids:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)

    def __call__(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}_{self.counts[kind]}"


START = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def repo() -> DictRepository:
    return DictRepository()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def books(repo, clock) -> Books:
    return Books(repo, clock.now, Ids())


@pytest.fixture
def make_books():
    """A factory of fresh (books, repo, clock) triples, for tests that need many ledgers."""

    def make() -> tuple[Books, DictRepository, Clock]:
        repo, clock = DictRepository(), Clock(START)
        return Books(repo, clock.now, Ids()), repo, clock

    return make


@pytest.fixture
def customer(books) -> dict:
    with books.quietly():  # the tests' own operations are what their events show
        return create_customer(books, id="cus_a", name="Acme", email="ap@acme.example")


@pytest.fixture
def card_customer(books) -> dict:
    with books.quietly():
        return create_customer(
            books,
            id="cus_card",
            name="Carded",
            auto_collection=True,
            payment_source_id="pm_card_1",
        )


@pytest.fixture
def refuses(repo):
    """``with refuses(ErrorType) as caught:`` -- the error is raised and nothing was written."""

    @contextmanager
    def check(error_type):
        before = repo.snapshot()
        caught: dict = {}
        with pytest.raises(error_type) as info:
            yield caught
        caught["error"] = info.value
        assert repo.snapshot() == before, "a refused operation wrote to the repository"

    return check
