"""create_app(settings): the one place where specs, fixtures, store, adapters and the engine
are wired together."""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from billing_sandbox.control.api import NAME as CONTROL
from billing_sandbox.control.api import control_mount
from billing_sandbox.control.event_log import EventLog
from billing_sandbox.control.plane import ControlPlane
from billing_sandbox.core.clock import Clock
from billing_sandbox.docs import (
    ASSETS,
    FAVICON,
    Authorization,
    DocsPage,
    docs_router,
    no_authorization,
)
from billing_sandbox.engine.documents.reading import SpecError
from billing_sandbox.engine.documents.vendors import VendorSpec, discover_vendors
from billing_sandbox.engine.http.api import VendorApi
from billing_sandbox.engine.http.faults import FaultBook
from billing_sandbox.engine.http.generic_profile import GenericProfile
from billing_sandbox.engine.http.pipeline import EngineApp, Hooks, Mount
from billing_sandbox.engine.http.profile import TenantDirectory
from billing_sandbox.engine.http.registry import HandlerRegistry
from billing_sandbox.engine.observe.journal import CallJournal
from billing_sandbox.engine.observe.monitor import ContractMonitor
from billing_sandbox.engine.observe.report import ContractReport
from billing_sandbox.engine.resources.handlers import ResourceHandlers, ResourceServices
from billing_sandbox.engine.resources.inference import infer_resources
from billing_sandbox.engine.resources.seeding import ResourceSeeder
from billing_sandbox.engine.schema.model import model_for
from billing_sandbox.fixtures import (
    FixtureError,
    Fixtures,
    check_unique_keys,
    fixture_records,
    read_fixtures,
    seed_store,
)
from billing_sandbox.home import HomePage, HomeVendor, document_credentials
from billing_sandbox.settings import Settings
from billing_sandbox.shipped import DEMO_FIXTURES
from billing_sandbox.store import Store
from billing_sandbox.tenant_keys import stored_tenants
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
    control: ControlPlane | None = None

    def base_urls(self, vendor: str) -> list[str]:
        spec = self.apis[vendor].spec
        root = f"http://{self.settings.host}:{self.settings.port}/{vendor}"
        urls = [root + base for base in spec.base_paths]
        port = self.settings.vendor_ports.get(vendor)
        if port:
            urls += [f"http://{self.settings.host}:{port}{base}" for base in spec.base_paths]
        return urls

    def served_apis(self) -> dict[str, VendorApi]:
        """The vendor APIs and the control plane, by name."""
        control = self.app.by_prefix.get("/" + CONTROL)
        return {**self.apis, **({CONTROL: control.api} if control else {})}

    def close(self) -> None:
        self.store.close()


def load_fixtures(settings: Settings, vendors: list[str]) -> Fixtures:
    """The fixture files merged; the shipped demo tenants only for the vendors served (they
    are the default, also when a user serves only vendors of their own)."""
    merged = Fixtures(source=", ".join(str(p) for p in settings.fixtures) or "<none>")
    for path in settings.fixtures:
        loaded = read_fixtures(path)
        if path == DEMO_FIXTURES:
            loaded.vendors = {v: t for v, t in loaded.vendors.items() if v in vendors}
        for vendor, tenants in loaded.vendors.items():
            target = merged.vendors.setdefault(vendor, {})
            clash = set(target) & set(tenants)
            if clash:
                raise FixtureError(f"{path}: {vendor}: tenant(s) {', '.join(sorted(clash))} "
                                   "already defined by an earlier fixture file")
            target.update(tenants)
    return merged


def vendor_specs(folders: list[Path]) -> list[VendorSpec]:
    """The vendors of each folder of vendor folders, in order; a vendor of a later folder
    replaces one of the same name (a user's ``chargebee/`` replaces the shipped one)."""
    if not folders:
        raise SpecError("no specs folder given")
    vendors: dict[str, VendorSpec] = {}
    for folder in folders:
        for spec in discover_vendors(folder):
            if spec.name == CONTROL:
                raise SpecError(f"{spec.folder}: the name is the control plane's")
            vendors[spec.name] = spec
    return list(vendors.values())


