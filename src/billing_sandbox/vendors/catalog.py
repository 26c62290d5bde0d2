"""The vendor adapters shipped with the sandbox, by vendor folder name."""

from __future__ import annotations

from billing_sandbox.vendors.adapter import VendorAdapter
from billing_sandbox.vendors.chargebee.adapter import ADAPTER as CHARGEBEE
from billing_sandbox.vendors.dayzero.adapter import ADAPTER as DAYZERO
from billing_sandbox.vendors.zenskar.adapter import ADAPTER as ZENSKAR


def shipped_adapters() -> dict[str, VendorAdapter]:
    return {adapter.name: adapter for adapter in (ZENSKAR, DAYZERO, CHARGEBEE)}
