"""Chargebee-like ids: invoices numbered "1", "2"... per site (Chargebee's default invoice
numbering), other records random alphanumerics with Chargebee's prefixes (``txn_...``)."""

from __future__ import annotations

import hashlib
import os
import string
from collections.abc import Callable

from billing_sandbox.core import INVOICE, PAYMENT, REFUND
from billing_sandbox.core.books import COUNTER, LINE_ITEM
from billing_sandbox.core.repository import Repository

ALPHABET = string.ascii_letters + string.digits
INVOICE_COUNTER = "chargebee_invoice_id"
PAYMENT_SOURCE = "payment_source"  # only minted: a customer's card on file (``pm_...``)
PREFIXES = {PAYMENT: "txn_", REFUND: "txn_", LINE_ITEM: "li_", PAYMENT_SOURCE: "pm_"}
# byte -> ALPHABET[byte % len(ALPHABET)], for bytes.translate
_TO_ALPHABET = bytes(ord(ALPHABET[byte % len(ALPHABET)]) for byte in range(256))


def random_id(random_bytes: Callable[[int], bytes] = os.urandom, length: int = 16) -> str:
    """``length`` alphanumerics (the modulo's slight bias does not matter for test ids)."""
    return random_bytes(length).translate(_TO_ALPHABET).decode("ascii")


def id_minter(repo: Repository,
              random_bytes: Callable[[int], bytes] = os.urandom) -> Callable[[str], str]:
    """``new_id(kind)`` for Books over this site's repository."""

    def new_id(kind: str) -> str:
        if kind == INVOICE:
            return str(_next_invoice_number(repo))
        return PREFIXES.get(kind, "") + random_id(random_bytes)

    return new_id


def _next_invoice_number(repo: Repository) -> int:
    counter = repo.get(COUNTER, INVOICE_COUNTER) or {"id": INVOICE_COUNTER, "value": 0}
    while True:  # skip numbers a record already holds
        counter["value"] += 1
        if repo.get(INVOICE, str(counter["value"])) is None:
            break
    repo.put(COUNTER, INVOICE_COUNTER, counter)
    return counter["value"]


def payment_source_id(site: str, customer_id: str) -> str:
    """The card on file of a fixture customer: stable across resets (``pm_`` + 16 chars)."""
    digest = hashlib.sha256(f"{site}/{customer_id}".encode()).digest()
    return "pm_" + digest[:16].translate(_TO_ALPHABET).decode("ascii")
