"""The vendor adapters shipped with the sandbox, by vendor folder name."""

from __future__ import annotations

from billing_sandbox.vendors.adapter import VendorAdapter


def shipped_adapters() -> dict[str, VendorAdapter]:
    adapters: dict[str, VendorAdapter] = {}
    try:
        from billing_sandbox.vendors.zenskar.adapter import ADAPTER as zenskar
        adapters[zenskar.name] = zenskar
    except ImportError:  # pragma: no cover - while an adapter is being written
        pass
    try:
        from billing_sandbox.vendors.dayzero.adapter import ADAPTER as dayzero
        adapters[dayzero.name] = dayzero
    except ImportError:  # pragma: no cover
        pass
    try:
        from billing_sandbox.vendors.chargebee.adapter import ADAPTER as chargebee
        adapters[chargebee.name] = chargebee
    except ImportError:  # pragma: no cover
        pass
    return adapters
