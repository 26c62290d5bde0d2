"""create_app(settings): the one place where specs, fixtures, store, adapters and the engine
are wired together."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from billing_sandbox.core.clock import Clock
from billing_sandbox.docs import docs_router
from billing_sandbox.engine.api import VendorApi
from billing_sandbox.engine.contract import SchemaBook
from billing_sandbox.engine.generic_profile import GenericProfile
from billing_sandbox.engine.monitor import ContractMonitor
from billing_sandbox.engine.pipeline import EngineApp, Mount
from billing_sandbox.engine.registry import HandlerRegistry
from billing_sandbox.engine.specs import VendorSpec, discover_vendors
from billing_sandbox.fixtures import FixtureError, Fixtures, read_fixtures, seed_store
from billing_sandbox.settings import Settings
from billing_sandbox.store import Store
from billing_sandbox.vendors.adapter import Services, VendorAdapter
from billing_sandbox.vendors.catalog import shipped_adapters

log = logging.getLogger("billing_sandbox")


@dataclass
class Sandbox:
    settings: Settings
    app: EngineApp
    vendor_apps: dict[str, EngineApp]
    apis: dict[str, VendorApi]
    fixtures: Fixtures
    store: Store
    clock: Clock
    monitor: ContractMonitor
    registry: HandlerRegistry
    adapters: dict[str, VendorAdapter] = field(default_factory=dict)

    def base_urls(self, vendor: str) -> list[str]:
        spec = self.apis[vendor].spec
        root = f"http://{self.settings.host}:{self.settings.port}/{vendor}"
        urls = [root + base for base in spec.base_paths]
        port = self.settings.vendor_ports.get(vendor)
        if port:
            urls += [f"http://{self.settings.host}:{port}{base}" for base in spec.base_paths]
        return urls

    def close(self) -> None:
        self.store.close()


def load_fixtures(settings: Settings) -> Fixtures:
    merged = Fixtures(source=", ".join(str(p) for p in settings.fixtures) or "<none>")
    for path in settings.fixtures:
        loaded = read_fixtures(path)
        for vendor, tenants in loaded.vendors.items():
            target = merged.vendors.setdefault(vendor, {})
            clash = set(target) & set(tenants)
            if clash:
                raise FixtureError(f"{path}: {vendor}: tenant(s) {', '.join(sorted(clash))} "
                                   "already defined by an earlier fixture file")
            target.update(tenants)
    return merged


def create_app(settings: Settings) -> Sandbox:
    specs = discover_vendors(settings.specs_dir)
    fixtures = load_fixtures(settings)
    adapters = {name: a for name, a in shipped_adapters().items()
                if name in {s.name for s in specs}}
    store = Store.open(settings.data)
    clock = Clock()
    services = Services(store=store, clock=clock)
    registry = HandlerRegistry()
    monitor = ContractMonitor()
    apis: dict[str, VendorApi] = {}
    for spec in specs:
        tenants = fixtures.tenants(spec.name)
        schemas = SchemaBook(spec.document)
        adapter = adapters.get(spec.name)
        if adapter is not None:
            adapter.register(registry, services)
            profile = adapter.profile(tenants)
        else:
            profile = GenericProfile(schemas, tenants)
        apis[spec.name] = VendorApi(spec, profile, registry, monitor, seed=settings.seed,
                                    schemas=schemas)
    if store.is_empty():
        seed_store(store, fixtures, [s.name for s in specs], adapters, clock)
    main = EngineApp(
        [Mount(f"/{name}{base}", api) for name, api in apis.items()
         for base in api.spec.base_paths],
        extras={},
        max_body=settings.max_body,
    )
    docs = docs_router([(s.name, s.document, s.base_paths) for s in specs],
                       index=_index(specs, settings))
    for spec in specs:
        for path in (f"/{spec.name}/docs", f"/{spec.name}/openapi.json"):
            main.extras[path] = docs
    main.extras["/"] = docs
    vendor_apps = {
        vendor: EngineApp([Mount(base, apis[vendor]) for base in apis[vendor].spec.base_paths],
                          max_body=settings.max_body)
        for vendor in settings.vendor_ports
    }
    return Sandbox(settings, main, vendor_apps, apis, fixtures, store, clock, monitor,
                   registry, adapters)


def _index(specs: list[VendorSpec], settings: Settings) -> dict:
    return {
        "billing_sandbox": True,
        "vendors": {
            s.name: {
                "base_paths": [f"/{s.name}{b}" for b in s.base_paths],
                "docs": f"/{s.name}/docs",
                "openapi": f"/{s.name}/openapi.json",
                "operations": len(s.operations),
            }
            for s in specs
        },
    }

