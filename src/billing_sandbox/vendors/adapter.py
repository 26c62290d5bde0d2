"""What a vendor adapter provides to the app: its profile, its handlers, its fixture loader;
and what the app provides to the adapters (Services, among them where events go)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from billing_sandbox.core.clock import Clock
from billing_sandbox.core.repository import Repository
from billing_sandbox.engine.http.profile import Tenant, TenantDirectory, VendorProfile
from billing_sandbox.engine.http.registry import HandlerRegistry
from billing_sandbox.engine.observe.events import EventSink, VendorEvent, discard_events
from billing_sandbox.engine.resources.changes import ChangeEvents
from billing_sandbox.engine.resources.entropy import random_source
from billing_sandbox.engine.resources.seeding import RecordError
from billing_sandbox.engine.resources.storage import ShelfFactory

__all__ = ["RecordError", "Services", "VendorAdapter"]


@dataclass
class Services:
    """What handlers may use: the store (namespaced by vendor/tenant), the clock, the seed of
    minted ids (None: random), and where the events of committed calls go."""

    store: Any
    clock: Clock
    seed: str | None = None
    publish: EventSink = discard_events
    # the events published so far for (vendor, tenant), oldest first (an events API reads them)
    published: Callable[[str, str], list[VendorEvent]] = lambda vendor, tenant: []

    def namespace(self, vendor: str, tenant: str) -> str:
        return f"{vendor}/{tenant}"

    def random_bytes(self, repo: Repository, namespace: str) -> Callable[[int], bytes]:
        return random_source(self.seed, repo, namespace)


@dataclass(frozen=True)
class VendorAdapter:
    name: str
    profile: Callable[[TenantDirectory], VendorProfile]
    register: Callable[[HandlerRegistry, Services], None]
    # load one tenant's fixture records into the store; raises RecordError
    load_records: Callable[[Services, str, dict[str, list[dict]]], None]
    record_kinds: tuple[str, ...] = ()
    # what a client sends, as a tenant, for each security scheme (the user name of an HTTP
    # Basic one): the docs pages authorize with it and the home page shows it
    credentials: Callable[[Tenant], dict[str, str]] | None = None
    # resources of the vendor's document kept as the adapter's own records (its ledger's),
    # by resource name: the inferred operations read and write them through these shelves
    shelves: dict[str, ShelfFactory] = field(default_factory=dict)
    # the vendor's events of a change an inferred operation made (None: the engine's)
    resource_events: ChangeEvents | None = None
    # brings one tenant's records up to the sandbox clock (what fell due: renewals ...);
    # run when the clock is moved and before each of the vendor's calls
    on_time: Callable[[Services, str], None] | None = None
