"""Fixture records of a DayZero business -> the ledger.

    invoices:           id, invoice_number, customer_name (or customer_id), currency,
                        total (cents) or line_items [{description, quantity, unit_price,
                        amount}], status (draft | open | void), issue_date, due_date,
                        description
    bank_transactions:  id, amount (cents; negative = money out), currency, date,
                        description, counterparty, reference

Ids are UUIDs. An invoice names its customer; invoices with the same customer_name share
one customer, whose id is derived from the business and the name (stable across restarts).
Invoices start unpaid: payments are made through the API, from bank transactions.
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import (
    CUSTOMER,
    Books,
    CurrencyMismatch,
    InvalidInput,
    LedgerError,
    create_customer,
    import_bank_transaction,
    import_invoice,
)
from billing_sandbox.vendors.adapter import RecordError, Services

from .handlers import VENDOR
from .ids import canonical, derived_id, is_uuid, uuid_minter

INVOICES = "invoices"
BANK_TRANSACTIONS = "bank_transactions"
RECORD_KINDS = (INVOICES, BANK_TRANSACTIONS)
CURRENCIES = ("USD", "CAD", "AUD", "EUR", "GBP")  # the document's Currency enum
FIXTURE_STATUSES = ("draft", "open", "void")

INVOICE_FIELDS = ("id", "invoice_number", "customer_name", "customer_id", "currency", "total",
                  "line_items", "status", "issue_date", "due_date", "description")
TRANSACTION_FIELDS = ("id", "amount", "currency", "date", "description", "counterparty",
                      "reference")
# ledger parameter -> invoice fixture field, for messages
INVOICE_LEDGER_FIELDS = {"date": "issue_date", "unit_amount": "unit_price"}


def load_records(services: Services, business_id: str, records: dict[str, list[dict]]) -> None:
    """Load one business's fixture records; RecordError names the first bad record and field."""
    namespace = services.namespace(VENDOR, business_id)
    with services.store.transaction(namespace) as repo:
        books = Books(repo, now=services.clock.now,
                      new_id=uuid_minter(services.random_bytes(repo, namespace)))
        for index, record in enumerate(records.get(BANK_TRANSACTIONS, [])):
            _load(BANK_TRANSACTIONS, index, record, TRANSACTION_FIELDS,
                  lambda r: _bank_transaction(books, r), renames={})
        for index, record in enumerate(records.get(INVOICES, [])):
            _load(INVOICES, index, record, INVOICE_FIELDS,
                  lambda r: _invoice(books, business_id, r), renames=INVOICE_LEDGER_FIELDS)


def _load(kind: str, index: int, record: dict, fields: tuple[str, ...],
          load: Callable[[dict], object], renames: dict[str, str]) -> None:
    unknown = sorted(set(record) - set(fields))
    if unknown:
        raise RecordError(kind, index, unknown[0],
                          f"unknown field; {kind} take {', '.join(fields)}")
    if not is_uuid(record.get("id")):
        raise RecordError(kind, index, "id", f"must be a UUID, got {record.get('id')!r}")
    currency = record.get("currency", "USD")
    if currency not in CURRENCIES:
        raise RecordError(kind, index, "currency",
                          f"{currency!r} is not one of DayZero's currencies "
                          f"{', '.join(CURRENCIES)}")
    try:
        load({**record, "id": canonical(record["id"])})
    except InvalidInput as error:
        reason = error.reason
        for ledger_name, fixture_name in renames.items():
            if "_" in ledger_name:  # field names only, not words such as "date"
                reason = reason.replace(ledger_name, fixture_name)
        if error.has_value:
            reason += f" (got {error.value!r})"
        raise RecordError(kind, index, _fixture_field(error.field, renames), reason) from None
    except CurrencyMismatch as error:
        raise RecordError(kind, index, "currency",
                          f"{error.given} differs from {error.expected}, the currency of the "
                          "customer's other invoices") from None
    except LedgerError as error:
        raise RecordError(kind, index, None, error.message) from None


def _bank_transaction(books: Books, record: dict) -> None:
    import_bank_transaction(
        books,
        id=record["id"],
        amount=record.get("amount"),
        date=record.get("date"),
        currency=record.get("currency", "USD"),
        description=record.get("description"),
        counterparty=record.get("counterparty"),
        reference=record.get("reference"),
    )


def _invoice(books: Books, business_id: str, record: dict) -> None:
    status = record.get("status", "open")
    if status not in FIXTURE_STATUSES:
        raise InvalidInput("status", "a fixture invoice starts draft, open or void; pay it "
                                     "through the API from a bank transaction", status)
    currency = record.get("currency", "USD")
    import_invoice(
        books,
        id=record["id"],
        customer_id=_customer(books, business_id, record, currency),
        total=record.get("total"),
        line_items=_line_items(record.get("line_items")),
        status=status,
        currency=currency,
        date=record.get("issue_date"),
        due_date=record.get("due_date"),
        invoice_number=record.get("invoice_number"),
        extra={"description": record.get("description")},
    )


def _customer(books: Books, business_id: str, record: dict, currency: str) -> str:
    """The invoice's customer id, creating the customer the first time it is named."""
    name = record.get("customer_name")
    customer_id = record.get("customer_id")
    if customer_id is not None and not is_uuid(customer_id):
        raise InvalidInput("customer_id", "must be a UUID", customer_id)
    if customer_id is None:
        customer_id = derived_id(business_id, name if name is not None else record["id"])
    customer_id = canonical(customer_id)
    if books.find(CUSTOMER, customer_id) is None:
        create_customer(books, id=customer_id, name=name, currency=currency)
    return customer_id


def _line_items(given: object) -> object:
    """DayZero's ``unit_price`` is the ledger's ``unit_amount``."""
    if not isinstance(given, list):
        return given
    return [
        {("unit_amount" if key == "unit_price" else key): value for key, value in item.items()}
        if isinstance(item, dict) else item
        for item in given
    ]


def _fixture_field(field: str, renames: dict[str, str]) -> str:
    head, dot, rest = field.rpartition(".")
    name = rest if dot else field
    renamed = renames.get(name, name)
    return f"{head}.{renamed}" if dot else renamed
