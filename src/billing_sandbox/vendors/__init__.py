"""Thin vendor adapters: auth and tenant, request -> ledger call -> the vendor's shapes."""
