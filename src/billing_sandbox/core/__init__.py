"""The billing ledger: pure Python. No HTTP, no TinyDB, no vendor names.

An adapter builds ``Books(repo, now, new_id)`` per request and calls the operations below;
each takes the books first, validates everything before writing, and returns plain record
dicts (or raises a ``LedgerError`` subclass). Amounts are integer minor units; dates are ISO
strings in UTC. Each module's docstring lists its record's fields and rules:

- customers, contracts, subscriptions, coupons: the parties and their terms
- terms, renewals: a subscription's terms on the clock, billed as they start
- invoices, invoice_totals: invoice records, derived totals and the neutral status
- generation (contract periods), one_off (single charges), invoice_import (fixtures)
- payments (charges, recorded payments), bank_transactions (allocations)
- credit_notes, refunds, credits (customer credit balances)
- links: a record's children (an invoice's payments, a customer's invoices ...): a count and
  the latest ids on the record, the earlier ids in pages, so that linking one more costs the
  same however many there are
- money, dates, errors, books, proration: the building blocks
- events: what operations did (``books.events``), in generic names adapters rename

Reading: ``books.get(kind, id)`` (NotFound if absent; the caller's own copy) and
``books.list(kind)`` (oldest first); ``books.view(kind, id)`` and ``child_views`` for reading
only (shaping an answer or an event: shared, decoded once, never to be changed);
``linked_records(books, invoice)`` gives an invoice's payments, credit notes and refunds,
``child_records(books, owner_kind, owner, child_kind)`` (and ``child_ids``,
``first_child_id``) any record's children, oldest first. A refused operation has written
nothing.
"""

from .bank_transactions import allocate_transaction, import_bank_transaction
from .books import (
    BANK_TRANSACTION,
    CONTRACT,
    COUPON,
    CREDIT_NOTE,
    CUSTOMER,
    INVOICE,
    LINK,
    PAYMENT,
    RECORD_KINDS,
    REFUND,
    SUBSCRIPTION,
    Books,
)
from .contracts import create_contract
from .coupons import create_coupon
from .credit_notes import issue_credit_note
from .credits import apply_credits, deduct_credits, grant_credits
from .customers import create_customer, delete_customer, set_payment_source, update_customer
from .errors import (
    CurrencyMismatch,
    Duplicate,
    InvalidInput,
    InvalidState,
    LedgerError,
    LimitExceeded,
    NotFound,
    PaymentDeclined,
)
from .events import (
    CREDIT_NOTE_CREATED,
    EVENT_NAMES,
    INVOICE_CREATED,
    INVOICE_PAID,
    INVOICE_UPDATED,
    INVOICE_VOIDED,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    REFUND_CREATED,
    Event,
)
from .generation import generate_invoice
from .invoice_import import import_invoice
from .invoice_totals import INVOICE_STATUSES, invoice_totals
from .invoices import (
    add_line_item,
    delete_invoice,
    finalize_invoice,
    is_deleted,
    linked_records,
    refresh_invoice,
    void_invoice,
)
from .links import child_count, child_ids, child_records, child_views, first_child_id
from .money import to_major, to_minor
from .one_off import create_one_off_invoice
from .payments import PAYMENT_STATUSES, charge_invoice, record_payment, refundable
from .refunds import REFUND_DESTINATIONS, refund_payment
from .renewals import advance_subscription, bill_term, due_transitions
from .subscriptions import (
    add_pending_charge,
    cancel_subscription,
    change_items,
    change_term_end,
    create_subscription,
    delete_subscription,
    items_of,
    reactivate_subscription,
    remove_scheduled_cancellation,
)

__all__ = [
    "BANK_TRANSACTION",
    "CONTRACT",
    "COUPON",
    "CREDIT_NOTE",
    "CREDIT_NOTE_CREATED",
    "CUSTOMER",
    "EVENT_NAMES",
    "INVOICE",
    "INVOICE_CREATED",
    "INVOICE_PAID",
    "INVOICE_UPDATED",
    "INVOICE_VOIDED",
    "INVOICE_STATUSES",
    "LINK",
    "PAYMENT",
    "PAYMENT_FAILED",
    "PAYMENT_SUCCEEDED",
    "PAYMENT_STATUSES",
    "RECORD_KINDS",
    "REFUND",
    "REFUND_CREATED",
    "REFUND_DESTINATIONS",
    "SUBSCRIPTION",
    "Books",
    "CurrencyMismatch",
    "Duplicate",
    "Event",
    "InvalidInput",
    "InvalidState",
    "LedgerError",
    "LimitExceeded",
    "NotFound",
    "PaymentDeclined",
    "add_line_item",
    "add_pending_charge",
    "advance_subscription",
    "allocate_transaction",
    "apply_credits",
    "bill_term",
    "cancel_subscription",
    "change_items",
    "change_term_end",
    "charge_invoice",
    "child_count",
    "child_ids",
    "child_records",
    "child_views",
    "create_contract",
    "create_coupon",
    "create_customer",
    "create_one_off_invoice",
    "create_subscription",
    "deduct_credits",
    "delete_customer",
    "delete_invoice",
    "delete_subscription",
    "due_transitions",
    "finalize_invoice",
    "first_child_id",
    "generate_invoice",
    "grant_credits",
    "import_bank_transaction",
    "import_invoice",
    "invoice_totals",
    "is_deleted",
    "issue_credit_note",
    "items_of",
    "linked_records",
    "reactivate_subscription",
    "record_payment",
    "refresh_invoice",
    "refund_payment",
    "refundable",
    "remove_scheduled_cancellation",
    "set_payment_source",
    "to_major",
    "to_minor",
    "update_customer",
    "void_invoice",
]