def create_app(settings: Settings) -> Sandbox:
    specs = vendor_specs(settings.specs_dirs)
    resource_models = {spec.name: infer_resources(spec, model_for(spec.document))
                       for spec in specs}
    fixtures = load_fixtures(settings, [spec.name for spec in specs])
    adapters = {name: a for name, a in shipped_adapters().items()
                if name in {s.name for s in specs}}
    seeders = {spec.name: ResourceSeeder(model_for(spec.document), resource_models[spec.name],
                                         _shelves(adapters.get(spec.name)))
               for spec in specs}
    vendor_names = [s.name for s in specs]
    clock = Clock()
    baseline = fixture_records(fixtures, vendor_names, adapters, clock, settings.seed, seeders)
    store = Store.open(settings.data)
    events = EventLog()
    services = Services(store=store, clock=clock, seed=settings.seed, publish=events.publish,
                        published=lambda vendor, tenant: [
                            logged.event for logged in events.entries(vendor, tenant)])
    registry = HandlerRegistry()
    monitor = ContractMonitor()
    directories = {spec.name: fixtures.tenants(spec.name) for spec in specs}
    apis: dict[str, VendorApi] = {}
    for spec in specs:
        schemas = model_for(spec.document)
        adapter = adapters.get(spec.name)
        resource_services = ResourceServices(
            store=store, now=clock.now, seed=settings.seed, publish=events.publish,
            shelves=_shelves(adapter),
            changes=adapter.resource_events if adapter is not None else None)
        if adapter is not None:
            adapter.register(registry, services)
            profile = adapter.profile(directories[spec.name])
        else:
            profile = GenericProfile(schemas, directories[spec.name])
        api = VendorApi(spec, profile, registry, monitor, seed=settings.seed or "0",
                        schemas=schemas)
        api.resources = resource_models[spec.name]
        api.inferred = set(ResourceHandlers(
            spec.name, schemas, api.resources, resource_services,
            {op.operation_id: op.responses for op in spec.operations}).register(registry))
        apis[spec.name] = api
    if store.is_empty():
        seed_store(store, fixtures, vendor_names, adapters, clock, baseline)
    baseline_tenants = {vendor: copy.deepcopy(directory.tenants)
                        for vendor, directory in directories.items()}
    add_stored_tenants(directories, store, str(settings.data))
    plane = ControlPlane(
        store=store, clock=clock, apis=apis, adapters=adapters, directories=directories,
        baseline_records=baseline, journal=CallJournal(settings.journal_size),
        report=ContractReport(), faults=FaultBook(), monitor=monitor, seed=settings.seed,
        seeders=seeders,
        events=events, baseline_tenants=baseline_tenants)
    timers = _timers(adapters, services)
    plane.time_listeners.append(lambda: _bring_up_to_time(timers, directories))
    hooks = Hooks(observers=[plane.report.observe, _journal_observer(plane.journal, apis)],
                  faults=plane.faults, sandbox_time=clock.now,
                  run_handler=_on_the_loop(store, timers))
    control = control_mount(plane, registry, monitor, settings.admin_token)
    # a body limit of its own, so that PUT /state takes back any state GET /state exported
    control.max_body = settings.control_max_body
    main = EngineApp(
        [Mount(f"/{name}{base}", api) for name, api in apis.items()
         for base in api.spec.base_paths] + [control],
        extras={}, max_body=settings.max_body, hooks=hooks,
    )
    docs = _browser_router(specs, control.api.spec, plane, registry, settings)
    for name in [*apis, CONTROL]:
        for path in (f"/{name}/docs", f"/{name}/openapi.json"):
            main.extras[path] = docs
    main.extras["/"] = docs
    main.extras[ASSETS] = docs
    main.extras[FAVICON] = docs
    vendor_apps = {
        vendor: EngineApp([Mount(base, apis[vendor]) for base in apis[vendor].spec.base_paths],
                          max_body=settings.max_body, hooks=hooks)
        for vendor in settings.vendor_ports
    }
    return Sandbox(settings, main, vendor_apps, apis, fixtures, store, clock, monitor,
                   registry, adapters, plane)


def add_stored_tenants(directories: dict[str, TenantDirectory], store: Store,
                       source: str) -> None:
    """The tenants the data file keeps join (or, by id, replace) those of the fixtures: a
    tenant loaded while an earlier run served is served again, with its key."""
    for vendor, tenants in stored_tenants(store, directories).items():
        merged = {**directories[vendor].tenants, **tenants}
        check_unique_keys(source, vendor, merged.values())
        directories[vendor].tenants = merged


