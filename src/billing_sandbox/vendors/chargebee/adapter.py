"""The Chargebee adapter: HTTP Basic per site, form bodies, Chargebee's invoices and errors;
customers, subscriptions, cards, invoices, transactions and coupons of its document kept as
the ledger's records; renewals on the sandbox clock."""

from __future__ import annotations

from billing_sandbox.vendors.adapter import VendorAdapter

from .events import resource_events
from .handlers import register
from .profile import ChargebeeProfile, credentials
from .records import RECORD_KINDS, load_records
from .renewals import bring_up_to_time
from .resources import SHELVES

ADAPTER = VendorAdapter(
    name="chargebee",
    profile=ChargebeeProfile,
    register=register,
    load_records=load_records,
    record_kinds=RECORD_KINDS,
    credentials=credentials,
    shelves=SHELVES,
    resource_events=resource_events,
    on_time=bring_up_to_time,
)
