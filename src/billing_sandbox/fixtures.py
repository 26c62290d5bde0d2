"""Fixture documents: per vendor, per tenant, the credentials and the records to start from.

    zenskar:                 # vendor folder name
      demo:                  # tenant: Zenskar organisation, DayZero business id, Chargebee site
        api_key: zk_test_demo
        customers: [...]     # record kinds are the vendor adapter's (see README)

Loading is all or nothing: the records are loaded into a scratch store first, and only when
every record is valid are they copied into the real one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from billing_sandbox.core.clock import Clock
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.resources.seeding import RecordError, ResourceSeeder
from billing_sandbox.store import Store
from billing_sandbox.tenant_keys import with_keys
from billing_sandbox.vendors.adapter import Services, VendorAdapter

# When fixtures say they were created in a seeded run whose clock is not frozen
SEEDED_FIXTURES_AT = datetime(2026, 1, 1, tzinfo=UTC)


class FixtureError(Exception):
    """A fixture document that cannot be loaded; names the file, vendor, tenant, record, field."""


@dataclass
class TenantFixture:
    id: str
    api_key: str | None
    records: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Fixtures:
    source: str = "<none>"
    vendors: dict[str, dict[str, TenantFixture]] = field(default_factory=dict)

    def tenants(self, vendor: str) -> TenantDirectory:
        """The vendor's tenants, found by key; FixtureError if two share a key (one of them
        could never be reached), as fixture files merged together may."""
        tenants = self.vendors.get(vendor, {})
        check_unique_keys(self.source, vendor, tenants.values())
        return TenantDirectory({t.id: Tenant(t.id, t.api_key) for t in tenants.values()})


def check_unique_keys(source: str, vendor: str, tenants: Iterable) -> None:
    """Each API key names one tenant of a vendor (a request finds its tenant by its key)."""
    clash = shared_key(tenants)
    if clash is not None:
        tenant, holder = clash
        raise FixtureError(f"{source}: {vendor}.{tenant}.api_key: {SHARED_KEY.format(holder)}")


SHARED_KEY = "tenant {!r} has the same key; each tenant needs a key of its own"
BLANK_KEY = "must not be blank (no request could send it, so the tenant could not be reached)"


def is_blank_key(api_key: str | None) -> bool:
    return api_key is not None and not api_key.strip()


def shared_key(tenants: Iterable) -> tuple[str, str] | None:
    """(tenant, earlier tenant) of the first two tenants with one API key, or None."""
    holders: dict[str, str] = {}
    for tenant in tenants:
        if tenant.api_key is None:
            continue
        if tenant.api_key in holders:
            return tenant.id, holders[tenant.api_key]
        holders[tenant.api_key] = tenant.id
    return None


def read_fixtures(path: Path) -> Fixtures:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: ~5x faster
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FixtureError(f"{path}: {exc}") from exc
    return parse_fixtures(document, str(path))


def parse_fixtures(document: object, source: str) -> Fixtures:
    if not isinstance(document, dict):
        raise FixtureError(f"{source}: a fixture document maps vendor names to tenants")
    fixtures = Fixtures(source=source)
    for vendor, tenants in document.items():
        if not isinstance(tenants, dict):
            raise FixtureError(f"{source}: {vendor}: expected a mapping of tenant ids")
        for tenant_id, body in tenants.items():
            where = f"{source}: {vendor}.{tenant_id}"
            if not isinstance(body, dict):
                raise FixtureError(f"{where}: expected a mapping with api_key and records")
            api_key = body.get("api_key")
            if api_key is not None and not isinstance(api_key, str):
                raise FixtureError(f"{where}.api_key: must be a string")
            if is_blank_key(api_key):
                raise FixtureError(f"{where}.api_key: {BLANK_KEY}")
            records = {}
            for kind, items in body.items():
                if kind == "api_key":
                    continue
                if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                    raise FixtureError(f"{where}.{kind}: expected a list of records")
                records[kind] = items
            fixtures.vendors.setdefault(str(vendor), {})[str(tenant_id)] = TenantFixture(
                str(tenant_id), api_key, records)
    for vendor, tenants in fixtures.vendors.items():
        check_unique_keys(source, vendor, tenants.values())
    return fixtures


def load_into(store: Store, fixtures: Fixtures, vendor_names: list[str],
              adapters: dict[str, VendorAdapter], clock: Clock, seed: str | None = None,
              seeders: dict[str, ResourceSeeder] | None = None) -> None:
    """Each tenant's records: the kinds an adapter keeps in its ledger by the adapter, the
    resources inferred from the vendor's document by its seeder."""
    services = Services(store=store, clock=clock, seed=seed)
    seeders = seeders or {}
    for vendor, tenants in fixtures.vendors.items():
        if vendor not in vendor_names:
            raise FixtureError(f"{fixtures.source}: {vendor}: no such vendor in the specs "
                               f"(vendors: {', '.join(vendor_names)})")
        adapter, seeder = adapters.get(vendor), seeders.get(vendor)
        ledger_kinds = set(adapter.record_kinds) if adapter is not None else set()
        for tenant in tenants.values():
            where = f"{fixtures.source}: {vendor}.{tenant.id}"
            ledger = {k: v for k, v in tenant.records.items() if k in ledger_kinds}
            documented = {k: v for k, v in tenant.records.items() if k not in ledger_kinds}
            unknown = sorted(k for k in documented if seeder is None or seeder.resource(k) is None)
            if unknown:
                kinds = sorted(ledger_kinds) + (seeder.kinds if seeder is not None else [])
                takes = (f"{vendor} takes {', '.join(kinds)}" if kinds else
                         f"{vendor} keeps no records, so it takes credentials only")
                raise FixtureError(f"{where}: unknown record kind(s) {', '.join(unknown)}; "
                                   f"{takes}")
            try:
                if ledger:
                    adapter.load_records(services, tenant.id, ledger)
                if documented:
                    namespace = services.namespace(vendor, tenant.id)
                    with store.transaction(namespace) as repo:
                        seeder.load(repo, namespace, documented, clock.now, seed)
            except RecordError as exc:
                raise FixtureError(f"{where}.{exc}") from exc


