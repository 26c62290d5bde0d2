"""What the control plane works on: the store and its fixture baseline, the tenants, the clock,
the engine's journal, report and faults, and the events with their webhooks. Built once by
``app.create_app``."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from billing_sandbox.core.clock import Clock
from billing_sandbox.engine.http.api import VendorApi
from billing_sandbox.engine.http.faults import FaultBook
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory
from billing_sandbox.engine.observe.journal import CallJournal
from billing_sandbox.engine.observe.monitor import ContractMonitor
from billing_sandbox.engine.observe.report import ContractReport
from billing_sandbox.engine.resources.seeding import ResourceSeeder
from billing_sandbox.store import Store
from billing_sandbox.vendors.adapter import VendorAdapter

from .event_log import EventLog
from .webhooks import Webhooks


@dataclass
class Scope:
    """All (vendor None), one vendor, or one tenant of one vendor."""

    vendor: str | None = None
    tenant: str | None = None

    @property
    def prefix(self) -> str | None:
        if self.vendor is None:
            return None
        return self.vendor if self.tenant is None else f"{self.vendor}/{self.tenant}"

    def covers(self, vendor: str, tenant: str | None = None) -> bool:
        return ((self.vendor is None or self.vendor == vendor)
                and (self.tenant is None or self.tenant == tenant))

    def as_dict(self) -> dict:
        return {k: v for k, v in (("vendor", self.vendor), ("tenant", self.tenant)) if v}


@dataclass
class ControlPlane:
    store: Store
    clock: Clock
    apis: dict[str, VendorApi]  # the vendor APIs (not the control plane itself)
    adapters: dict[str, VendorAdapter]
    directories: dict[str, TenantDirectory]
    baseline_records: dict  # what reset returns to, shaped like Store.snapshot()
    journal: CallJournal
    report: ContractReport
    faults: FaultBook
    monitor: ContractMonitor
    seed: str | None = None
    # each vendor's inferred resources, for fixtures and state documents that hold them
    seeders: dict[str, ResourceSeeder] = field(default_factory=dict)
    baseline_tenants: dict[str, dict[str, Tenant]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one control change at a time
    # called after a reset with its scope (events and webhooks forget what the scope covers)
    reset_listeners: list[Callable[[Scope], None]] = field(default_factory=list)
    events: EventLog = field(default_factory=EventLog)  # the adapters publish into it
    webhooks: Webhooks = field(default_factory=Webhooks)
    # called after the clock was moved (what fell due on it happens then: renewals ...)
    time_listeners: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.baseline_tenants:
            self.baseline_tenants = {vendor: copy.deepcopy(directory.tenants)
                                     for vendor, directory in self.directories.items()}
        self.events.subscribers.append(self.webhooks.deliver)
        self.reset_listeners.append(self._forget_events)

    def _forget_events(self, scope: Scope) -> None:
        """A reset forgets the scope's events and stops their pending deliveries; a full reset
        also removes the webhooks (each test registers its own)."""
        self.events.forget(scope.vendor, scope.tenant)
        if scope.vendor is None:
            self.webhooks.clear()
        else:
            self.webhooks.forget(scope.vendor, scope.tenant)

    def time_moved(self) -> None:
        for listener in self.time_listeners:
            listener()

    @property
    def vendors(self) -> list[str]:
        return list(self.apis)
