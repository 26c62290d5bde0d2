"""Zenskar: a stateful sandbox of its invoice, charge, credit note and payment operations.

Auth: ``x-api-key`` names the organisation, whose id must be in the ``organisation`` header
(401 / 403). Each organisation has its own ledger; another's ids are unknown (404).
Errors: FastAPI's ``{"detail": "..."}`` (400, 404) and ``{"detail": [{loc, msg, type}]}`` (422).
Amounts: requests and invoices in major units, payments as decimal strings, credit notes in
the lowest denomination (see shapes.py); the ledger keeps integer minor units.

Rules where Zenskar's documents are silent (the ledger's, in core/):

- Generate-an-invoice bills ``[from_date, to_date)`` (end exclusive, as the invoice's
  ``end_date_exclusive``) in UTC calendar days; a ``to_date`` after midnight counts its day.
  Dates may be ISO 8601 or Unix seconds. The contract must be the customer's (else 404).
  Line items: per contract price, the period inside the contract's term is cut into monthly
  cycles starting on ``billing_cycle_start_day`` (the request's, else the contract's, else
  ``from_date``'s day; day 31 means the month's last day in short months); whole cycles bill
  the monthly price (quantity = cycles), a partial cycle bills price * days / days-in-cycle,
  rounded half-up to the cent. ``to_date`` not after ``from_date`` -> 422 on ``to_date``.
  The invoice is ``approved`` (the sandbox has no approval step), dated ``bill_for_date``
  (default: today on the sandbox clock) and due 30 days later (the contract's or customer's
  ``net_terms_days`` when a fixture gives one). ``check_duplicate_invoice: true`` refuses a
  second non-void invoice of the contract for exactly the same period (400 naming it).
- Create-invoice-charge charges the whole amount due of an approved or partially paid
  invoice (400 for draft, void or paid ones, with the status). Not yet due (today before
  ``due_date``) -> 400 unless ``skip_invoice_due_date_check``. The payment goes through
  ``connector.name`` (default "stripe"), from ``source`` else the customer's card on file;
  ``source`` or ``connector.reference_id`` ``pm_card_declined`` / ``pm_card_insufficient_funds``
  declines it: the failed payment is kept (Get-payments), the invoice stays unpaid, and the
  answer is 400 ``{"detail": "Payment … was declined …"}``. Success answers the payment.
- Create-credit-note-against-invoice (approved, partially paid or paid invoices): the part of
  ``credit_note_amount`` up to the unpaid balance lowers it; the rest is refunded and needs
  ``refund_destination`` (credits -> the customer's credit balance; original_payment_method ->
  the payments, per ``refund_amount_split`` else oldest first; external). A note that covers
  the whole unpaid balance voids the invoice. Status ``paid`` when money went back to a
  payment method or externally, else ``issued``.
- Listings: ``order`` (default ``-created_at``), ``limit`` (default 10), opaque cursors.
"""

from __future__ import annotations

from billing_sandbox.engine.http.registry import HandlerRegistry
from billing_sandbox.vendors.adapter import Services, VendorAdapter

from . import handlers, reads
from .ledger import VENDOR
from .profile import ZenskarProfile, credentials
from .records import RECORD_KINDS, load_records


def register(registry: HandlerRegistry, services: Services) -> None:
    handlers.register(registry, services)
    reads.register(registry, services)


ADAPTER = VendorAdapter(
    name=VENDOR,
    profile=ZenskarProfile,
    register=register,
    load_records=load_records,
    record_kinds=RECORD_KINDS,
    credentials=credentials,
)