def _browser_router(specs: list[VendorSpec], control: VendorSpec, plane: ControlPlane,
                    registry: HandlerRegistry, settings: Settings):
    """The docs pages of the vendors and the control plane, and the home page, over the live
    tenants and journal."""
    directories = plane.directories
    credentials = {spec.name: plane.adapters[spec.name].credentials
                   if spec.name in plane.adapters and plane.adapters[spec.name].credentials
                   else document_credentials(spec) for spec in specs}
    shown = settings.admin_token is None  # tenants' keys are control-plane data (home.py)
    pages = [DocsPage(s.name, s.document, s.base_paths,
                      _authorization(directories[s.name], credentials[s.name]) if shown
                      else no_authorization) for s in specs]
    pages.append(DocsPage(CONTROL, control.document, [""]))
    home = HomePage(
        vendors=[HomeVendor(s, directories[s.name], credentials[s.name],
                            _base_urls(s, settings.vendor_ports.get(s.name))) for s in specs],
        registry=registry, journal=plane.journal, control_docs=f"/{CONTROL}/docs",
        admin_token=settings.admin_token)
    return docs_router(pages, index=_index(specs, control), home=home.render)


def _authorization(directory: TenantDirectory, credentials) -> Authorization:
    """The docs page authorizes as the vendor's first tenant with a key (the demo tenant)."""

    def first_tenant():
        tenant = next((t for t in directory.tenants.values() if t.api_key), None)
        return None if tenant is None else (tenant.id, credentials(tenant))

    return first_tenant


def _base_urls(spec: VendorSpec, vendor_port: int | None):
    """A vendor's base URLs under the root URL a browser used (and on its own port)."""

    def urls(root: str) -> list[str]:
        found = [f"{root}/{spec.name}{base}" for base in spec.base_paths]
        if vendor_port:
            parts = urlsplit(root)
            found += [f"{parts.scheme}://{parts.hostname}:{vendor_port}{base}"
                      for base in spec.base_paths]
        return found

    return urls


def _shelves(adapter: VendorAdapter | None) -> dict:
    return dict(adapter.shelves) if adapter is not None else {}


Timer = Callable[[str], None]  # brings one tenant of a vendor up to the sandbox clock


def _timers(adapters: dict[str, VendorAdapter], services: Services) -> dict[str, Timer]:
    """Per vendor whose adapter has things that fall due on the clock, how to bring a tenant
    up to it."""
    return {name: functools.partial(adapter.on_time, services)
            for name, adapter in adapters.items() if adapter.on_time is not None}


def _bring_up_to_time(timers: dict[str, Timer],
                      directories: dict[str, TenantDirectory]) -> None:
    """After the clock moved: every tenant of every such vendor, so that what fell due
    happens (and is announced) now, not at the tenant's next call."""
    for vendor, timer in timers.items():
        for tenant in list(directories[vendor].tenants):
            timer(tenant)


def _on_the_loop(store: Store, timers: dict[str, Timer] | None = None):
    """Handlers run on the event loop (no thread hop; they hold the store lock for
    microseconds); the answer, a refusal too (a declined charge keeps its failed payment),
    waits without blocking the loop until what the handler wrote or read is on disk. While
    the clock runs, what fell due for the calling tenant happens first."""
    timers = timers or {}

    async def run(handler, request):
        with store.deferring_durability() as pending:
            try:
                timer = timers.get(request.vendor)
                if timer is not None:
                    timer(request.tenant)
                return handler(request)
            finally:
                await pending.durable()

    return run


def _journal_observer(journal: CallJournal, apis: dict[str, VendorApi]):
    """Records each call with the header names that carry the vendor's credentials masked."""
    secrets = {name: frozenset(
        str(scheme.get("name", "")).lower() for scheme in api.spec.security_schemes.values()
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header")
        for name, api in apis.items()}

    def observe(call) -> None:
        journal.record(call, secrets.get(call.vendor, frozenset()))

    return observe


def _index(specs: list[VendorSpec], control: VendorSpec) -> dict:
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
        "control": {"base_path": control.base_paths[0], "docs": f"/{CONTROL}/docs",
                    "openapi": f"/{CONTROL}/openapi.json",
                    "operations": len(control.operations)},
    }
