"""Zenskar fixture records -> the ledger. Amounts are major units, as Zenskar writes them.

    customers: id (UUID), name, email, external_id, currency (default: the currency of the
               customer's first contract here, else USD), payment_source_id (the card the
               connector charges; default "pm_card_visa", null for none), payment_method,
               net_terms_days
    contracts: id, customer_id, name, status (draft | active | expired | cancelled), currency,
               start_date, end_date, billing_cycle_start_day, net_terms_days,
               prices [{id, description (or name), amount (major units), interval: month}]
    invoices:  id, customer_id, contract_id, status (draft | approved | partially_paid | paid
               | void), currency, total or line_items [{description, amount, quantity}]
               (major units), amount_paid (major units), invoice_date, due_date,
               period_start, period_end (exclusive; required), description, invoice_number
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import (
    Books,
    CurrencyMismatch,
    Duplicate,
    InvalidInput,
    LedgerError,
    NotFound,
    create_contract,
    create_customer,
    import_invoice,
    to_minor,
)
from billing_sandbox.vendors.adapter import RecordError, Services

from .ids import is_uuid
from .ledger import open_books

RECORD_KINDS = ("customers", "contracts", "invoices")
DEFAULT_PAYMENT_SOURCE = "pm_card_visa"
# Zenskar invoice statuses a fixture may give -> the ledger's
INVOICE_STATUSES = {
    "draft": "draft",
    "approved": "open",
    "partially_paid": "partially_paid",
    "paid": "paid",
    "void": "void",
}
_FIELDS = {
    "customers": {"id", "name", "email", "external_id", "currency", "payment_source_id",
                  "payment_method", "net_terms_days"},
    "contracts": {"id", "customer_id", "name", "status", "currency", "start_date", "end_date",
                  "billing_cycle_start_day", "net_terms_days", "prices"},
    "invoices": {"id", "customer_id", "contract_id", "status", "currency", "total",
                 "line_items", "amount_paid", "invoice_date", "due_date", "period_start",
                 "period_end", "description", "invoice_number"},
}
# ledger parameter -> fixture field, where they differ
_RENAMED = {"invoices": {"date": "invoice_date"}}


def load_records(services: Services, organisation: str, records: dict[str, list[dict]]) -> None:
    """Load one organisation's records (customers, then contracts, then invoices)."""
    loaders: dict[str, Callable[[Books, dict, dict], None]] = {
        "customers": _customer,
        "contracts": _contract,
        "invoices": _invoice,
    }
    with open_books(services, organisation) as books:
        for kind in RECORD_KINDS:
            for index, item in enumerate(records.get(kind, [])):
                _check_fields(kind, index, item)
                try:
                    loaders[kind](books, item, records)
                except RecordError as exc:
                    raise RecordError(kind, index, exc.field, exc.reason) from None
                except LedgerError as exc:
                    raise _record_error(kind, index, exc) from None


def _check_fields(kind: str, index: int, item: dict) -> None:
    unknown = sorted(set(item) - _FIELDS[kind])
    if unknown:
        raise RecordError(kind, index, unknown[0],
                          f"unknown field; {kind} take {', '.join(sorted(_FIELDS[kind]))}")
    for field in ("id", "customer_id", "contract_id"):
        if item.get(field) is not None and not is_uuid(item[field]):
            raise RecordError(kind, index, field, f"must be a UUID, got {item[field]!r}")


def _customer(books: Books, item: dict, records: dict) -> None:
    create_customer(
        books,
        id=item.get("id"),
        name=item.get("name"),
        email=item.get("email"),
        external_id=item.get("external_id"),
        currency=item.get("currency") or _first_contract_currency(item.get("id"), records),
        payment_source_id=item.get("payment_source_id", DEFAULT_PAYMENT_SOURCE),
        payment_method=item.get("payment_method"),
        net_terms_days=item.get("net_terms_days"),
    )


def _first_contract_currency(customer_id: str | None, records: dict) -> str:
    for contract in records.get("contracts", []):
        if contract.get("customer_id") == customer_id and contract.get("currency"):
            return contract["currency"]
    return "USD"


def _contract(books: Books, item: dict, records: dict) -> None:
    prices = item.get("prices")
    if isinstance(prices, list):
        prices = [_price(index, price) for index, price in enumerate(prices)]
    create_contract(
        books,
        id=item.get("id"),
        customer_id=item.get("customer_id"),
        name=item.get("name"),
        status=item.get("status", "active"),
        currency=item.get("currency"),
        start_date=item.get("start_date"),
        end_date=item.get("end_date"),
        billing_cycle_start_day=item.get("billing_cycle_start_day"),
        net_terms_days=item.get("net_terms_days"),
        prices=prices,
    )


def _price(index: int, price: object) -> object:
    if not isinstance(price, dict):
        return price
    field = f"prices[{index}]"
    if price.get("interval", "month") != "month":
        raise RecordError("contracts", index, f"{field}.interval",
                          f"only monthly prices are billed here, got {price['interval']!r}")
    clean = {key: value for key, value in price.items() if key != "interval"}
    clean["amount"] = to_minor(price.get("amount"), f"{field}.amount")
    return clean


def _invoice(books: Books, item: dict, records: dict) -> None:
    status = item.get("status", "approved")
    if status not in INVOICE_STATUSES:
        raise InvalidInput("status", f"must be one of {', '.join(INVOICE_STATUSES)}", status)
    for field in ("period_start", "period_end"):
        if item.get(field) is None:
            raise InvalidInput(field, "required: every Zenskar invoice bills a period")
    import_invoice(
        books,
        id=item.get("id"),
        customer_id=item.get("customer_id"),
        contract_id=item.get("contract_id"),
        status=INVOICE_STATUSES[status],
        currency=item.get("currency"),
        total=_minor(item, "total"),
        line_items=_line_items(item.get("line_items")),
        amount_paid=_minor(item, "amount_paid"),
        date=item.get("invoice_date"),
        due_date=item.get("due_date"),
        period_start=item.get("period_start"),
        period_end=item.get("period_end"),
        description=item.get("description") or "Invoice total",
        invoice_number=item.get("invoice_number"),
    )


def _minor(item: dict, field: str) -> int | None:
    return None if item.get(field) is None else to_minor(item[field], field)


def _line_items(items: object) -> object:
    if not isinstance(items, list):
        return items
    converted = []
    for index, line in enumerate(items):
        if isinstance(line, dict):
            line = dict(line)
            for field in ("amount", "unit_amount"):
                if line.get(field) is not None:
                    line[field] = to_minor(line[field], f"line_items[{index}].{field}")
        converted.append(line)
    return converted


def _record_error(kind: str, index: int, error: LedgerError) -> RecordError:
    if isinstance(error, InvalidInput):
        field = _RENAMED.get(kind, {}).get(error.field, error.field)
        return RecordError(kind, index, field, error.reason)
    if isinstance(error, NotFound):
        return RecordError(kind, index, f"{error.kind}_id", error.message)
    if isinstance(error, Duplicate):
        return RecordError(kind, index, "id", error.message)
    if isinstance(error, CurrencyMismatch):
        return RecordError(kind, index, error.field, error.message)
    return RecordError(kind, index, None, error.message)
