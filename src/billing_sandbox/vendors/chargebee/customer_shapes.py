"""Ledger customers -> Chargebee's customer (API v2 shape) and its card.

The ledger keeps what billing needs (names, email, currency, auto collection, net terms, the
card on file, credits); the customer's other documented attributes a client sent
(``billing_address``, ``meta_data``, ``locale``, ``vat_number``, ``auto_close_invoices``
...) are kept as sent in ``extra["document"]`` and shown back; what the ledger knows wins.
"""

from __future__ import annotations

from billing_sandbox.core import Books

from .cards import card_of, card_shape
from .shapes import present, resource_version, unix

DOCUMENT = "document"  # extra: the customer's other attributes, as the client sent them
# documented attributes the ledger does not keep: kept as the client sent them
KEPT = ("vat_number", "offline_payment_method", "allow_direct_debit", "created_from_ip",
        "taxability", "locale", "auto_close_invoices", "billing_address", "meta_data")
# attributes the ledger keeps (or derives), never kept as sent
LEDGER_FIELDS = frozenset((
    "id", "first_name", "last_name", "email", "phone", "company", "auto_collection",
    "net_term_days", "preferred_currency_code", "created_at", "updated_at",
    "resource_version", "card_status", "primary_payment_source_id",
    "backup_payment_source_id", "promotional_credits", "refundable_credits",
    "excess_payments", "unbilled_charges", "deleted", "object", "pii_cleared", "channel"))


def customer_shape(books: Books, customer: dict) -> dict:
    extra = customer["extra"]
    card = card_of(customer, books.today())
    body = {
        "allow_direct_debit": False,
        "taxability": "taxable",
        **{key: value for key, value in extra.get(DOCUMENT, {}).items()
           if key not in LEDGER_FIELDS},
        "id": customer["id"],
        "first_name": extra.get("first_name"),
        "last_name": extra.get("last_name"),
        "email": customer["email"],
        "phone": extra.get("phone"),
        "company": extra.get("company"),
        "auto_collection": "on" if customer["auto_collection"] else "off",
        "net_term_days": customer["net_terms_days"] or 0,
        "created_at": unix(customer["created_at"]),
        "updated_at": unix(customer["updated_at"]),
        "resource_version": resource_version(customer),
        "pii_cleared": "active",
        "channel": "web",
        "card_status": card["status"] if card else (
            "valid" if customer["payment_source_id"] else "no_card"),
        "primary_payment_source_id": customer["payment_source_id"],
        "preferred_currency_code": customer["currency"],
        "promotional_credits": customer["credit_balances"].get(customer["currency"], 0),
        "refundable_credits": 0,
        "excess_payments": 0,
        "unbilled_charges": 0,
        "deleted": bool(customer.get("deleted_at")),
        "object": "customer",
    }
    return present(_documented_order(body))


def customer_card(books: Books, customer: dict) -> dict | None:
    """The customer's card as Chargebee shows it, or None."""
    card = card_of(customer, books.today())
    return None if card is None else card_shape(customer, card)


def document_fields(record: dict) -> dict:
    """What of a customer (as a request left it) is kept as sent: its documented attributes
    the ledger does not keep."""
    return {key: record[key] for key in KEPT if record.get(key) is not None}


_ORDER = ("id", "first_name", "last_name", "email", "phone", "company", "auto_collection",
          "net_term_days", "allow_direct_debit", "created_at", "taxability", "updated_at",
          "resource_version", "pii_cleared", "channel", "card_status",
          "primary_payment_source_id", "preferred_currency_code", "promotional_credits",
          "refundable_credits", "excess_payments", "unbilled_charges", "deleted", "object")


def _documented_order(body: dict) -> dict:
    """The attributes in the order the sandbox has always answered them, then the rest."""
    ordered = {key: body[key] for key in _ORDER if key in body}
    ordered.update({key: value for key, value in body.items() if key not in ordered})
    return ordered
