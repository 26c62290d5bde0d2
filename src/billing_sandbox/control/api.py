"""The control plane as the engine serves it: its document, its handlers, its guard."""

from __future__ import annotations

from billing_sandbox.engine.documents.vendors import load_vendor
from billing_sandbox.engine.http.api import VendorApi
from billing_sandbox.engine.http.pipeline import Mount
from billing_sandbox.engine.http.registry import HandlerRegistry
from billing_sandbox.engine.observe.monitor import ContractMonitor
from billing_sandbox.engine.schema.model import model_for
from billing_sandbox.shipped import CONTROL_SPEC

from . import clock, events, faults, observation, state
from .plane import ControlPlane
from .profile import ControlProfile, access_guard

NAME = "_sandbox"


def control_mount(plane: ControlPlane, registry: HandlerRegistry, monitor: ContractMonitor,
                  admin_token: str | None) -> Mount:
    spec = load_vendor(CONTROL_SPEC)
    spec.name = NAME
    for operation in spec.operations:
        operation.vendor = NAME
    state.register(registry, plane, NAME)
    clock.register(registry, plane.clock, NAME, moved=plane.time_moved)
    faults.register(registry, plane, NAME)
    observation.register(registry, plane, NAME)
    events.register(registry, plane, NAME)
    api = VendorApi(spec, ControlProfile(), registry, monitor, schemas=model_for(spec.document))
    base = spec.base_paths[0]
    return Mount(base, api, observed=False, guard=access_guard(admin_token))
