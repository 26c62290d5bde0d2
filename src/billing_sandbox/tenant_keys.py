"""A tenant's API key is part of its state: the store keeps it in the tenant's own namespace,
as the one record of kind ``_tenant``, so that it is written, replaced, reset and removed in
the same commit as the tenant's records. A tenant loaded while the server runs (``POST
/_sandbox/fixtures``, ``PUT /_sandbox/state``) is therefore still there, whole, after a
restart on the same data file, and a reset that removes it removes its key too.

State documents (``GET /_sandbox/state``) carry the key as ``api_key``, never as a record.
"""

from __future__ import annotations

from collections.abc import Iterable

from billing_sandbox.engine.http.profile import Tenant
from billing_sandbox.store import Store

KIND = "_tenant"
RECORD_ID = "credentials"


def key_record(api_key: str | None) -> dict[str, dict]:
    """The ``_tenant`` records of a namespace holding this key (None: a tenant without one)."""
    return {RECORD_ID: {"id": RECORD_ID, "api_key": api_key}}


def with_keys(records: dict, tenants: Iterable[tuple[str, str, str | None]]) -> dict:
    """Snapshot-shaped records plus the key record of each (vendor, tenant, api key)."""
    result = {namespace: dict(kinds) for namespace, kinds in records.items()}
    for vendor, tenant, api_key in tenants:
        result.setdefault(f"{vendor}/{tenant}", {})[KIND] = key_record(api_key)
    return result


def without_keys(kinds: dict) -> dict:
    """A namespace's records by kind, without its key record."""
    return {kind: records for kind, records in kinds.items() if kind != KIND}


def count_records(records: dict) -> int:
    """How many records a snapshot-shaped dict holds, key records not counted."""
    return sum(len(items) for kinds in records.values()
               for kind, items in kinds.items() if kind != KIND)


def stored_tenants(store: Store, vendors: Iterable[str]) -> dict[str, dict[str, Tenant]]:
    """The tenants whose keys the store keeps, by vendor (one read per namespace; a data file
    written before keys were stored has none)."""
    wanted = set(vendors)
    tenants: dict[str, dict[str, Tenant]] = {}
    for namespace in store.namespaces():
        vendor, _, tenant_id = namespace.partition("/")
        if vendor not in wanted or not tenant_id:
            continue
        with store.transaction(namespace) as repository:
            record = repository.get(KIND, RECORD_ID)
        if record is not None:
            tenants.setdefault(vendor, {})[tenant_id] = Tenant(tenant_id, record["api_key"])
    return tenants
