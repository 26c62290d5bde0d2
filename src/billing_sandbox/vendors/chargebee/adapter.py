"""The Chargebee adapter: HTTP Basic per site, form bodies, Chargebee's invoices and errors."""

from __future__ import annotations

from billing_sandbox.vendors.adapter import VendorAdapter

from .handlers import register
from .profile import ChargebeeProfile, credentials
from .records import RECORD_KINDS, load_records

ADAPTER = VendorAdapter(
    name="chargebee",
    profile=ChargebeeProfile,
    register=register,
    load_records=load_records,
    record_kinds=RECORD_KINDS,
    credentials=credentials,
)