def fixture_records(fixtures: Fixtures, vendor_names: list[str],
                    adapters: dict[str, VendorAdapter], clock: Clock,
                    seed: str | None = None,
                    seeders: dict[str, ResourceSeeder] | None = None) -> dict:
    """The records the fixtures make, shaped like ``Store.snapshot()``, each tenant's key
    record (tenant_keys) included; FixtureError if any record is refused (they are loaded
    into a scratch store, so nothing else is touched).

    With a seed, records are dated by a frozen clock only: the sandbox clock when it is frozen,
    else ``SEEDED_FIXTURES_AT``, so that a seeded run's fixtures (and every answer showing
    them) are the same run after run, whenever the server started."""
    if seed is not None and not clock.frozen:
        clock = Clock()
        clock.freeze(SEEDED_FIXTURES_AT)
    scratch = Store.open(None)
    try:
        load_into(scratch, fixtures, vendor_names, adapters, clock, seed, seeders)
        return with_keys(scratch.snapshot(), (
            (vendor, tenant.id, tenant.api_key)
            for vendor, tenants in fixtures.vendors.items() for tenant in tenants.values()))
    finally:
        scratch.close()


def seed_store(store: Store, fixtures: Fixtures, vendor_names: list[str],
               adapters: dict[str, VendorAdapter], clock: Clock,
               snapshot: dict | None = None,
               seeders: dict[str, ResourceSeeder] | None = None) -> None:
    """Load fixtures all or nothing (``snapshot``: their records, when already made)."""
    if snapshot is None:
        snapshot = fixture_records(fixtures, vendor_names, adapters, clock, seeders=seeders)
    if store.is_empty():
        store.restore(snapshot)  # one atomic, durable commit
        return
    for namespace, kinds in snapshot.items():  # replaces exactly the tenants the file names
        store.restore({namespace: kinds}, namespace)
