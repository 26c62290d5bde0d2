"""A Chargebee site's books: the ledger over one site's records, with Chargebee's ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from billing_sandbox.core import Books
from billing_sandbox.core.repository import Repository
from billing_sandbox.engine.resources.storage import CallScope

from .ids import id_minter

VENDOR = "chargebee"


def site_books(repo: Repository, now: Callable[[], datetime],
               random_bytes: Callable[[int], bytes]) -> Books:
    return Books(repo, now=now, new_id=id_minter(repo, random_bytes))


def books_for_scope(scope: CallScope) -> Books:
    """The site's books inside an inferred operation's call (or a fixture load)."""
    return site_books(scope.repo, lambda: scope.now, scope.draw)
