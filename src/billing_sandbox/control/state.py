"""Reset to the fixtures, load fixtures, export and restore state."""

from __future__ import annotations

import time
from collections.abc import Callable

import yaml

from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.fixtures import (
    BLANK_KEY,
    SHARED_KEY,
    FixtureError,
    fixture_records,
    is_blank_key,
    parse_fixtures,
    shared_key,
)
from billing_sandbox.store import StoreError
from billing_sandbox.tenant_keys import count_records, with_keys, without_keys

from .plane import ControlPlane, Scope
from .records import KINDS as LEDGER_KINDS
from .records import record_problems

STATE_FORMAT = "billing-sandbox-state/1"


def scope_of(plane: ControlPlane, vendor: str | None, tenant: str | None) -> Scope:
    """The scope named by a request; 404 for a vendor or tenant the sandbox does not have."""
    if tenant is not None and vendor is None:
        raise ApiError("bad_request", "tenant needs vendor", param="tenant")
    if vendor is not None and vendor not in plane.apis:
        raise ApiError("not_found", f"no vendor {vendor!r}; vendors: {', '.join(plane.vendors)}",
                       param="vendor")
    if tenant is not None and not _tenant_known(plane, vendor, tenant):
        raise ApiError("not_found", f"{vendor} has no tenant {tenant!r}", param="tenant")
    return Scope(vendor, tenant)


def vendor_filter(plane: ControlPlane, vendor: str | None) -> str | None:
    """A ``vendor`` query filter; 400 for a vendor the sandbox does not serve (a typo would
    otherwise select nothing, and a CI job would pass on an empty report)."""
    if vendor is not None and vendor not in plane.apis:
        raise ApiError("bad_request", f"no vendor {vendor!r}; vendors: "
                                      f"{', '.join(plane.vendors)}", param="vendor")
    return vendor


def _tenant_known(plane: ControlPlane, vendor: str, tenant: str) -> bool:
    return (tenant in plane.directories[vendor].tenants
            or tenant in plane.baseline_tenants.get(vendor, {})
            or f"{vendor}/{tenant}" in plane.store.namespaces())


def reset(plane: ControlPlane, scope: Scope) -> int:
    """State, tenants, journal (and on a full reset the report, faults and clock) back to the
    baseline; the number of records now in the scope."""
    records = {ns: kinds for ns, kinds in plane.baseline_records.items()
               if scope.covers(*ns.split("/", 1))}
    plane.store.restore(records, scope.prefix)
    for vendor, directory in plane.directories.items():
        baseline = {tenant_id: tenant.api_key for tenant_id, tenant
                    in plane.baseline_tenants.get(vendor, {}).items()}
        _replace_tenants(directory, lambda t, v=vendor: scope.covers(v, t), baseline)
    plane.journal.clear(scope.vendor, scope.tenant)
    if scope.vendor is None:
        plane.report.clear()
        plane.faults.clear()
        plane.clock.real_time()
        plane.monitor.clear()
    for listener in plane.reset_listeners:
        listener(scope)
    return count_records(records)


def load_fixture_document(plane: ControlPlane, document: object, baseline: bool) -> dict:
    """Replace each tenant the document names by its fixtures, all or nothing."""
    try:
        fixtures = parse_fixtures(document, "fixtures")
        records = fixture_records(fixtures, plane.vendors, plane.adapters, plane.clock,
                                  plane.seed, plane.seeders)
    except FixtureError as exc:
        raise _fixture_error(exc) from None
    tenants = [(vendor, tenant) for vendor, by_id in fixtures.vendors.items()
               for tenant in by_id.values()]
    for vendor, tenant in tenants:
        _check_key_free(plane, vendor, tenant.id, tenant.api_key)
    for vendor, tenant in tenants:
        namespace = f"{vendor}/{tenant.id}"
        plane.store.restore({namespace: records.get(namespace, {})}, namespace)
        _replace_tenants(plane.directories[vendor], lambda t, one=tenant.id: t == one,
                         {tenant.id: tenant.api_key})
        if baseline:
            plane.baseline_records[namespace] = records.get(namespace, {})
            plane.baseline_tenants.setdefault(vendor, {})[tenant.id] = Tenant(
                tenant.id, tenant.api_key)
    loaded: dict = {}
    for vendor, tenant in tenants:
        kinds = without_keys(records.get(f"{vendor}/{tenant.id}", {}))
        loaded.setdefault(vendor, {})[tenant.id] = {kind: len(items)
                                                    for kind, items in kinds.items()}
    return loaded


def _fixture_error(exc: FixtureError) -> ApiError:
    """``fixtures: zenskar.demo.invoices[0].total: reason`` -> field and reason."""
    parts = str(exc).split(": ", 2)
    field = parts[1] if len(parts) == 3 else "fixtures"
    return ApiError("bad_request", str(exc).removeprefix("fixtures: "), param=field)


def _check_unique_keys(vendor: str, tenants: list[Tenant]) -> None:
    clash = shared_key(tenants)
    if clash is not None:
        field = f"vendors.{vendor}.{clash[0]}.api_key"
        raise ApiError("bad_request", f"{field}: {SHARED_KEY.format(clash[1])}", param=field)


def _check_key_free(plane: ControlPlane, vendor: str, tenant_id: str, key: str | None) -> None:
    if key is None:
        return
    holder = plane.directories[vendor].by_key(key)
    if holder is not None and holder.id != tenant_id:
        raise ApiError("bad_request", f"{vendor}.{tenant_id}.api_key: the key is already the "
                                      f"key of tenant {holder.id!r}",
                       param=f"{vendor}.{tenant_id}.api_key")


