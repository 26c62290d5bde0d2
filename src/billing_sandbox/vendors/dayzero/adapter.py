"""The DayZero adapter: invoices paid from bank transactions (split, partial, overpaid)."""

from __future__ import annotations

from billing_sandbox.vendors.adapter import VendorAdapter

from .handlers import VENDOR, register
from .profile import DayZeroProfile, credentials
from .records import RECORD_KINDS, load_records

ADAPTER = VendorAdapter(
    name=VENDOR,
    profile=DayZeroProfile,
    register=register,
    load_records=load_records,
    record_kinds=RECORD_KINDS,
    credentials=credentials,
)