def export_state(plane: ControlPlane, scope: Scope) -> dict:
    records = plane.store.snapshot(scope.prefix)
    vendors: dict = {}
    for vendor, directory in plane.directories.items():
        for tenant in directory.tenants.values():
            if scope.covers(vendor, tenant.id):
                vendors.setdefault(vendor, {})[tenant.id] = {"api_key": tenant.api_key,
                                                             "records": {}}
    for namespace, kinds in records.items():
        vendor, tenant = namespace.split("/", 1)
        entry = vendors.setdefault(vendor, {}).setdefault(tenant, {"api_key": None})
        entry["records"] = without_keys(kinds)
    return {"format": STATE_FORMAT, "exported_at": plane.clock.now().isoformat(),
            "vendors": vendors}


def restore_state(plane: ControlPlane, scope: Scope, document: dict) -> int:
    """Make the scope hold exactly what the document holds (records and tenants)."""
    records: dict = {}
    keys: dict[str, dict[str, str | None]] = {}
    for vendor, tenants in document["vendors"].items():
        if vendor not in plane.apis:
            raise ApiError("bad_request", f"no vendor {vendor!r} in this sandbox",
                           param=f"vendors.{vendor}")
        for tenant_id, entry in tenants.items():
            if not scope.covers(vendor, tenant_id):
                raise ApiError("bad_request", f"{vendor}/{tenant_id} is outside the scope "
                                              f"{scope.prefix}", param=f"vendors.{vendor}")
            key = entry.get("api_key")
            if is_blank_key(key):
                field = f"vendors.{vendor}.{tenant_id}.api_key"
                raise ApiError("bad_request", f"{field}: {BLANK_KEY}", param=field)
            keys.setdefault(vendor, {})[tenant_id] = key
            for kind, kept in entry["records"].items():
                for field, reason in _problems(plane, vendor, kind, kept):
                    where = f"vendors.{vendor}.{tenant_id}.records.{kind}" + (
                        f".{field}" if field else "")
                    raise ApiError("bad_request", f"{where}: {reason}", param=where)
            if entry["records"]:
                records[f"{vendor}/{tenant_id}"] = entry["records"]
    for vendor, directory in plane.directories.items():
        kept = [t for t in directory.tenants.values() if not scope.covers(vendor, t.id)]
        _check_unique_keys(vendor, kept + [Tenant(t, key) for t, key
                                          in keys.get(vendor, {}).items()])
    records = with_keys(records, ((vendor, tenant_id, key) for vendor, by_id in keys.items()
                                  for tenant_id, key in by_id.items()))
    try:
        plane.store.restore(records, scope.prefix)
    except (StoreError, TypeError, ValueError) as exc:
        raise ApiError("bad_request", f"vendors: {exc}", param="vendors") from None
    for vendor, directory in plane.directories.items():
        _replace_tenants(directory, lambda t, v=vendor: scope.covers(v, t), keys.get(vendor, {}))
    return count_records(records)


def _problems(plane: ControlPlane, vendor: str, kind: str, records: object):
    """How the records of a kind could not be restored: a kind of the ledger as the ledger
    stores it, a resource inferred from the vendor's document against its schema."""
    seeder = plane.seeders.get(vendor)
    if kind in LEDGER_KINDS:
        return record_problems(kind, records)
    if seeder is not None and seeder.resource(kind) is not None:
        return seeder.problems(kind, records)
    kinds = [*LEDGER_KINDS, *(seeder.kinds if seeder is not None else [])]
    return iter([("", f"the sandbox stores no records of kind {kind!r}; kinds: "
                      f"{', '.join(kinds)}")])


def _replace_tenants(directory: TenantDirectory, replaced: Callable[[str], bool],
                     keys: dict[str, str | None]) -> None:
    """Drop the tenants ``replaced`` selects, add ``keys`` (tenant -> api key). The directory
    gets a new dict in one assignment: requests authenticating meanwhile see old or new."""
    tenants = {tenant_id: tenant for tenant_id, tenant in directory.tenants.items()
               if not replaced(tenant_id)}
    tenants.update({tenant_id: Tenant(tenant_id, key) for tenant_id, key in keys.items()})
    directory.tenants = tenants


def register(registry: HandlerRegistry, plane: ControlPlane, vendor: str) -> None:
    @registry.handler(vendor, "reset")
    def reset_handler(request: Request) -> Reply:
        body = request.body or {}
        scope = scope_of(plane, body.get("vendor"), body.get("tenant"))
        began = time.perf_counter()
        with plane.lock:
            records = reset(plane, scope)
        return Reply(200, {"scope": scope.as_dict(), "records": records,
                           "took_ms": round((time.perf_counter() - began) * 1000, 3)})

    @registry.preparer(vendor, "loadFixtures")
    def read_yaml(body: object) -> object:
        if isinstance(body, str):  # application/yaml arrives as text
            try:
                return yaml.safe_load(body)
            except yaml.YAMLError as exc:
                raise ApiError("malformed_body", f"body: not YAML: {exc}", param="body") from None
        return body

    @registry.handler(vendor, "loadFixtures")
    def load_handler(request: Request) -> Reply:
        baseline = bool(request.query.get("baseline", False))
        with plane.lock:
            loaded = load_fixture_document(plane, request.body, baseline)
        return Reply(200, {"loaded": loaded, "baseline": baseline})

    @registry.handler(vendor, "exportState")
    def export_handler(request: Request) -> Reply:
        scope = scope_of(plane, request.query.get("vendor"), request.query.get("tenant"))
        return Reply(200, export_state(plane, scope))

    @registry.handler(vendor, "restoreState")
    def restore_handler(request: Request) -> Reply:
        scope = scope_of(plane, request.query.get("vendor"), request.query.get("tenant"))
        with plane.lock:
            records = restore_state(plane, scope, request.body)
        return Reply(200, {"scope": scope.as_dict(), "records": records})
